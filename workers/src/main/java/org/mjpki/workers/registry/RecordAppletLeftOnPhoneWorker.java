package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Records that the remote delete of a revoked set's applet did not complete within the period: the phone never came
 * back. Its keys cannot be read out of the SE, and they are overwritten when someone issues on that phone (seed 004),
 * so nothing waits for it any longer. An applet that was deleted meanwhile stays recorded as deleted.
 */
@Component
@ExternalTaskTopic(value = Topics.RECORD_APPLET_LEFT_ON_PHONE, lane = WorkerLane.REGISTRY, variables = CaseVariables.CREDENTIAL_SET_ID)
public class RecordAppletLeftOnPhoneWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public RecordAppletLeftOnPhoneWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.of(task);
        if (set.appletState() == AppletState.DELETE_PENDING || set.appletState() == AppletState.INSTALLED) {
            registry.recordAppletState(set.credentialSetId(), AppletState.LEFT_ON_PHONE,
                    CaseSets.cause(task, "applet left on the phone: it did not come back within the delete period"));
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "record the applet as left on the phone";
    }

    @Override
    protected String retryEffect() {
        return "retrying records the same state again, once";
    }
}
