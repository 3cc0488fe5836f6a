package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Records the case's credential set REVOKED once the CA revoked both certificates: the holder's slot is free again (R2),
 * and the audit row names who caused it, the case and the reason. A set that already ended (revoked by another case,
 * expired) stays as it is.
 */
@Component
@ExternalTaskTopic(value = Topics.REVOKE_CREDENTIAL_SET, lane = WorkerLane.REGISTRY,
        variables = {CaseVariables.CREDENTIAL_SET_ID, CaseVariables.REVOCATION_REASON, CaseVariables.ACTOR})
public class RevokeCredentialSetWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public RevokeCredentialSetWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.of(task);
        if (set.state().isLive()) {
            registry.moveTo(set.credentialSetId(), CredentialState.REVOKED,
                    CaseSets.cause(task, "revoked: " + task.string(CaseVariables.REVOCATION_REASON)));
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "record the credential set revoked in the registry";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the set already revoked and changes nothing";
    }
}
