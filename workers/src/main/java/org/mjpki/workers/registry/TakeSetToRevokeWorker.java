package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Errors;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialRegistry.RevocationClaim;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Takes the case's set ({@code credentialSetId}) to revoke it, so that of two cases ending one set — a hold whose
 * period ran out, a device change from a new phone, the holder's own revocation — only one goes on. The same case
 * again is told yes.
 */
@Component
@ExternalTaskTopic(value = Topics.TAKE_SET_TO_REVOKE, lane = WorkerLane.REGISTRY, variables = CaseVariables.CREDENTIAL_SET_ID)
public class TakeSetToRevokeWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public TakeSetToRevokeWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String setId = sets.of(task).credentialSetId();
        RevocationClaim claim = registry.claimForRevocation(setId, task.caseId());
        if (claim != RevocationClaim.CLAIMED) {
            throw new BusinessOutcome(Errors.SET_ALREADY_BEING_REVOKED, "Credential set " + setId + " is not revoked by "
                    + task.caseId() + ": " + (claim == RevocationClaim.ALREADY_BEING_REVOKED
                            ? "another case is already revoking it" : "it is " + claim.name().toLowerCase().replace('_', ' ')));
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "take the credential set to revoke it";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the set already taken for this case";
    }
}
