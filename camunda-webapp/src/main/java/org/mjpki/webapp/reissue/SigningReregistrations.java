package org.mjpki.webapp.reissue;

import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.reissue.SigningReregistrationRequest;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.reissue.SigningReregistrationProcess;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.HolderRequest;
import org.mjpki.webapp.card.CardAuthorizations;
import org.mjpki.webapp.card.CardAuthorizations.CardAuthorization;
import org.mjpki.webapp.revocation.RevocationRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holder registers the signing certificate again on the same phone after the sweep revoked it with the card's (R4
 * per kind, ADR 0022), authorized by the new card signing certificate: checked as an application is (the card
 * signature and chain, GOOD in the CA's records and by OCSP, fresh, not replayed), of the set's holder, for the phone
 * that holds the set, which must be ACTIVE with its signing certificate revoked. The set's signing link moves to the new
 * card certificate (so the re-issue states its facts), then {@code signing-reregistration} starts; all in one
 * transaction, or nothing. The re-issue's key check comes here too.
 */
@Service
public class SigningReregistrations {

    private final CredentialRegistry registry;
    private final CardAuthorizations cards;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final ReissueKeyChecks keyChecks;

    public SigningReregistrations(CredentialRegistry registry, CardAuthorizations cards, RuntimeService runtime,
                                  HistoryService history, ReissueKeyChecks keyChecks) {
        this.registry = registry;
        this.cards = cards;
        this.runtime = runtime;
        this.history = history;
        this.keyChecks = keyChecks;
    }

    /**
     * @param stage REISSUING_SIGNING_CERTIFICATE, AWAITING_KEY_CHECK (with {@code keyCheckChallenge}, base64), COMPLETED,
     *              NOT_REGISTERED (nothing replaced; ask again) or NOT_CONFIRMED (no valid check signature; ask again)
     */
    public record ReregistrationStatus(String reregistrationId, String credentialSetId, String stage, boolean finished,
                                       String keyCheckChallenge) {}

    @Transactional
    public ReregistrationStatus request(String credentialSetId, byte[] signed, String callerSha256) {
        SigningReregistrationRequest request = SigningReregistrationRequest.parse(signed);
        // the same app instance sends the same request again (the answer to the first was lost): where it stands
        Optional<String> earlier = request.signed().credentialSetId().equals(credentialSetId)
                ? cards.startedBefore(HolderRequest.Kind.SIGNING_REREGISTRATION, request.signed(), callerSha256)
                : Optional.empty();
        if (earlier.isPresent()) {
            return status(earlier.get());
        }
        CardAuthorization authorization = cards.check(request.signed(), credentialSetId, "re-registration");
        if (!authorization.byTheHolder()) {
            throw refused(HttpStatus.FORBIDDEN, "not_the_holder", "the re-registration is signed with another person's card");
        }
        CredentialSet set = authorization.set();
        if (!set.seId().equals(request.seId())) {
            throw refused(HttpStatus.FORBIDDEN, "not_this_phone", "the credential set is not on this phone");
        }
        if (set.state() != CredentialState.ACTIVE || set.revocationCaseId() != null) {
            throw refused(HttpStatus.CONFLICT, "set_not_active", "the credential set is " + set.state()
                    + (set.revocationCaseId() != null ? " and being revoked" : "") + "; register again with a new application");
        }
        if (!registry.revokedKeyRoles(credentialSetId).contains(KeyRole.SIGNING)) {
            throw refused(HttpStatus.CONFLICT, "signing_certificate_not_revoked",
                    "the set's signing certificate is not revoked: there is nothing to register again");
        }
        if (runtime.createProcessInstanceQuery().processDefinitionKey(SigningReregistrationProcess.PROCESS_KEY)
                .variableValueEquals(CaseVariables.CREDENTIAL_SET_ID, credentialSetId).count() > 0) {
            throw refused(HttpStatus.CONFLICT, "reregistration_in_progress", "a re-registration of this set is under way");
        }
        String id = "srr-" + UUID.randomUUID();
        cards.recordOnce(id, HolderRequest.Kind.SIGNING_REREGISTRATION, request.signed(), null, callerSha256);
        // the phone signing certificate follows the new card signing certificate from now on, and states its facts
        registry.recordCardLink(credentialSetId, KeyRole.SIGNING,
                new CardCertificateLink(authorization.card().ref().ca().name(), authorization.card().ref().serial()),
                encoded(request.signed().cardCertificate()));
        runtime.createProcessInstanceByKey(SigningReregistrationProcess.PROCESS_KEY).businessKey(id)
                .setVariable(CaseVariables.CREDENTIAL_SET_ID, credentialSetId)
                .setVariable(CaseVariables.ACTOR, CaseVariables.Actors.HOLDER)
                .execute();
        return status(id);
    }

    @Transactional(readOnly = true) // its queries in one transaction (ADR 0035)
    public ReregistrationStatus status(String id) {
        HolderRequest request = requestOf(id);
        String setId = request.credentialSetId();
        ProcessInstance running = runtime.createProcessInstanceQuery()
                .processDefinitionKey(SigningReregistrationProcess.PROCESS_KEY).processInstanceBusinessKey(id).singleResult();
        if (running != null) {
            String challenge = keyChecks.reissueOf(running).flatMap(reissue -> keyChecks.awaitedChallenge(reissue, setId))
                    .orElse(null);
            if (challenge != null) {
                return new ReregistrationStatus(id, setId, "AWAITING_KEY_CHECK", false, challenge);
            }
            return new ReregistrationStatus(id, setId, "REISSUING_SIGNING_CERTIFICATE", false, null);
        }
        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(SigningReregistrationProcess.PROCESS_KEY).processInstanceBusinessKey(id).singleResult();
        String end = ended == null ? "" : String.valueOf(ended.getEndActivityId());
        String stage = switch (end) {
            case SigningReregistrationProcess.Elements.END_EVENT_SIGNING_CERTIFICATE_REGISTERED -> "COMPLETED";
            case SigningReregistrationProcess.Elements.END_EVENT_NOT_CONFIRMED -> "NOT_CONFIRMED";
            default -> "NOT_REGISTERED";
        };
        return new ReregistrationStatus(id, setId, stage, true, null);
    }

    /** The holder's signature with the new signing key over the key-check challenge. */
    @Transactional
    public ReregistrationStatus keyCheck(String id, byte[] signature, byte[] identification) {
        HolderRequest request = requestOf(id);
        if (!keyChecks.submit(id, request.credentialSetId(), signature, identification)) {
            throw refused(HttpStatus.CONFLICT, "not_awaiting_key_check", "this re-registration is not waiting for a key check");
        }
        return status(id);
    }

    private HolderRequest requestOf(String id) {
        return registry.holderRequest(id)
                .filter(r -> r.kind() == HolderRequest.Kind.SIGNING_REREGISTRATION)
                .orElseThrow(() -> refused(HttpStatus.NOT_FOUND, "not_found", "no such re-registration"));
    }

    private static byte[] encoded(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("the card certificate cannot be encoded", e);
        }
    }

    private static RevocationRefusedException refused(HttpStatus status, String code, String message) {
        return CardAuthorizations.refused(status, code, message);
    }
}
