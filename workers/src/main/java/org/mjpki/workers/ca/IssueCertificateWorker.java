package org.mjpki.workers.ca;

import org.mjpki.ca.RevocationReason;
import org.mjpki.registry.UnknownCredentialSetException;
import org.mjpki.processes.CaseVariables;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Map;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.jpki.SignedApplication;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialNoLongerLiveException;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Has the CA issue the smartphone certificate for the key the applet generated, valid until the card
 * certificate's notAfter (R3). Exactly once: the CA request id is the application and key role, so a retry
 * gets the same certificate back.
 */
@Component
@ExternalTaskTopic(value = Topics.ISSUE_CERTIFICATE, lockDuration = 60_000, lane = WorkerLane.CA, variables = CaseVariables.KEY_ROLE)
public class IssueCertificateWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;
    private final CardHolderFacts cardHolderFacts;
    private final CertificateRevocations revocations;

    public IssueCertificateWorker(CredentialRegistry registry, CertificateAuthority ca, CardHolderFacts cardHolderFacts,
                                  CertificateRevocations revocations) {
        this.registry = registry;
        this.ca = ca;
        this.cardHolderFacts = cardHolderFacts;
        this.revocations = revocations;
    }

    /** Keyed by the case (the issuance's application) and the step: one certificate per key of the set, however often retried. */
    static String requestId(String caseId, KeyRole role) {
        return caseId + "/issue/" + role;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) throws Exception {
        String applicationId = task.caseId();
        KeyRole role = task.keyRole();
        CredentialSet credential = registry.setOfApplication(applicationId)
                .orElseThrow(() -> new UnknownCredentialSetException("of application " + applicationId));
        String setId = credential.credentialSetId();
        CredentialKey key = registry.key(setId, role)
                .orElseThrow(() -> new IllegalStateException("no " + role + " public key on record"));
        if (key.issuedCertificate().isPresent()) {
            return Map.of();
        }
        SmartphoneApplication application = registry.application(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        Holder holder = role == KeyRole.SIGNING
                ? cardHolderFacts.of(credential.holderRef(), SignedApplication.parse(application.signedApplication()).signerCertificate())
                : new Holder(credential.holderRef(), null, null, null, null);
        CertificateProfile profile = role == KeyRole.SIGNING ? CertificateProfile.SMARTPHONE_SIGNING : CertificateProfile.SMARTPHONE_USER_AUTH;
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(key.publicKey()));
        Instant notAfter = credential.cardNotAfter();
        IssuedCertificate issued;
        try {
            issued = ca.issue(new IssueRequest(requestId(applicationId, role), profile, publicKey, holder, notAfter));
        } catch (CertificateRequestRejectedException e) {
            throw new BusinessOutcome(Errors.CERTIFICATE_REFUSED, "Application " + applicationId + ": the CA refused the "
                    + role + " certificate (" + e.getMessage() + ")");
        } catch (org.mjpki.ca.CertificateAuthorityUnavailableException away) {
            // the task waits for the JPKI system (MjpkiWorker); the personalization deadline does not count that time
            registry.recordWaitForTheJpkiSystem(applicationId);
            throw away;
        }
        try {
            registry.recordCertificate(setId, role, issued.ref().ca().name(), issued.ref().serial(),
                    issued.certificate().getEncoded());
        } catch (CredentialNoLongerLiveException e) {
            // rolled back while the CA was working: this certificate would be missed by compensation
            revocations.revoke(applicationId, issued.ref(), RevocationReason.CESSATION_OF_OPERATION);
            throw new BusinessOutcome(Errors.CERTIFICATE_REFUSED, "Application " + applicationId + ": the issuance was "
                    + "rolled back while the " + role + " certificate was being issued; that certificate was revoked");
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "issue the " + task.keyRole() + " certificate at the CA";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same CA request id and gets the same certificate, never a second one";
    }
}
