package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Errors;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialRegistry.HoldDecision;
import org.mjpki.lifecycle.Actor;
import org.mjpki.registry.Cause;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Makes the held set ACTIVE again once its certificates are usable again; the holder released it with the card. A set
 * some other case took for revocation meanwhile stays on hold and is revoked by that case.
 */
@Component
@ExternalTaskTopic(value = Topics.RELEASE_SET_HOLD, lane = WorkerLane.REGISTRY, variables = CaseVariables.CREDENTIAL_SET_ID)
public class ReleaseSetHoldWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public ReleaseSetHoldWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String setId = sets.of(task).credentialSetId();
        HoldDecision decision = registry.releaseHold(setId, Cause.of(Actor.HOLDER, task.caseId(), "hold released with the card"));
        if (decision != HoldDecision.DONE) {
            throw new BusinessOutcome(Errors.SET_NOT_RELEASABLE, "The hold of credential set " + setId + " was not released: "
                    + decision.name().toLowerCase().replace('_', ' '));
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "record the credential set active again";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the set already released by this case";
    }
}
