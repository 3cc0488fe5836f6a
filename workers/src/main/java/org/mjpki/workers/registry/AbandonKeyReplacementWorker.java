package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/** Drops the case's replacement key of a re-issue that failed before the applet took it; another case's stays. */
@Component
@ExternalTaskTopic(value = Topics.ABANDON_KEY_REPLACEMENT, lane = WorkerLane.REGISTRY,
        variables = {CaseVariables.CREDENTIAL_SET_ID, CaseVariables.KEY_ROLE})
public class AbandonKeyReplacementWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public AbandonKeyReplacementWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        registry.abandonReplacement(sets.of(task).credentialSetId(), task.keyRole(), task.caseId());
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "drop the unfinished " + task.keyRole() + " replacement";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds nothing left to drop";
    }
}
