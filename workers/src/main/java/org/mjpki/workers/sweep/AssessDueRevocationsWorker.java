package org.mjpki.workers.sweep;

import java.util.Map;
import org.mjpki.linked.LinkedRevocations;
import org.mjpki.processes.Topics;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Variables;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/** R4: fixes dueBefore for the sweep and counts what is past the grace period against all live sets (the valve). */
@Component
@ExternalTaskTopic(value = Topics.ASSESS_DUE_REVOCATIONS, lockDuration = 300_000, lane = WorkerLane.REGISTRY)
public class AssessDueRevocationsWorker extends MjpkiWorker {

    private final LinkedRevocations sweep;

    public AssessDueRevocationsWorker(LinkedRevocations sweep) {
        this.sweep = sweep;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        LinkedRevocations.Assessment due = sweep.assess();
        return Map.of(Variables.DUE_BEFORE, due.dueBefore().toString(), Variables.DUE_CERTIFICATES, due.dueFindings(),
                Variables.DUE_SETS, due.dueSets(), Variables.LIVE_SETS, due.liveSets(),
                Variables.VALVE_TRIPPED, due.valveTripped());
    }

    @Override
    protected String step(LifecycleTask task) {
        return "count the revocations past the grace period";
    }

    @Override
    protected String retryEffect() {
        return "retrying counts again from now";
    }
}
