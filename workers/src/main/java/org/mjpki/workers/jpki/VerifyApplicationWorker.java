package org.mjpki.workers.jpki;

import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.mjpki.ca.CardCertificateCheck;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.holder.HolderFactsDigest;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.jpki.ApplicationFreshness;
import org.mjpki.lifecycle.jpki.CardCertificateOcsp;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.lifecycle.jpki.SignedApplication;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.ca.CardHolderFacts;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * R1: the application is signed with a valid card signing certificate of the JPKI CA, is fresh, and says
 * what the registry received; the card certificate is good both in the CA's records (which also name the holder)
 * and by OCSP at the card distribution point. R4 per kind: it is countersigned by the same card's user-auth key, whose
 * certificate is checked the same way; the set will follow both.
 */
@Component
@ExternalTaskTopic(value = Topics.VERIFY_APPLICATION, lane = WorkerLane.CHECKS)
public class VerifyApplicationWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;
    private final CardCertificateOcsp ocsp;
    private final ApplicationFreshness freshness;
    private final CardHolderFacts cardHolderFacts;
    private final HolderFactsDigest factsDigest;

    public VerifyApplicationWorker(CredentialRegistry registry, CertificateAuthority ca, CardCertificateOcsp ocsp,
                                   ApplicationFreshness freshness, CardHolderFacts cardHolderFacts,
                                   HolderFactsDigest factsDigest) {
        this.registry = registry;
        this.ca = ca;
        this.ocsp = ocsp;
        this.freshness = freshness;
        this.cardHolderFacts = cardHolderFacts;
        this.factsDigest = factsDigest;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String applicationId = task.caseId();
        SmartphoneApplication received = registry.application(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        SignedApplication signed;
        X509Certificate issuingCa;
        try {
            signed = SignedApplication.parse(received.signedApplication());
            issuingCa = signed.verifySignature(ca.caCertificates());
            checkMatches(received, signed.content());
        } catch (InvalidApplicationException e) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID, "Application " + applicationId + " refused: " + e.getMessage());
        }
        CardCertificateCheck card;
        try {
            card = ca.checkCardCertificate(signed.signerCertificate());
        } catch (CertificateRequestRejectedException e) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID,
                    "Application " + applicationId + " refused: not signed with a card signing certificate");
        }
        if (card.ref() != null && card.ref().ca() != IssuingCa.SIGNING) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID,
                    "Application " + applicationId + " refused: signed with a card user-authentication certificate, not the signing one");
        }
        if (card.status() != CardCertificateCheck.Status.GOOD) {
            throw new BusinessOutcome(Errors.CARD_CERTIFICATE_NOT_GOOD,
                    "Application " + applicationId + " refused: the card signing certificate is " + card.status());
        }
        // what a relying party would see: OCSP at the card certificate's own responder URL
        CardCertificateOcsp.Status published;
        try {
            published = ocsp.check(signed.signerCertificate(), issuingCa);
        } catch (InvalidApplicationException e) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID, "Application " + applicationId + " refused: " + e.getMessage());
        }
        if (published != CardCertificateOcsp.Status.GOOD) {
            throw new BusinessOutcome(Errors.CARD_CERTIFICATE_NOT_GOOD,
                    "Application " + applicationId + " refused: OCSP says the card signing certificate is " + published);
        }
        CardCertificateCheck userAuth = verifiedUserAuthCard(applicationId, signed, card);
        // the set will follow these card certificates, per kind (R0, R4): a status other than GOOD was refused, so the
        // CA knows them
        registry.recordApplicationUserAuthCard(applicationId,
                new CardCertificateLink(userAuth.ref().ca().name(), userAuth.ref().serial()));
        registry.recordVerifiedHolder(applicationId, card.holderRef(), card.notAfter(),
                new CardCertificateLink(card.ref().ca().name(), card.ref().serial()));
        // so that the call center can find this holder's set from what the caller says, without keeping what they say
        Holder facts = cardHolderFacts.of(card.holderRef(), signed.signerCertificate());
        registry.recordHolderLookup(card.holderRef(),
                factsDigest.of(facts.name(), facts.birthDate(), facts.sex(), facts.address()));
        return Map.of(Variables.HOLDER_REF, card.holderRef(), Variables.CARD_NOT_AFTER, card.notAfter().toString());
    }

    /**
     * R4 per kind (ADR 0022): the card's user-auth key countersigned the application, its certificate is this CA's card
     * user-auth certificate of the same holder as the signing one, and good, in the CA's records and by OCSP.
     */
    private CardCertificateCheck verifiedUserAuthCard(String applicationId, SignedApplication signed, CardCertificateCheck signing) {
        X509Certificate issuingCa;
        try {
            issuingCa = signed.verifyUserAuthCounterSignature(ca.caCertificates());
        } catch (InvalidApplicationException e) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID, "Application " + applicationId
                    + " refused: the card's user-authentication countersignature is missing or invalid (" + e.getMessage() + ")");
        }
        X509Certificate certificate = signed.userAuthCertificate().orElseThrow();
        CardCertificateCheck userAuth;
        try {
            userAuth = ca.checkCardCertificate(certificate);
        } catch (CertificateRequestRejectedException e) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID,
                    "Application " + applicationId + " refused: not countersigned with a card user-authentication certificate");
        }
        if (userAuth.ref() == null || userAuth.ref().ca() != IssuingCa.USER_AUTH) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID,
                    "Application " + applicationId + " refused: the countersignature is not by a card user-authentication certificate");
        }
        if (userAuth.status() != CardCertificateCheck.Status.GOOD) {
            throw new BusinessOutcome(Errors.CARD_CERTIFICATE_NOT_GOOD,
                    "Application " + applicationId + " refused: the card user-authentication certificate is " + userAuth.status());
        }
        if (!userAuth.holderRef().equals(signing.holderRef())) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID,
                    "Application " + applicationId + " refused: the two card certificates are not of the same holder");
        }
        CardCertificateOcsp.Status published;
        try {
            published = ocsp.check(certificate, issuingCa);
        } catch (InvalidApplicationException e) {
            throw new BusinessOutcome(Errors.APPLICATION_INVALID, "Application " + applicationId + " refused: " + e.getMessage());
        }
        if (published != CardCertificateOcsp.Status.GOOD) {
            throw new BusinessOutcome(Errors.CARD_CERTIFICATE_NOT_GOOD,
                    "Application " + applicationId + " refused: OCSP says the card user-authentication certificate is " + published);
        }
        return userAuth;
    }

    private void checkMatches(SmartphoneApplication received, ApplicationContent signed) {
        if (!signed.applicationId().equals(received.applicationId()) || !signed.seId().equals(received.seId())
                || !signed.nonce().equals(received.nonce())
                // the database keeps microseconds at most: compare at millisecond precision
                || !signed.expiresAt().truncatedTo(ChronoUnit.MILLIS).equals(received.expiresAt().truncatedTo(ChronoUnit.MILLIS))) {
            throw new InvalidApplicationException("the signed content differs from the application received");
        }
        freshness.check(signed, received.receivedAt());
    }

    @Override
    protected String step(LifecycleTask task) {
        return "verify the card-signed application";
    }

    @Override
    protected String retryEffect() {
        return "retrying verifies the same application again and changes nothing else";
    }
}
