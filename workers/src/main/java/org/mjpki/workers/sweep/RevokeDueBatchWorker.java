package org.mjpki.workers.sweep;

import java.time.Instant;
import java.util.HashMap;
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
 * R4: revokes one keyset page of the due findings after the checkpoint, through the CA and the registry. The sweep's
 * totals are counted from the ledger (what this sweep closed), not added up per batch, so a batch retried after a
 * crash counts nothing twice and misses nothing.
 */
@Component
@ExternalTaskTopic(value = Topics.REVOKE_DUE_BATCH, lockDuration = 300_000, lane = WorkerLane.CA,
        variables = {Variables.DUE_BEFORE, Variables.CHECKPOINT})
public class RevokeDueBatchWorker extends MjpkiWorker {

    private final LinkedRevocations sweep;

    public RevokeDueBatchWorker(LinkedRevocations sweep) {
        this.sweep = sweep;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String sweepId = task.caseId();
        Instant dueBefore = task.instant(Variables.DUE_BEFORE);
        LinkedRevocations.BatchResult batch = sweep.revokeBatch(sweepId, dueBefore,
                task.optionalString(Variables.CHECKPOINT).orElse(""));
        LinkedRevocations.Totals totals = sweep.totals(sweepId);
        Map<String, Object> out = new HashMap<>();
        out.put(Variables.CHECKPOINT, batch.checkpoint());
        out.put(Variables.MORE_DUE, batch.more());
        out.put(Variables.REVOKED, totals.revoked());
        out.put(Variables.SETS_ENDED, totals.setsEnded());
        out.put(Variables.DELETES_PENDING, totals.deletesPending());
        return out;
    }

    @Override
    protected String step(LifecycleTask task) {
        return "revoke the next batch of linked revocations";
    }

    @Override
    protected String retryEffect() {
        return "retrying revokes the same batch again: what was revoked is found revoked, nothing twice";
    }
}
