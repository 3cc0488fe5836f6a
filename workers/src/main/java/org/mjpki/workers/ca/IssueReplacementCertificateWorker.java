package org.mjpki.workers.ca;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialKeyReplacement;
import org.mjpki.registry.CredentialNoLongerLiveException;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Has the CA certify the replacement key of a re-issue: the same profile, the same card-aligned notAfter (R3) and, for
 * the signing certificate, the same four facts as the certificate it replaces states (or, registered again after a linked
 * revocation, the facts of the new card signing certificate the set is now linked to). Exactly once: the CA request id
 * is the case, the step, the key role and the replacement key, so a retry gets the same certificate back.
 */
@Component
@ExternalTaskTopic(value = Topics.ISSUE_REPLACEMENT_CERTIFICATE, lockDuration = 60_000, lane = WorkerLane.CA,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.CREDENTIAL_SET_ID})
public class IssueReplacementCertificateWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;
    private final CertificateAuthority ca;
    private final CardHolderFacts holderFacts;
    private final CertificateRevocations revocations;

    public IssueReplacementCertificateWorker(CredentialRegistry registry, CaseSets sets, CertificateAuthority ca,
                                             CardHolderFacts holderFacts, CertificateRevocations revocations) {
        this.registry = registry;
        this.sets = sets;
        this.ca = ca;
        this.holderFacts = holderFacts;
        this.revocations = revocations;
    }

    /**
     * Keyed by the case, the role and the replacement key: one hold may re-issue twice (a release whose check signature
     * never came, then another), and each replacement key gets its own certificate, a retried step the same one.
     */
    static String requestId(String caseId, KeyRole role, byte[] publicKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(publicKey);
            return caseId + "/reissue/" + role + "/" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) throws Exception {
        CredentialSet set = sets.of(task);
        KeyRole role = task.keyRole();
        CredentialKeyReplacement replacement = registry.replacement(set.credentialSetId(), role)
                .filter(r -> r.caseId().equals(task.caseId()))
                .orElseThrow(() -> new IllegalStateException("no " + role + " replacement key of this case on record"));
        if (replacement.issuedCertificate().isPresent()) {
            return Map.of();
        }
        CredentialKey current = registry.key(set.credentialSetId(), role).orElseThrow();
        // a signing certificate registered again after its card's was revoked (R4) states the new card certificate's
        // facts, kept with the link; otherwise (a found phone) the facts of the certificate it replaces
        java.security.cert.X509Certificate newCard = role == KeyRole.SIGNING
                ? registry.linkedCardCertificate(set.credentialSetId(), role).map(IssueReplacementCertificateWorker::certificate).orElse(null)
                : null;
        Holder holder = role == KeyRole.SIGNING
                ? holderFacts.of(set.holderRef(), newCard != null ? newCard : certificate(current.issuedCertificate().orElseThrow()))
                : new Holder(set.holderRef(), null, null, null, null);
        java.time.Instant notAfter = newCard != null && newCard.getNotAfter().toInstant().isBefore(set.cardNotAfter())
                ? newCard.getNotAfter().toInstant() : set.cardNotAfter();
        CertificateProfile profile = role == KeyRole.SIGNING ? CertificateProfile.SMARTPHONE_SIGNING
                : CertificateProfile.SMARTPHONE_USER_AUTH;
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(replacement.publicKey()));
        IssuedCertificate issued;
        try {
            issued = ca.issue(new IssueRequest(requestId(task.caseId(), role, replacement.publicKey()), profile, publicKey, holder, notAfter));
        } catch (CertificateRequestRejectedException e) {
            throw new BusinessOutcome(Errors.CERTIFICATE_REFUSED, "Re-issue " + task.caseId() + ": the CA refused the "
                    + role + " certificate (" + e.getMessage() + ")");
        }
        try {
            registry.recordReplacementCertificate(set.credentialSetId(), role, issued.ref().ca().name(), issued.ref().serial(),
                    issued.certificate().getEncoded());
        } catch (CredentialNoLongerLiveException e) {
            // the set ended while the CA was working: nobody else knows of this certificate
            revocations.revoke(task.caseId(), issued.ref(), RevocationReason.CESSATION_OF_OPERATION);
            throw new BusinessOutcome(Errors.CERTIFICATE_REFUSED, "Re-issue " + task.caseId() + ": the set ended while the "
                    + role + " certificate was being issued; that certificate was revoked");
        }
        return Map.of();
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("a certificate on record cannot be read", e);
        }
    }

    @Override
    protected String step(LifecycleTask task) {
        return "certify the replacement " + task.keyRole() + " key at the CA";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same CA request id and gets the same certificate, never a second one";
    }
}
