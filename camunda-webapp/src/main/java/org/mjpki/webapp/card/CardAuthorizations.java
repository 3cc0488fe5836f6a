package org.mjpki.webapp.card;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import org.mjpki.ca.CardCertificateCheck;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.jpki.CardCertificateOcsp;
import org.mjpki.lifecycle.jpki.CardSignedRequest;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.HolderRequest;
import org.mjpki.registry.RequestReplayedException;
import org.mjpki.registry.caller.CallerCapabilities;
import org.mjpki.webapp.revocation.RevocationProperties;
import org.mjpki.webapp.revocation.RevocationRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Checks a request the holder signed with the My Number card about one credential set (a hold release, a lock release)
 * as an application is checked: it names the set of the URL, it is fresh, the set exists, the CMS signature verifies and
 * chains to this CA, the signer is a card signing certificate GOOD in the CA's records and by OCSP at its own URL. What
 * the card must be to the set (the same holder; the very certificate the set is linked to) and what state the set must be
 * in are the caller's, as is recording the request once ({@link #recordOnce}). Every refusal is a
 * {@link RevocationRefusedException} with a stable code, and changes nothing.
 */
@Service
public class CardAuthorizations {

    private final CredentialRegistry registry;
    private final CallerCapabilities callers;
    private final CertificateAuthority ca;
    private final CardCertificateOcsp ocsp;
    private final RevocationProperties limits;
    private final Clock clock;

    public CardAuthorizations(CredentialRegistry registry, CallerCapabilities callers, CertificateAuthority ca,
                              CardCertificateOcsp ocsp, RevocationProperties limits, Clock clock) {
        this.registry = registry;
        this.callers = callers;
        this.ca = ca;
        this.ocsp = ocsp;
        this.limits = limits;
        this.clock = clock;
    }

    /** A checked request: the set it is about and what the CA says of the card certificate that signed it. */
    public record CardAuthorization(CredentialSet set, CardCertificateCheck card, CardCertificateLink signingLink) {

        /** The signer is the card of the set's holder (any of their card certificates, e.g. after a card renewal). */
        public boolean byTheHolder() {
            return card.holderRef().equals(set.holderRef());
        }

        /** The signer is the very card certificate the set's signing certificate follows now (R0, R4). */
        public boolean byTheLinkedCard() {
            CardCertificateLink link = signingLink;
            return link != null && link.issuingCa().equals(card.ref().ca().name()) && link.serial().equals(card.ref().serial());
        }
    }

    /** @param what the request in words for refusals, e.g. "release" */
    public CardAuthorization check(CardSignedRequest request, String credentialSetId, String what) {
        if (!request.credentialSetId().equals(credentialSetId)) {
            throw new InvalidApplicationException("the signed " + what + " names another credential set");
        }
        Instant now = clock.instant();
        if (request.expiresAt().isBefore(now.minus(limits.clockSkew()))) {
            throw refused(HttpStatus.BAD_REQUEST, "expired_request", "the " + what + " has expired");
        }
        if (request.expiresAt().isAfter(now.plus(limits.maxRequestValidity()).plus(limits.clockSkew()))) {
            throw refused(HttpStatus.BAD_REQUEST, "invalid_request", "expiresAt lies more than " + limits.maxRequestValidity() + " ahead");
        }
        CredentialSet set = registry.set(credentialSetId).orElseThrow(() -> refused(HttpStatus.NOT_FOUND, "not_found", "no such credential set"));
        X509Certificate issuingCa = request.verifySignature(ca.caCertificates());
        CardCertificateCheck card;
        try {
            card = ca.checkCardCertificate(request.cardCertificate());
        } catch (CertificateRequestRejectedException e) {
            throw notSignedByACard(what);
        }
        if (card.ref() == null || card.ref().ca() != IssuingCa.SIGNING || card.status() == CardCertificateCheck.Status.UNKNOWN) {
            throw notSignedByACard(what);
        }
        if (card.status() != CardCertificateCheck.Status.GOOD
                || ocsp.check(request.cardCertificate(), issuingCa) != CardCertificateOcsp.Status.GOOD) {
            throw refused(HttpStatus.CONFLICT, "card_certificate_not_good", "the card signing certificate is not good");
        }
        // the signing link as it is now (moved to a new card certificate by a re-registration); sets from before V8
        // keep theirs on the set
        CardCertificateLink signingLink = registry.cardLinks(credentialSetId)
                .getOrDefault(org.mjpki.lifecycle.KeyRole.SIGNING, set.cardCertificate());
        return new CardAuthorization(set, card, signingLink);
    }

    /**
     * The request this caller already started with the same signed document (same kind and nonce), when it sends it
     * again after the answer was lost: the services answer with where that one stands instead of checking anew.
     */
    public java.util.Optional<String> startedBefore(HolderRequest.Kind kind, CardSignedRequest request, String callerSha256) {
        return callers.startedBefore(CallerCapabilities.Operation.valueOf(kind.name()), null, request.nonce(), callerSha256);
    }

    /**
     * Records the checked request under {@code requestId}, once per nonce (a replay is refused), bound to the app instance
     * that sent it: only the capability whose SHA-256 is {@code callerSha256} reaches it by id (ADR 0026).
     */
    public void recordOnce(String requestId, HolderRequest.Kind kind, CardSignedRequest request, String reason,
                           String callerSha256) {
        try {
            registry.recordHolderRequest(new HolderRequest(requestId, kind, request.credentialSetId(), request.nonce(), reason,
                    request.expiresAt(), clock.instant()));
        } catch (RequestReplayedException e) {
            throw refused(HttpStatus.CONFLICT, "replayed_request", e.getMessage());
        }
        callers.bind(CallerCapabilities.Operation.valueOf(kind.name()), requestId, callerSha256);
    }

    private static RevocationRefusedException notSignedByACard(String what) {
        return refused(HttpStatus.FORBIDDEN, "signature_invalid", "the " + what + " is not signed with a card signing certificate");
    }

    public static RevocationRefusedException refused(HttpStatus status, String code, String message) {
        return new RevocationRefusedException(status, code, message);
    }
}
