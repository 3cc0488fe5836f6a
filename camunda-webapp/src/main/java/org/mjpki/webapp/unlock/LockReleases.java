package org.mjpki.webapp.unlock;

import java.util.Optional;
import static org.mjpki.webapp.card.CardAuthorizations.refused;

import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.applet.client.EncryptedHolderSecret;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.lifecycle.HolderSecret;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.lifecycle.unlock.LockReleaseRequest;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.unlock.PasswordUnlockProcess;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Elements;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.HolderRequest;
import org.mjpki.webapp.card.CardAuthorizations;
import org.mjpki.webapp.card.CardAuthorizations.CardAuthorization;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holder releases a locked (or forgotten) signing password or user-auth PIN in the app, with the card (R9, R0,
 * ADR 0020). The card-signed request is checked as an application is ({@link CardAuthorizations}); the card must be the
 * very card certificate the set is linked to, the set must live on the phone the request names and be ACTIVE. Only then
 * is {@code password-unlock} started; it waits for the new secret, which the app encrypts for the applet and sends here
 * as an opaque blob (checked for its form only: the server cannot open it). A refusal changes nothing (one
 * transaction: the request record and the start, or neither).
 */
@Service
public class LockReleases {

    private final CredentialRegistry registry;
    private final CardAuthorizations cards;
    private final RuntimeService runtime;
    private final HistoryService history;

    public LockReleases(CredentialRegistry registry, CardAuthorizations cards, RuntimeService runtime, HistoryService history) {
        this.registry = registry;
        this.cards = cards;
        this.runtime = runtime;
        this.history = history;
    }

    /**
     * Where a lock release stands.
     *
     * @param stage              AWAITING_NEW_SECRET, NEW_SECRET_REFUSED (send another), RELEASING, COMPLETED, NO_NEW_SECRET,
     *                           SET_NOT_ACTIVE, PHONE_DID_NOT_ANSWER or CANCELLED (an operator ended it)
     * @param message            why the applet refused the last new secret, while the stage says so
     * @param mayOfferBiometrics once COMPLETED: the app may offer biometrics again (a released PIN on a phone that allows them)
     */
    public record LockReleaseStatus(String lockReleaseId, String credentialSetId, HolderSecret secret, String stage,
                                    boolean finished, String message, Boolean mayOfferBiometrics) {}

    @Transactional
    public LockReleaseStatus request(String credentialSetId, byte[] signed, String callerSha256) {
        LockReleaseRequest request = LockReleaseRequest.parse(signed);
        // the same app instance sends the same request again (the answer to the first was lost): where it stands
        Optional<String> earlier = request.signed().credentialSetId().equals(credentialSetId)
                ? cards.startedBefore(HolderRequest.Kind.LOCK_RELEASE, request.signed(), callerSha256) : Optional.empty();
        if (earlier.isPresent()) {
            return status(earlier.get());
        }
        CardAuthorization authorization = cards.check(request.signed(), credentialSetId, "lock release");
        if (!authorization.byTheHolder()) {
            throw refused(HttpStatus.FORBIDDEN, "not_the_holder", "the lock release is signed with another person's card");
        }
        if (!authorization.byTheLinkedCard()) {
            throw refused(HttpStatus.FORBIDDEN, "not_the_linked_card",
                    "the lock release is not signed with the card certificate this set was issued with");
        }
        CredentialSet set = authorization.set();
        if (!set.seId().equals(request.seId())) {
            throw refused(HttpStatus.FORBIDDEN, "not_this_phone", "the credential set does not live on the phone that asks");
        }
        if (set.state() == CredentialState.ON_HOLD) {
            throw refused(HttpStatus.CONFLICT, "set_on_hold",
                    "the credential set is on hold after a lost-phone report; release the hold first");
        }
        if (set.state() != CredentialState.ACTIVE || set.revocationCaseId() != null) {
            throw refused(HttpStatus.CONFLICT, "set_not_active", "the credential set is " + set.state()
                    + (set.revocationCaseId() != null ? " and being revoked" : "") + "; there is no lock to release");
        }
        String id = "unl-" + UUID.randomUUID();
        // recorded first, so that a replay is told it is one; a refusal below rolls the record back
        cards.recordOnce(id, HolderRequest.Kind.LOCK_RELEASE, request.signed(), request.secret().name(), callerSha256);
        ProcessInstance running = runtime.createProcessInstanceQuery().processDefinitionKey(PasswordUnlockProcess.PROCESS_KEY)
                .variableValueEquals(CaseVariables.CREDENTIAL_SET_ID, credentialSetId).active().listPage(0, 1)
                .stream().findFirst().orElse(null);
        if (running != null) {
            throw refused(HttpStatus.CONFLICT, "lock_release_in_progress",
                    "lock release " + running.getBusinessKey() + " of this credential set is under way; go on with it");
        }
        runtime.createProcessInstanceByKey(PasswordUnlockProcess.PROCESS_KEY)
                .businessKey(id)
                .setVariable(CaseVariables.CREDENTIAL_SET_ID, credentialSetId)
                .setVariable(Variables.SECRET, request.secret().name())
                .execute();
        return status(id);
    }

    /** The holder's new secret, as the app encrypted it for the applet: checked for its form, then handed on unread. */
    @Transactional
    public LockReleaseStatus newSecret(String lockReleaseId, byte[] encrypted) {
        HolderRequest request = requestOf(lockReleaseId);
        HolderSecret secret = HolderSecret.valueOf(request.reason());
        try {
            EncryptedHolderSecret.received(SecretKind.valueOf(secret.name()), encrypted);
        } catch (IllegalArgumentException e) {
            throw new InvalidApplicationException(e.getMessage());
        }
        try {
            runtime.createMessageCorrelation(PasswordUnlockProcess.Messages.NEW_SECRET_ENTERED)
                    .processInstanceId(instanceOf(lockReleaseId))
                    .setVariable(Variables.ENCRYPTED_NEW_SECRET, Base64.getEncoder().encodeToString(encrypted))
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw refused(HttpStatus.CONFLICT, "not_awaiting_new_secret", "this lock release is not waiting for a new secret");
        }
        return status(lockReleaseId);
    }

    @Transactional(readOnly = true) // its queries in one transaction (ADR 0035)
    public LockReleaseStatus status(String lockReleaseId) {
        HolderRequest request = requestOf(lockReleaseId);
        HolderSecret secret = HolderSecret.valueOf(request.reason());
        ProcessInstance running = runtime.createProcessInstanceQuery().processDefinitionKey(PasswordUnlockProcess.PROCESS_KEY)
                .processInstanceBusinessKey(lockReleaseId).singleResult();
        if (running != null) {
            boolean awaiting = runtime.createExecutionQuery().processInstanceId(running.getId())
                    .activityId(Elements.TASK_AWAIT_NEW_SECRET).count() > 0;
            Object refusal = awaiting ? runtime.getVariable(running.getId(), Variables.NEW_SECRET_REFUSAL) : null;
            String stage = !awaiting ? "RELEASING" : refusal == null ? "AWAITING_NEW_SECRET" : "NEW_SECRET_REFUSED";
            return new LockReleaseStatus(lockReleaseId, request.credentialSetId(), secret, stage, false,
                    refusal == null ? null : refusal.toString(), null);
        }
        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordUnlockProcess.PROCESS_KEY).processInstanceBusinessKey(lockReleaseId).singleResult();
        String end = ended == null ? null : ended.getEndActivityId();
        String stage = end == null ? "CANCELLED" : switch (end) {
            case Elements.END_EVENT_LOCK_RELEASED -> "COMPLETED";
            case Elements.END_EVENT_NO_NEW_SECRET -> "NO_NEW_SECRET";
            case Elements.END_EVENT_SET_NOT_ACTIVE -> "SET_NOT_ACTIVE";
            case Elements.END_EVENT_PHONE_DID_NOT_ANSWER -> "PHONE_DID_NOT_ANSWER";
            default -> "CANCELLED";
        };
        Boolean biometrics = null;
        if ("COMPLETED".equals(stage)) {
            HistoricVariableInstance offered = history.createHistoricVariableInstanceQuery().processInstanceId(ended.getId())
                    .variableName(Variables.MAY_OFFER_BIOMETRICS).singleResult();
            biometrics = offered != null && Boolean.TRUE.equals(offered.getValue());
        }
        return new LockReleaseStatus(lockReleaseId, request.credentialSetId(), secret, stage, true, null, biometrics);
    }

    private String instanceOf(String lockReleaseId) {
        ProcessInstance running = runtime.createProcessInstanceQuery().processDefinitionKey(PasswordUnlockProcess.PROCESS_KEY)
                .processInstanceBusinessKey(lockReleaseId).singleResult();
        if (running == null) {
            throw refused(HttpStatus.CONFLICT, "not_awaiting_new_secret", "this lock release is not waiting for a new secret");
        }
        return running.getId();
    }

    private HolderRequest requestOf(String lockReleaseId) {
        return registry.holderRequest(lockReleaseId)
                .filter(r -> r.kind() == HolderRequest.Kind.LOCK_RELEASE)
                .orElseThrow(() -> refused(HttpStatus.NOT_FOUND, "not_found", "no such lock release"));
    }
}
