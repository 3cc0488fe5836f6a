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

/**
 * The applet holds the replacement key and its certificate: the registry follows, keeps the replaced serial as lineage
 * and writes the audit row (aspect KEY, REISSUED).
 */
@Component
@ExternalTaskTopic(value = Topics.COMPLETE_KEY_REPLACEMENT, lane = WorkerLane.REGISTRY,
        variables = {CaseVariables.CREDENTIAL_SET_ID, CaseVariables.KEY_ROLE, CaseVariables.ACTOR})
public class CompleteKeyReplacementWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public CompleteKeyReplacementWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        registry.completeReplacement(sets.of(task).credentialSetId(), task.keyRole(),
                CaseSets.cause(task, task.keyRole() + " certificate re-issued"));
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "record the re-issued " + task.keyRole() + " key";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the replacement already recorded";
    }
}
