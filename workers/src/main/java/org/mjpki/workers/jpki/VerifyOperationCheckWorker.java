package org.mjpki.workers.jpki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.UnknownCredentialSetException;
import org.mjpki.registry.OperationCheckSignature;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * The operation check (seed 004, steps 8 and 9): the holder unlocked each key on the phone and signed the
 * server's challenge; each signature, with its signature identification info (R13), must verify against the
 * certificate issued for that key. Proves the key in the applet is the one certified.
 */
@Component
@ExternalTaskTopic(value = Topics.VERIFY_OPERATION_CHECK, lane = WorkerLane.CHECKS)
public class VerifyOperationCheckWorker extends MjpkiWorker {

    private final CredentialRegistry registry;

    public VerifyOperationCheckWorker(CredentialRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) throws Exception {
        String applicationId = task.caseId();
        byte[] challenge = registry.existingOperationChallenge(applicationId)
                .orElseThrow(() -> new BusinessOutcome(Errors.OPERATION_CHECK_FAILED,
                        "Application " + applicationId + ": no operation check challenge was handed out"));
        String setId = registry.setOfApplication(applicationId)
                .orElseThrow(() -> new UnknownCredentialSetException("of application " + applicationId)).credentialSetId();
        for (KeyRole role : KeyRole.values()) {
            OperationCheckSignature submitted = registry.operationCheck(applicationId, role)
                    .orElseThrow(() -> new BusinessOutcome(Errors.OPERATION_CHECK_FAILED,
                            "Application " + applicationId + ": no operation check signature for " + role));
            CredentialKey key = registry.key(setId, role).orElseThrow();
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(key.issuedCertificate().orElseThrow()));
            if (!verifies(certificate, challenge, submitted)) {
                throw new BusinessOutcome(Errors.OPERATION_CHECK_FAILED, "Application " + applicationId
                        + ": the " + role + " key on the phone does not match its certificate");
            }
        }
        return Map.of();
    }

    /** The applet signs the challenge followed by its identification info, SHA256withRSA (PKCS#1 v1.5). */
    static boolean verifies(X509Certificate certificate, byte[] challenge, OperationCheckSignature submitted) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            verifier.update(submitted.identification());
            return verifier.verify(submitted.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    protected String step(LifecycleTask task) {
        return "verify the operation check signatures";
    }

    @Override
    protected String retryEffect() {
        return "retrying verifies the same signatures again";
    }
}
