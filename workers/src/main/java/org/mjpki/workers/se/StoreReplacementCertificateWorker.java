package org.mjpki.workers.se;

import java.util.Arrays;
import java.util.Map;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialKeyReplacement;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Stores the replacement's certificate in the applet, which in one transaction swaps in the new key and certificate and
 * erases the old key. A retry finds the new certificate already on the applet and stores nothing.
 */
@Component
@ExternalTaskTopic(value = Topics.STORE_REPLACEMENT_CERTIFICATE, lockDuration = 120_000, lane = WorkerLane.PHONE,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.CREDENTIAL_SET_ID})
public class StoreReplacementCertificateWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;
    private final AppletScripts applets;

    public StoreReplacementCertificateWorker(CredentialRegistry registry, CaseSets sets, AppletScripts applets) {
        this.registry = registry;
        this.sets = sets;
        this.applets = applets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.of(task);
        KeyRole role = task.keyRole();
        byte[] certificate = registry.replacement(set.credentialSetId(), role)
                .filter(r -> r.caseId().equals(task.caseId()))
                .flatMap(CredentialKeyReplacement::issuedCertificate)
                // completed by an earlier attempt: the key on record is the new one
                .or(() -> registry.key(set.credentialSetId(), role).filter(k -> k.replacesSerial() != null)
                        .flatMap(CredentialKey::issuedCertificate))
                .orElseThrow(() -> new IllegalStateException("no " + role + " replacement certificate of this case on record"));
        AppletKey appletRole = AppletRoles.of(role);
        applets.run(task.caseId(), set.seId(), "store the replacement " + role + " certificate", (applet, issuer) -> {
            if (!Arrays.equals(applet.readCertificate(appletRole), certificate)) {
                issuer.get().storeReplacementCertificate(appletRole, certificate);
            }
            return null;
        });
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "store the replacement " + task.keyRole() + " certificate on the phone";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the new certificate already on the applet and does not store it twice";
    }
}
