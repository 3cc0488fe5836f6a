package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.workers.ca.RollbackRevocations;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Compensation: frees the holder's slot of a rolled-back issuance (the credential ends ABANDONED), and revokes
 * any certificate still on record for it — one whose issuing step was cancelled mid-way is never compensated
 * by the model, because only completed steps are. After ABANDONED no new certificate can be recorded.
 */
@Component
@ExternalTaskTopic(value = Topics.RELEASE_SLOT, lane = WorkerLane.REGISTRY)
public class ReleaseSlotWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final RollbackRevocations revocations;

    public ReleaseSlotWorker(CredentialRegistry registry, RollbackRevocations revocations) {
        this.registry = registry;
        this.revocations = revocations;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        String applicationId = task.applicationId();
        registry.credential(applicationId)
                .filter(c -> c.state() == CredentialState.RESERVED || c.state() == CredentialState.PERSONALIZING)
                .ifPresent(c -> registry.moveTo(applicationId, CredentialState.ABANDONED, "issuance rolled back"));
        if (registry.credential(applicationId).map(c -> c.state() == CredentialState.ABANDONED).orElse(false)) {
            revocations.revokeAllIssued(applicationId);
        }
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "release the holder's credential slot";
    }

    @Override
    protected String retryEffect() {
        return "retrying releases the slot if it is still held and revokes (once) what is still on record";
    }
}
