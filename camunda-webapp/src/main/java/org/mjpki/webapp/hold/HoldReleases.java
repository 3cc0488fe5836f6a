package org.mjpki.webapp.hold;

import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.lifecycle.hold.HoldReleaseRequest;
import org.mjpki.lifecycle.jpki.CardSignedRequest;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.HolderRequest;
import org.mjpki.webapp.card.CardAuthorizations;
import org.mjpki.webapp.card.CardAuthorizations.CardAuthorization;
import org.mjpki.webapp.reissue.ReissueKeyChecks;
import org.mjpki.webapp.revocation.RevocationRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holder releases the hold of a found phone's set in the app, with the card (R10): the release is checked as an
 * application is — the card signature and its chain, the card signing certificate GOOD in the CA's records and by OCSP
 * at its own URL, the card's holder the set's holder, fresh, not replayed — and only then handed to the waiting
 * {@code lost-device-hold}. A refusal changes nothing (one transaction: the request record and the correlation, or
 * neither). The re-issue that follows asks the holder to sign a key check with the new key; that signature comes here
 * too.
 */
@Service
public class HoldReleases {

    private final CredentialRegistry registry;
    private final CardAuthorizations cards;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final ReissueKeyChecks keyChecks;

    public HoldReleases(CredentialRegistry registry, CardAuthorizations cards, RuntimeService runtime, HistoryService history,
                        ReissueKeyChecks keyChecks) {
        this.registry = registry;
        this.cards = cards;
        this.runtime = runtime;
        this.history = history;
        this.keyChecks = keyChecks;
    }

    /** Where a release stands. {@code keyCheckChallenge} (base64) is set while the holder's check signature is awaited. */
    public record HoldReleaseStatus(String releaseId, String credentialSetId, String stage, boolean finished,
                                    String keyCheckChallenge) {}

    @Transactional
    public HoldReleaseStatus request(String credentialSetId, byte[] signed, String callerSha256) {
        CardSignedRequest release = HoldReleaseRequest.parse(signed);
        // the same app instance sends the same request again (the answer to the first was lost): where it stands
        Optional<String> earlier = release.credentialSetId().equals(credentialSetId)
                ? cards.startedBefore(HolderRequest.Kind.HOLD_RELEASE, release, callerSha256) : Optional.empty();
        if (earlier.isPresent()) {
            return status(earlier.get());
        }
        CardAuthorization authorization = cards.check(release, credentialSetId, "release");
        if (!authorization.byTheHolder()) {
            throw refused(HttpStatus.FORBIDDEN, "not_the_holder", "the release is signed with another person's card");
        }
        CredentialSet set = authorization.set();
        if (set.state() != CredentialState.ON_HOLD || set.revocationCaseId() != null) {
            throw refused(HttpStatus.CONFLICT, "not_on_hold", "the credential set is " + set.state()
                    + (set.revocationCaseId() != null ? " and being revoked" : "") + "; there is no hold to release");
        }
        String releaseId = "rel-" + UUID.randomUUID();
        cards.recordOnce(releaseId, HolderRequest.Kind.HOLD_RELEASE, release, null, callerSha256);
        try {
            runtime.createMessageCorrelation(LostDeviceHoldProcess.Messages.HOLD_RELEASE_REQUESTED)
                    .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, credentialSetId)
                    .setVariable(LostDeviceHoldProcess.Variables.RELEASE_REQUEST_ID, releaseId)
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            // the hold is not waiting for a release now: one is already under way, or the set is being revoked
            throw refused(HttpStatus.CONFLICT, "not_awaiting_release",
                    "the hold of this credential set is not waiting for a release now; ask again later");
        }
        return status(releaseId);
    }

    /** Where the release stands, read from the hold that took it and the re-issue it called. */
    @Transactional(readOnly = true) // its queries in one transaction (ADR 0035)
    public HoldReleaseStatus status(String releaseId) {
        HolderRequest request = requestOf(releaseId);
        String setId = request.credentialSetId();
        ProcessInstance hold = runtime.createProcessInstanceQuery()
                .processDefinitionKey(LostDeviceHoldProcess.PROCESS_KEY)
                .variableValueEquals(LostDeviceHoldProcess.Variables.RELEASE_REQUEST_ID, releaseId).singleResult();
        if (hold != null) {
            ProcessInstance reissue = keyChecks.reissueOf(hold).orElse(null);
            if (reissue == null) {
                boolean waiting = runtime.createExecutionQuery().processInstanceId(hold.getId())
                        .activityId(LostDeviceHoldProcess.Elements.TASK_AWAIT_HOLDER).count() > 0;
                return new HoldReleaseStatus(releaseId, setId, waiting ? "NOT_RELEASED_STILL_ON_HOLD" : "RELEASING", false, null);
            }
            String challenge = keyChecks.awaitedChallenge(reissue, setId).orElse(null);
            if (challenge != null) {
                return new HoldReleaseStatus(releaseId, setId, "AWAITING_KEY_CHECK", false, challenge);
            }
            return new HoldReleaseStatus(releaseId, setId, "REISSUING_SIGNING_CERTIFICATE", false, null);
        }
        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(LostDeviceHoldProcess.PROCESS_KEY)
                .variableValueEquals(LostDeviceHoldProcess.Variables.RELEASE_REQUEST_ID, releaseId).singleResult();
        boolean released = ended != null
                && LostDeviceHoldProcess.Elements.END_EVENT_HOLD_RELEASED.equals(ended.getEndActivityId());
        if (released) {
            return new HoldReleaseStatus(releaseId, setId, "COMPLETED", true, null);
        }
        // a later release of the same hold took over, or the set ended
        CredentialSet set = registry.set(setId).orElseThrow();
        return new HoldReleaseStatus(releaseId, setId, set.state().isLive() ? "SUPERSEDED" : "SET_ENDED", true, null);
    }

    /** The holder's signature with the new signing key over the key-check challenge. */
    @Transactional
    public HoldReleaseStatus keyCheck(String releaseId, byte[] signature, byte[] identification) {
        HolderRequest request = requestOf(releaseId);
        ProcessInstance hold = runtime.createProcessInstanceQuery()
                .processDefinitionKey(LostDeviceHoldProcess.PROCESS_KEY)
                .variableValueEquals(LostDeviceHoldProcess.Variables.RELEASE_REQUEST_ID, releaseId).singleResult();
        if (hold == null) {
            throw refused(HttpStatus.CONFLICT, "not_awaiting_key_check", "this release is not waiting for a key check");
        }
        if (!keyChecks.submit(hold.getBusinessKey(), request.credentialSetId(), signature, identification)) {
            throw refused(HttpStatus.CONFLICT, "not_awaiting_key_check", "this release is not waiting for a key check");
        }
        return status(releaseId);
    }

    private HolderRequest requestOf(String releaseId) {
        return registry.holderRequest(releaseId)
                .filter(r -> r.kind() == HolderRequest.Kind.HOLD_RELEASE)
                .orElseThrow(() -> refused(HttpStatus.NOT_FOUND, "not_found", "no such hold release"));
    }

    private static RevocationRefusedException refused(HttpStatus status, String code, String message) {
        return CardAuthorizations.refused(status, code, message);
    }
}
