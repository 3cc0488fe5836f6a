package org.mjpki.webapp.issuance;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.jpki.SignedApplication;
import org.mjpki.processes.issuance.IssuanceProcess.Elements;
import org.mjpki.processes.issuance.IssuanceProcess.Messages;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.OperationCheckSignature;
import org.mjpki.registry.SmartphoneApplication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The app-facing side of issuance: receive an application and start its process, tell where it stands, and
 * pass on what the holder did on the phone. Only small facts go into the process; the signed document stays
 * in the registry.
 */
@Service
public class IssuanceApplications {

    private final CredentialRegistry registry;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final IssuanceProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IssuanceApplications(CredentialRegistry registry, RuntimeService runtime, HistoryService history,
                                IssuanceProperties properties, Clock clock) {
        this.registry = registry;
        this.runtime = runtime;
        this.history = history;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records the application and starts its issuance, both or neither (one transaction). The signature is
     * verified by the process (R1); here only the structure is checked, so malformed input changes nothing.
     */
    @Transactional
    public ApplicationStatus receive(byte[] signedApplication, String attestationToken) {
        ApplicationContent content = SignedApplication.parse(signedApplication).content();
        registry.recordApplication(new SmartphoneApplication(content.applicationId(), content.seId(), content.nonce(),
                content.expiresAt(), signedApplication, attestationToken, clock.instant()));
        Map<String, Object> variables = new HashMap<>();
        variables.put(Variables.APPLICATION_ID, content.applicationId());
        variables.put(Variables.SE_ID, content.seId());
        variables.put(Variables.DEVICE_MANUFACTURER, content.deviceManufacturer());
        variables.put(Variables.DEVICE_MODEL, content.deviceModel());
        variables.put(Variables.OS_VERSION, content.osVersion());
        variables.put(Variables.SE_TYPE, content.seType());
        variables.put(Variables.HOLDER_INPUT_TIMEOUT, properties.holderInputTimeout().toString());
        variables.put(Variables.PERSONALIZATION_TIMEOUT, properties.personalizationTimeout().toString());
        runtime.createProcessInstanceByKey(IssuanceProcess.PROCESS_KEY)
                .businessKey(content.applicationId())
                .setVariables(variables)
                .execute();
        return new ApplicationStatus(content.applicationId(), "RECEIVED", null, null, false);
    }

    public ApplicationStatus status(String applicationId) {
        ProcessInstance running = runtime.createProcessInstanceQuery()
                .processDefinitionKey(IssuanceProcess.PROCESS_KEY).processInstanceBusinessKey(applicationId).singleResult();
        List<String> active = running == null ? null : activeActivityIds(running.getId());
        if (active != null) {
            boolean delayed = runtime.createIncidentQuery().processInstanceId(running.getId()).count() > 0;
            return IssuanceStages.running(applicationId, active, delayed);
        }
        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(IssuanceProcess.PROCESS_KEY).processInstanceBusinessKey(applicationId)
                .finished().orderByProcessInstanceEndTime().desc().listPage(0, 1).stream().findFirst().orElse(null);
        if (ended == null) {
            throw new ApplicationNotFoundException(applicationId);
        }
        ApplicationStatus outcome = IssuanceStages.ended(applicationId, endEventOf(ended));
        if (!"COMPLETED".equals(outcome.stage())) {
            return outcome;
        }
        return registry.setOfApplication(applicationId)
                .map(set -> outcome.withSet(set.biometricsAllowed(), set.credentialSetId())).orElse(outcome);
    }

    /**
     * The activities the instance is in (every level of its activity tree, and async continuations not yet taken), or
     * null when it ended since it was found (it then is in the history). The activity-instance tree, not
     * {@code getActiveActivityIds}: that throws for an instance that just ended, and the engine logs every such throw
     * at ERROR (ENGINE-16004) even when the caller expects it.
     */
    private List<String> activeActivityIds(String processInstanceId) {
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
    private String endEventOf(HistoricProcessInstance ended) {
        String recorded = ended.getEndActivityId();
        List<String> reached = history.createHistoricActivityInstanceQuery().processInstanceId(ended.getId())
                .finished().list().stream()
                .map(HistoricActivityInstance::getActivityId).filter(IssuanceStages.OUTCOMES::containsKey).toList();
        // an abandonment because the personalization timed out passes its own end event first: it says why
        if (reached.contains(Elements.END_EVENT_PERSONALIZATION_EXPIRED)) {
            return Elements.END_EVENT_PERSONALIZATION_EXPIRED;
        }
        if (recorded != null && IssuanceStages.OUTCOMES.containsKey(recorded)) {
            return recorded;
        }
        return reached.stream().findFirst().orElse(recorded);
    }

    /** The app reports that the holder set the signing password and user-auth PIN in the applet. */
    public void holderSecretsSet(String applicationId) {
        correlate(applicationId, Messages.HOLDER_SECRETS_SET, Elements.TASK_AWAIT_HOLDER_SECRETS);
    }

    /** The server's challenge for the operation check; only while the process waits for it. */
    public byte[] operationChallenge(String applicationId) {
        requireWaitingAt(applicationId, Elements.TASK_AWAIT_OPERATION_CHECK);
        return registry.operationChallenge(applicationId, () -> {
            byte[] challenge = new byte[32];
            random.nextBytes(challenge);
            return challenge;
        });
    }

    /** Records the holder's operation check signatures (both keys) and lets the process verify them. */
    @Transactional
    public void operationCheckSubmitted(String applicationId, Map<KeyRole, byte[][]> signatures) {
        requireWaitingAt(applicationId, Elements.TASK_AWAIT_OPERATION_CHECK);
        if (registry.existingOperationChallenge(applicationId).isEmpty()) {
            throw new WrongStepException(applicationId, "no operation challenge was fetched");
        }
        for (Map.Entry<KeyRole, byte[][]> e : signatures.entrySet()) {
            registry.recordOperationCheck(new OperationCheckSignature(applicationId, e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        correlate(applicationId, Messages.OPERATION_CHECK_SUBMITTED, Elements.TASK_AWAIT_OPERATION_CHECK);
    }

    private void requireWaitingAt(String applicationId, String activityId) {
        ProcessInstance running = runtime.createProcessInstanceQuery()
                .processDefinitionKey(IssuanceProcess.PROCESS_KEY).processInstanceBusinessKey(applicationId).singleResult();
        if (running == null) {
            status(applicationId); // throws not-found for unknown applications
            throw new WrongStepException(applicationId, "the application is no longer in progress");
        }
        List<String> active = activeActivityIds(running.getId());
        if (active == null) {
            throw new WrongStepException(applicationId, "the application is no longer in progress");
        }
        if (!active.contains(activityId)) {
            throw new WrongStepException(applicationId, "the application is not waiting for this step now");
        }
    }

    private void correlate(String applicationId, String message, String waitingAt) {
        requireWaitingAt(applicationId, waitingAt);
        try {
            runtime.createMessageCorrelation(message).processInstanceBusinessKey(applicationId).correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw new WrongStepException(applicationId, "the application is not waiting for this step now");
        }
    }
}
