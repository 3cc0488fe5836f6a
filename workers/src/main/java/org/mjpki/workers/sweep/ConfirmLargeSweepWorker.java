package org.mjpki.workers.sweep;

import java.util.Map;
import org.mjpki.linked.LinkedRevocations;
import org.mjpki.processes.Topics;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Decisions;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Errors;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Variables;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.mjpki.workers.support.OperatorDecisionNeeded;
import org.springframework.stereotype.Component;

/**
 * R4's safety valve: a wrong card feed must never wipe the country's phones. Until an operator decides, the task is an
 * incident that says how much would be revoked; {@code sweepDecision} REVOKE goes on, CANCEL ends the sweep with nothing
 * revoked. Anything else is asked again.
 */
@Component
@ExternalTaskTopic(value = Topics.CONFIRM_LARGE_SWEEP, lane = WorkerLane.REGISTRY, variables = {Variables.SWEEP_DECISION,
        Variables.DUE_CERTIFICATES, Variables.DUE_SETS, Variables.LIVE_SETS})
public class ConfirmLargeSweepWorker extends MjpkiWorker {

    private final LinkedRevocations sweep;

    public ConfirmLargeSweepWorker(LinkedRevocations sweep) {
        this.sweep = sweep;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String decision = task.optionalString(Variables.SWEEP_DECISION).orElse(null);
        if (Decisions.REVOKE.equals(decision)) {
            return Map.of();
        }
        if (Decisions.CANCEL.equals(decision)) {
            throw new BusinessOutcome(Errors.SWEEP_CANCELLED, "an operator cancelled the sweep at the safety valve");
        }
        long dueSets = number(task, Variables.DUE_SETS);
        long liveSets = number(task, Variables.LIVE_SETS);
        String share = liveSets == 0 ? "all" : String.format(java.util.Locale.ROOT, "%.2f %%", 100.0 * dueSets / liveSets);
        throw new OperatorDecisionNeeded("safety valve: this sweep would revoke " + number(task, Variables.DUE_CERTIFICATES)
                + " phone certificates of " + dueSets + " sets, " + share + " of the " + liveSets + " live sets (more than "
                + String.format(java.util.Locale.ROOT, "%.2f %%", 100 * sweep.policy().valveShare())
                + " allowed). Nothing is revoked yet. Check the card feed, then set the variable " + Variables.SWEEP_DECISION
                + " to " + Decisions.REVOKE + " or " + Decisions.CANCEL + " on this instance and retry"
                + (decision == null ? "" : " (it is '" + cutDecision(decision) + "', neither)") + ".");
    }

    private static long number(LifecycleTask task, String name) {
        Object value = task.raw().getVariable(name);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String cutDecision(String decision) {
        return decision.length() > 20 ? decision.substring(0, 20) + "..." : decision;
    }

    @Override
    protected String step(LifecycleTask task) {
        return "have an operator confirm the large sweep";
    }

    @Override
    protected String retryEffect() {
        return "retrying reads sweepDecision again";
    }
}
