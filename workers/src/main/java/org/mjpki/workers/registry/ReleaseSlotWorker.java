package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.ca.RevocationReason;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.workers.ca.CertificateRevocations;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Compensation: frees the holder's slot of a rolled-back issuance (the set ends ABANDONED), and revokes any certificate
 * still on record for it — one whose issuing step was cancelled mid-way (or sat in a personalization that timed out) is
 * never compensated by the model, because only completed steps are. After ABANDONED no new certificate can be recorded.
 */
@Component
@ExternalTaskTopic(value = Topics.RELEASE_SLOT, lane = WorkerLane.REGISTRY)
public class ReleaseSlotWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;
    private final CertificateRevocations revocations;

    public ReleaseSlotWorker(CredentialRegistry registry, CaseSets sets, CertificateRevocations revocations) {
        this.registry = registry;
        this.sets = sets;
        this.revocations = revocations;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.find(task).orElse(null);
        if (set == null) {
            return Map.of(); // the slot was never reserved
        }
        if (set.state() == CredentialState.RESERVED || set.state() == CredentialState.PERSONALIZING) {
            set = registry.moveTo(set.credentialSetId(), CredentialState.ABANDONED, CaseSets.undo(task, "issuance rolled back"));
        }
        if (set.state() == CredentialState.ABANDONED) {
            revocations.revokeAllIssued(task.caseId(), set.credentialSetId(), RevocationReason.CESSATION_OF_OPERATION);
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "release the holder's credential slot";
    }

    @Override
    protected String retryEffect() {
        return "retrying releases the slot if it is still held and revokes (once) what is still on record";
    }
}
