package org.mjpki.workers.se;

import org.mjpki.registry.UnknownCredentialSetException;
import org.mjpki.processes.CaseVariables;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Has the applet generate one RSA-2048 key pair on the SE and records its public half. Exactly once: a
 * retry finds the key already on the applet (or on record) and reads it instead of generating a second.
 */
@Component
@ExternalTaskTopic(value = Topics.GENERATE_KEY_PAIR, lockDuration = 120_000, lane = WorkerLane.PHONE, variables = CaseVariables.KEY_ROLE)
public class GenerateKeyPairWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final AppletScripts applets;

    public GenerateKeyPairWorker(CredentialRegistry registry, AppletScripts applets) {
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
        if (registry.key(setId, role).isPresent()) {
            return Map.of();
        }
        org.mjpki.applet.client.AppletKey appletRole = AppletRoles.of(role);
        RSAPublicKey publicKey = applets.run(applicationId, credential.seId(), "generate the " + role + " key pair",
                (applet, issuer) -> applet.status().keyPresent(appletRole)
                        ? applet.readPublicKey(appletRole)
                        : issuer.get().generateKeyPair(appletRole));
        registry.recordPublicKey(setId, role, publicKey.getEncoded());
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "generate the " + task.keyRole() + " key pair on the phone's secure element";
    }

    @Override
    protected String retryEffect() {
        return "retrying reads a key pair already generated instead of making a second";
    }
}
