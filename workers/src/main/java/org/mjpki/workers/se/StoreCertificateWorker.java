package org.mjpki.workers.se;

import org.mjpki.registry.UnknownCredentialSetException;
import org.mjpki.processes.CaseVariables;
import java.util.Arrays;
import java.util.Map;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/** Stores an issued certificate in the applet over the secure channel; a retry finds it already there. */
@Component
@ExternalTaskTopic(value = Topics.STORE_CERTIFICATE, lockDuration = 120_000, lane = WorkerLane.PHONE, variables = CaseVariables.KEY_ROLE)
public class StoreCertificateWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final AppletScripts applets;

    public StoreCertificateWorker(CredentialRegistry registry, AppletScripts applets) {
        this.registry = registry;
        this.applets = applets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String applicationId = task.caseId();
        KeyRole role = task.keyRole();
        CredentialSet credential = registry.setOfApplication(applicationId)
                .orElseThrow(() -> new UnknownCredentialSetException("of application " + applicationId));
        String setId = credential.credentialSetId();
        byte[] certificate = registry.key(setId, role).flatMap(CredentialKey::issuedCertificate)
                .orElseThrow(() -> new IllegalStateException("no " + role + " certificate on record to store"));
        org.mjpki.applet.client.AppletKey appletRole = AppletRoles.of(role);
        applets.run(applicationId, credential.seId(), "store the " + role + " certificate", (applet, issuer) -> {
            if (!applet.status().certificatePresent(appletRole)) {
                issuer.get().storeCertificate(appletRole, certificate);
            } else if (!Arrays.equals(applet.readCertificate(appletRole), certificate)) {
                throw new IllegalStateException("the applet holds a different " + role + " certificate");
            }
            return null;
        });
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "store the " + task.keyRole() + " certificate on the phone";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds a certificate already stored and does not store it twice";
    }
}
