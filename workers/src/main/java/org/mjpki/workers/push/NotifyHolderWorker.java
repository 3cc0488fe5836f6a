package org.mjpki.workers.push;

import org.mjpki.processes.CaseVariables;
import java.util.Map;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneCredential;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Tells the holder's phone how the issuance ended: the set is issued (R18), or it was cancelled (rolled back or
 * abandoned), so the app never waits for a push that does not come. What to say is the task's local input
 * {@code kind}. Exactly once: the push is keyed by application and kind.
 */
@Component
@ExternalTaskTopic(value = Topics.NOTIFY_HOLDER, lane = WorkerLane.REGISTRY, variables = CaseVariables.NOTIFICATION_KIND)
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
        HolderNotification notification = kind(task);
        push.notify(applicationId + "/" + notification, credential.seId(), notification);
        return Map.of();
    }

    /** The task's {@code kind}; absent in instances started from a model before it had one, which only said "completed". */
    static HolderNotification kind(IssuanceTask task) {
        Object kind = task.raw().getVariable(CaseVariables.NOTIFICATION_KIND);
        if (kind == null) {
            return HolderNotification.ISSUANCE_COMPLETED;
        }
        try {
            return HolderNotification.valueOf(String.valueOf(kind));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task " + Topics.NOTIFY_HOLDER + " has unknown kind '" + kind + "'");
        }
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
