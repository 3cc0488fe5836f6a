package org.mjpki.webapp.linked;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Decisions;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Elements;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Variables;
import org.mjpki.webapp.revocation.RevocationRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The operator's side of the linked-revocation sweep: ask for one now (or a dry run), see where one stands with its
 * counts, and answer the safety valve, the same as setting {@code sweepDecision} in Cockpit and retrying the incident.
 */
@Service
public class LinkedRevocationSweeps {

    private static final Pattern SWEEP_ID = Pattern.compile("sweep-[0-9a-f-]{36}");
    private static final List<String> COUNTS = List.of(Variables.LINKS_CHECKED, Variables.NEWLY_FOUND, Variables.DUE_CERTIFICATES,
            Variables.DUE_SETS, Variables.LIVE_SETS, Variables.REVOKED, Variables.SETS_ENDED, Variables.DELETES_PENDING);

    /**
     * @param stage RUNNING, AWAITING_OPERATOR (the safety valve), FINISHED, DRY_RUN_REPORTED, NOTHING_DUE or CANCELLED
     */
    public record SweepStatus(String sweepId, String stage, boolean dryRun, String dueBefore, Map<String, Long> counts) {}

    private final RuntimeService runtime;
    private final HistoryService history;
    private final ExternalTaskService externalTasks;

    public LinkedRevocationSweeps(RuntimeService runtime, HistoryService history, ExternalTaskService externalTasks) {
        this.runtime = runtime;
        this.history = history;
        this.externalTasks = externalTasks;
    }

    public SweepStatus request(boolean dryRun) {
        ProcessInstance started = runtime.createMessageCorrelation(LinkedRevocationSweepProcess.Messages.SWEEP_REQUESTED)
                .setVariable(Variables.DRY_RUN, dryRun)
                .correlateStartMessage();
        return status("sweep-" + started.getId());
    }

    public SweepStatus status(String sweepId) {
        HistoricProcessInstance sweep = find(sweepId);
        Map<String, Object> variables = new LinkedHashMap<>();
        for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(sweep.getId()).list()) {
            variables.put(v.getName(), v.getValue());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : COUNTS) {
            if (variables.get(name) instanceof Number n) {
                counts.put(name, n.longValue());
            }
        }
        return new SweepStatus(sweepId, stage(sweep), Boolean.TRUE.equals(variables.get(Variables.DRY_RUN)),
                variables.get(Variables.DUE_BEFORE) instanceof String s ? s : null, counts);
    }

    /** The safety valve's answer: REVOKE goes on, CANCEL ends the sweep with nothing revoked. */
    public SweepStatus decide(String sweepId, String decision) {
        if (!Decisions.REVOKE.equals(decision) && !Decisions.CANCEL.equals(decision)) {
            throw new RevocationRefusedException(HttpStatus.BAD_REQUEST, "invalid_request", "decision must be REVOKE or CANCEL");
        }
        HistoricProcessInstance sweep = find(sweepId);
        ExternalTask waiting = valveTask(sweep.getId());
        if (waiting == null) {
            throw new RevocationRefusedException(HttpStatus.CONFLICT, "not_awaiting_decision",
                    "the sweep is not waiting at the safety valve");
        }
        runtime.setVariable(sweep.getId(), Variables.SWEEP_DECISION, decision);
        // resolves the incident: the worker fetches the task again and reads the decision
        externalTasks.setRetries(waiting.getId(), 1);
        return status(sweepId);
    }

    private HistoricProcessInstance find(String sweepId) {
        if (sweepId == null || !SWEEP_ID.matcher(sweepId).matches()) {
            throw new RevocationRefusedException(HttpStatus.NOT_FOUND, "not_found", "no such sweep");
        }
        HistoricProcessInstance sweep = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(LinkedRevocationSweepProcess.PROCESS_KEY).processInstanceBusinessKey(sweepId).singleResult();
        if (sweep == null) {
            throw new RevocationRefusedException(HttpStatus.NOT_FOUND, "not_found", "no such sweep");
        }
        return sweep;
    }

    private ExternalTask valveTask(String processInstanceId) {
        return externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId)
                .activityId(Elements.TASK_CONFIRM_LARGE_SWEEP).singleResult();
    }

    private String stage(HistoricProcessInstance sweep) {
        if (sweep.getEndTime() == null) {
            ExternalTask valve = valveTask(sweep.getId());
            return valve != null && valve.getRetries() != null && valve.getRetries() == 0 ? "AWAITING_OPERATOR" : "RUNNING";
        }
        List<HistoricActivityInstance> ends = history.createHistoricActivityInstanceQuery().processInstanceId(sweep.getId())
                .activityType("noneEndEvent").list();
        String end = ends.isEmpty() ? "" : ends.get(0).getActivityId();
        return switch (end) {
            case Elements.END_EVENT_SWEEP_FINISHED -> "FINISHED";
            case Elements.END_EVENT_DRY_RUN_REPORTED -> "DRY_RUN_REPORTED";
            case Elements.END_EVENT_NOTHING_DUE -> "NOTHING_DUE";
            case Elements.END_EVENT_SWEEP_CANCELLED -> "CANCELLED";
            default -> "ENDED";
        };
    }
}
