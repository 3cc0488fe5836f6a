package org.mjpki.webapp.issuance;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.registry.ApplicationReplayedException;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.jpki.SignedApplication;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.devicechange.DeviceChangeProcess;
import org.mjpki.processes.issuance.IssuanceProcess.Elements;
import org.mjpki.processes.issuance.IssuanceProcess.Messages;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.OperationCheckSignature;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.caller.CallerCapabilities;
import org.mjpki.webapp.revocation.RevocationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The app-facing side of issuance and device change: receive an application and start its process (device change
 * when the holder signed consent to revoke a set on another phone, else issuance: one entry point for the app), and
 * pass on what the holder did on the phone; {@link ApplicationStatuses} tells where it stands. Only small facts go into the process; the signed
 * document stays in the registry.
 */
@Service
public class IssuanceApplications {

    private final CredentialRegistry registry;
    private final CallerCapabilities callers;
    private final RuntimeService runtime;
    private final ApplicationStatuses statuses;
    private final IssuanceProperties properties;
    private final RevocationProperties revocationProperties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IssuanceApplications(CredentialRegistry registry, CallerCapabilities callers, RuntimeService runtime,
                                ApplicationStatuses statuses, IssuanceProperties properties,
                                RevocationProperties revocationProperties, Clock clock) {
        this.registry = registry;
        this.callers = callers;
        this.runtime = runtime;
        this.statuses = statuses;
        this.properties = properties;
        this.revocationProperties = revocationProperties;
        this.clock = clock;
    }

    /**
     * Records the application and starts its process, both or neither (one transaction): a device change when the
     * holder signed consent to revoke the set on another phone (it is an ordinary issuance if there is none), else an
     * issuance. The signature is verified by the process (R1); here only the structure is checked, so malformed input
     * changes nothing. {@code callerSha256}: the SHA-256 of the capability the sending app instance is handed.
     */
    @Transactional
    public Received receive(byte[] signedApplication, String attestationToken, String callerSha256) {
        ApplicationContent content = SignedApplication.parse(signedApplication).content();
        if (callers.startedBefore(CallerCapabilities.Operation.APPLICATION, content.applicationId(), content.nonce(),
                callerSha256).isPresent()) {
            // the same app instance sends the same application again (the answer to the first was lost): where it stands.
            // The same request only: other bytes under the same id (a token changed, data appended) are not a retry
            if (!sameRequest(content.applicationId(), signedApplication, attestationToken)) {
                throw new ApplicationReplayedException(content.applicationId());
            }
            return new Received(statuses.status(content.applicationId()), true);
        }
        registry.recordApplication(new SmartphoneApplication(content.applicationId(), content.seId(), content.nonce(),
                content.expiresAt(), signedApplication, attestationToken, clock.instant()));
        // the application, and the set it will make, are the sending app instance's only (ADR 0026)
        callers.bind(CallerCapabilities.Operation.APPLICATION, content.applicationId(), callerSha256);
        Map<String, Object> variables = new HashMap<>();
        variables.put(Variables.APPLICATION_ID, content.applicationId());
        variables.put(Variables.SE_ID, content.seId());
        variables.put(Variables.DEVICE_MANUFACTURER, content.deviceManufacturer());
        variables.put(Variables.DEVICE_MODEL, content.deviceModel());
        variables.put(Variables.OS_VERSION, content.osVersion());
        variables.put(Variables.SE_TYPE, content.seType());
        variables.put(Variables.HOLDER_INPUT_TIMEOUT, properties.holderInputTimeout().toString());
        variables.put(Variables.PERSONALIZATION_TIMEOUT, properties.personalizationTimeout().toString());
        String process = IssuanceProcess.PROCESS_KEY;
        if (content.consentsToRevokeExistingSet()) {
            process = DeviceChangeProcess.PROCESS_KEY;
            variables.put(CaseVariables.APPLET_DELETE_PERIOD, revocationProperties.appletDeletePeriod().toString());
            variables.put(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, revocationProperties.appletDeleteRecheckInterval().toString());
        }
        runtime.createProcessInstanceByKey(process)
                .businessKey(content.applicationId())
                .setVariables(variables)
                .execute();
        return new Received(new ApplicationStatus(content.applicationId(), "RECEIVED", null, null, false), false);
    }

    private boolean sameRequest(String applicationId, byte[] signedApplication, String attestationToken) {
        return registry.application(applicationId)
                .map(first -> java.security.MessageDigest.isEqual(first.signedApplication(), signedApplication)
                        && java.util.Objects.equals(first.attestationToken(), attestationToken))
                .orElse(false);
    }

    /** What receiving an application did: started it now, or found it started by the same caller before ({@code repeated}). */
    public record Received(ApplicationStatus status, boolean repeated) {}

    /**
     * The app reports that the holder set the signing password and user-auth PIN in the applet. One transaction for
     * the check that the process waits for it and the message (as for every call here that reads and then writes).
     */
    @Transactional
    public void holderSecretsSet(String applicationId) {
        correlate(applicationId, Messages.HOLDER_SECRETS_SET, Elements.TASK_AWAIT_HOLDER_SECRETS);
    }

    /** The server's challenge for the operation check; only while the process waits for it. */
    @Transactional
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
            ApplicationStatus status = statuses.status(applicationId); // throws not-found for unknown applications
            // a device change that has not called issuance yet is in progress, just not at this step
            throw new WrongStepException(applicationId, status.finished()
                    ? "the application is no longer in progress" : "the application is not waiting for this step now");
        }
        List<String> active = statuses.activeActivityIds(running.getId());
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
