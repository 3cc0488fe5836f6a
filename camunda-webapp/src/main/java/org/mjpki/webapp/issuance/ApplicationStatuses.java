package org.mjpki.webapp.issuance;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.mjpki.processes.devicechange.DeviceChangeProcess;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.issuance.IssuanceProcess.Elements;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneApplication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where an application stands, in the holder's terms: read from its issuance, or from its device change until that
 * has called issuance, and completed from the registry (the set made, the set replaced, or the set that is in the way).
 */
@Service
public class ApplicationStatuses {

    private final CredentialRegistry registry;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final ExistingSets existingSets;
    private final org.camunda.bpm.engine.ExternalTaskService externalTasks;

    public ApplicationStatuses(CredentialRegistry registry, RuntimeService runtime, HistoryService history,
                               ExistingSets existingSets, org.camunda.bpm.engine.ExternalTaskService externalTasks) {
        this.existingSets = existingSets;
        this.externalTasks = externalTasks;
        this.registry = registry;
        this.runtime = runtime;
        this.history = history;
    }

    /**
     * Where the application stands. Its issuance says it once there is one (a device change calls issuance with the
     * same business key); before that, a device change says it (checking, revoking the old set, or why it stopped).
     * One read-only transaction for all its engine and registry queries (up to eight): an app waiting on its status
     * reads it again after every step its application reaches, so each transaction more is one more per step.
     */
    @Transactional(readOnly = true)
    public ApplicationStatus status(String applicationId) {
        ApplicationStatus status = statusFrom(ISSUANCE, applicationId);
        if (status == null) {
            status = statusFrom(DEVICE_CHANGE, applicationId);
        }
        if (status == null) {
            throw new ApplicationNotFoundException(applicationId);
        }
        return finalDetails(applicationId, status);
    }

    /** A process an application's status is read from, and how its steps and end events read for the holder. */
    private record StatusSource(String processKey, Map<String, String[]> outcomes, RunningStage running,
                                java.util.function.BiFunction<String, String, ApplicationStatus> ended) {}

    @FunctionalInterface
    private interface RunningStage {
        ApplicationStatus at(String applicationId, java.util.Collection<String> activeIds, boolean delayed);
    }

    private static final StatusSource ISSUANCE = new StatusSource(IssuanceProcess.PROCESS_KEY, IssuanceStages.OUTCOMES,
            IssuanceStages::running, IssuanceStages::ended);
    private static final StatusSource DEVICE_CHANGE = new StatusSource(DeviceChangeProcess.PROCESS_KEY,
            DeviceChangeStages.OUTCOMES, DeviceChangeStages::running, DeviceChangeStages::ended);

    /** The status as {@code source}'s instance for this application tells it, or null when there is none. */
    private ApplicationStatus statusFrom(StatusSource source, String applicationId) {
        ProcessInstance running = runtime.createProcessInstanceQuery()
                .processDefinitionKey(source.processKey()).processInstanceBusinessKey(applicationId).singleResult();
        List<String> active = running == null ? null : activeActivityIds(running.getId());
        if (active != null) {
            return source.running().at(applicationId, active, delayed(running.getId()));
        }
        HistoricProcessInstance ended = lastEnded(source.processKey(), applicationId);
        return ended == null ? null : source.ended().apply(applicationId, endEventOf(ended, source.outcomes()));
    }

    /**
     * Held up: an incident an operator resolves, or a step waiting for the JPKI system (the CA away: it goes on by
     * itself when it is back, issue 16). Either way the holder is told the application is delayed.
     */
    private boolean delayed(String processInstanceId) {
        return runtime.createIncidentQuery().processInstanceId(processInstanceId).count() > 0
                || externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId).list().stream()
                        .anyMatch(t -> t.getErrorMessage() != null
                                && t.getErrorMessage().startsWith(org.mjpki.workers.support.MjpkiWorker.WAITING_FOR_THE_JPKI_SYSTEM));
    }

    private HistoricProcessInstance lastEnded(String processKey, String applicationId) {
        return history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(processKey).processInstanceBusinessKey(applicationId)
                .finished().orderByProcessInstanceEndTime().desc().listPage(0, 1).stream().findFirst().orElse(null);
    }

    /**
     * What an outcome adds from the registry: the set made (COMPLETED), the set it replaced (a device change), or the
     * holder's live set on another phone, masked, when that is why it was refused.
     */
    private ApplicationStatus finalDetails(String applicationId, ApplicationStatus status) {
        if (!status.finished()) {
            return status;
        }
        if (IssuanceStages.ALREADY_ISSUED.equals(status.reason())) {
            return existingSetOf(applicationId)
                    .map(existing -> status.withExistingSet(existing, "APPLY_WITH_CONSENT_TO_REVOKE_EXISTING_SET"))
                    .orElse(status);
        }
        return registry.setOfApplication(applicationId).map(set -> {
            ApplicationStatus withLineage = set.replacesSetId() == null ? status : status.replacing(set.replacesSetId());
            return "COMPLETED".equals(status.stage())
                    ? withLineage.withSet(set.biometricsAllowed(), set.credentialSetId()) : withLineage;
        }).orElse(status);
    }

    /** The holder's live set, masked to what the holder may be shown: the phone and the day. */
    private java.util.Optional<ApplicationStatus.ExistingSet> existingSetOf(String applicationId) {
        return registry.application(applicationId).map(SmartphoneApplication::holderRef)
                .flatMap(registry::liveSetOf)
                .map(existingSets::describe)
                .map(d -> new ApplicationStatus.ExistingSet(d.deviceManufacturer(), d.deviceModel(), d.issuedOn()));
    }

    /**
     * The activities the instance is in (every level of its activity tree, and async continuations not yet taken), or
     * null when it ended since it was found (it then is in the history). The activity-instance tree, not
     * {@code getActiveActivityIds}: that throws for an instance that just ended, and the engine logs every such throw
     * at ERROR (ENGINE-16004) even when the caller expects it.
     */
    List<String> activeActivityIds(String processInstanceId) {
        ActivityInstance tree = runtime.getActivityInstance(processInstanceId);
        if (tree == null) {
            return null;
        }
        java.util.Set<String> active = new java.util.LinkedHashSet<>();
        collect(tree, active);
        active.remove(tree.getActivityId()); // the process definition itself
        return active.isEmpty() ? null : List.copyOf(active);
    }

    private static void collect(ActivityInstance instance, java.util.Set<String> into) {
        into.add(instance.getActivityId());
        for (TransitionInstance waiting : instance.getChildTransitionInstances()) {
            into.add(waiting.getActivityId());
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            collect(child, into);
        }
    }

    /**
     * The end event the instance reached. When it ends in an event sub-process (rollback, abandonment) the engine
     * records the sub-process ({@code SubProcess_RollBackIssuance}), not its end event, as the instance's end
     * activity, so the end events the holder's outcome table knows are looked up in the activity history.
     */
    private String endEventOf(HistoricProcessInstance ended, Map<String, String[]> outcomes) {
        String recorded = ended.getEndActivityId();
        List<String> reached = history.createHistoricActivityInstanceQuery().processInstanceId(ended.getId())
                .finished().list().stream()
                .map(HistoricActivityInstance::getActivityId).filter(outcomes::containsKey).toList();
        // an abandonment because the personalization timed out passes its own end event first: it says why
        if (reached.contains(Elements.END_EVENT_PERSONALIZATION_EXPIRED)) {
            return Elements.END_EVENT_PERSONALIZATION_EXPIRED;
        }
        if (recorded != null && outcomes.containsKey(recorded)) {
            return recorded;
        }
        return reached.stream().findFirst().orElse(recorded);
    }
}
