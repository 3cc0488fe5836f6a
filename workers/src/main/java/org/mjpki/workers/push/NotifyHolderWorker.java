package org.mjpki.workers.push;

import java.util.Map;
import org.mjpki.processes.issuance.IssuanceProcess.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneCredential;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.port.HolderNotification;
import org.mjpki.workers.port.PushService;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/** R18: tells the holder's phone that the set is issued. Exactly once: the push is keyed by application and kind. */
@Component
@ExternalTaskTopic(value = Topics.NOTIFY_HOLDER, lane = WorkerLane.REGISTRY)
public class NotifyHolderWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final PushService push;

    public NotifyHolderWorker(CredentialRegistry registry, PushService push) {
        this.registry = registry;
        this.push = push;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        String applicationId = task.applicationId();
        SmartphoneCredential credential = registry.credential(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        HolderNotification notification = HolderNotification.ISSUANCE_COMPLETED;
        push.notify(applicationId + "/" + notification, credential.seId(), notification);
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "notify the holder's phone";
    }

    @Override
    protected String retryEffect() {
        return "retrying sends with the same notification id, which the push service delivers once";
    }
}
