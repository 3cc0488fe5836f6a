package org.mjpki.workers.registry;

import java.util.Map;
import org.camunda.bpm.client.spring.annotation.ExternalTaskSubscription;
import org.mjpki.processes.issuance.IssuanceProcess.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/** Compensation: frees the holder's slot of a rolled-back issuance (the credential ends ABANDONED). */
@Component
@ExternalTaskSubscription(topicName = Topics.RELEASE_SLOT)
public class ReleaseSlotWorker extends MjpkiWorker {

    private final CredentialRegistry registry;

    public ReleaseSlotWorker(CredentialRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        String applicationId = task.applicationId();
        registry.credential(applicationId)
                .filter(c -> c.state() == CredentialState.RESERVED || c.state() == CredentialState.PERSONALIZING)
                .ifPresent(c -> registry.moveTo(applicationId, CredentialState.ABANDONED, "issuance rolled back"));
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "release the holder's credential slot";
    }

    @Override
    protected String retryEffect() {
        return "retrying releases the slot if it is still held";
    }
}
