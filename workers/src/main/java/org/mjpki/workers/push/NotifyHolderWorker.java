package org.mjpki.workers.push;

import org.mjpki.processes.CaseVariables;
import java.util.Map;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialSet;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Tells the holder's phone how the issuance ended: the set is issued (R18), or it was cancelled (rolled back or
 * abandoned), so the app never waits for a push that does not come. What to say is the task's local input
 * {@code kind}. Exactly once: the push is keyed by the case and the kind.
 */
@Component
@ExternalTaskTopic(value = Topics.NOTIFY_HOLDER, lane = WorkerLane.REGISTRY, variables = {CaseVariables.NOTIFICATION_KIND, CaseVariables.CREDENTIAL_SET_ID})
public class NotifyHolderWorker extends MjpkiWorker {

    private final CaseSets sets;
    private final PushService push;

    public NotifyHolderWorker(CaseSets sets, PushService push) {
        this.sets = sets;
        this.push = push;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.of(task);
        HolderNotification notification = kind(task);
        // keyed by the case and what it says: a later case (a revocation, a hold) tells the same phone again
        push.notify(task.caseId() + "/" + notification, set.seId(), notification);
        return Map.of();
    }

    /** The task's {@code kind}; absent in instances started from a model before it had one, which only said "completed". */
    static HolderNotification kind(LifecycleTask task) {
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
    protected String step(LifecycleTask task) {
        return "notify the holder's phone";
    }

    @Override
    protected String retryEffect() {
        return "retrying sends with the same notification id, which the push service delivers once";
    }
}
