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

/**
 * R4: the card-status feed records, set-wise, the live phone certificates whose card certificate is newly revoked.
 * Locked for ten minutes: at national scale the one statement joins tens of millions of links.
 */
@Component
@ExternalTaskTopic(value = Topics.DETECT_REVOKED_LINKS, lockDuration = 600_000, lane = WorkerLane.REGISTRY)
public class DetectRevokedLinksWorker extends MjpkiWorker {

    private final LinkedRevocations sweep;

    public DetectRevokedLinksWorker(LinkedRevocations sweep) {
        this.sweep = sweep;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        LinkedRevocations.Detection detection = sweep.detect();
        return Map.of(Variables.LINKS_CHECKED, detection.linksChecked(), Variables.NEWLY_FOUND, detection.newlyFound());
    }

    @Override
    protected String step(LifecycleTask task) {
        return "find phone certificates whose card certificate is revoked";
    }

    @Override
    protected String retryEffect() {
        return "retrying records only what is still not found (nothing twice)";
    }
}
