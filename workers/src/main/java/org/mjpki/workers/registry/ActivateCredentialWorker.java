package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.registry.CredentialSet;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.registry.UnknownCredentialSetException;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Activates the link: the set is ACTIVE once both certificates are issued and on the phone. It becomes ACTIVE
 * together with what the device eligibility decision said about biometrics on this phone's model (R7), so that
 * the registry can tell the holder's app whether biometrics may stand in for the user-auth PIN.
 */
@Component
@ExternalTaskTopic(value = Topics.ACTIVATE_CREDENTIAL, lane = WorkerLane.REGISTRY, variables = Variables.BIOMETRICS_ALLOWED)
public class ActivateCredentialWorker extends MjpkiWorker {

    private final CredentialRegistry registry;

    public ActivateCredentialWorker(CredentialRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String applicationId = task.caseId();
        CredentialSet credential = registry.setOfApplication(applicationId)
                .orElseThrow(() -> new UnknownCredentialSetException("of application " + applicationId));
        String setId = credential.credentialSetId();
        for (KeyRole role : KeyRole.values()) {
            if (registry.key(setId, role).flatMap(k -> k.issuedCertificate()).isEmpty()) {
                throw new IllegalStateException("no " + role + " certificate on record");
            }
        }
        registry.recordBiometricsAllowed(setId, biometricsAllowed(task));
        registry.moveTo(setId, CredentialState.ACTIVE, CaseSets.cause(task, "issuance completed"));
        return Map.of();
    }

    /** The decision's output; its absence is a model error, never read as "allowed". */
    private static boolean biometricsAllowed(LifecycleTask task) {
        if (!(task.raw().getVariable(Variables.BIOMETRICS_ALLOWED) instanceof Boolean allowed)) {
            throw new IllegalStateException("no " + Variables.BIOMETRICS_ALLOWED + " from the device eligibility decision");
        }
        return allowed;
    }

    @Override
    protected String step(LifecycleTask task) {
        return "activate the smartphone credential";
    }

    @Override
    protected String retryEffect() {
        return "retrying activates it if it is not active yet";
    }
}
