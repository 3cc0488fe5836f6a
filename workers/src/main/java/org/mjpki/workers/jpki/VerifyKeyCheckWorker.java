package org.mjpki.workers.jpki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.reissue.KeyCheckChallenge;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess.Errors;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess.Variables;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * The re-issue's check by a signature: the holder typed the password and the applet signed the case's key-check
 * challenge (and its identification info, R13) with the new key; it must verify with the new certificate. Proves the
 * key the applet signs with is the one the CA certified.
 */
@Component
@ExternalTaskTopic(value = Topics.VERIFY_KEY_CHECK, lane = WorkerLane.CHECKS,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.CREDENTIAL_SET_ID, Variables.KEY_CHECK_SIGNATURE,
                Variables.KEY_CHECK_IDENTIFICATION})
public class VerifyKeyCheckWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public VerifyKeyCheckWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) throws Exception {
        KeyRole role = task.keyRole();
        CredentialKey key = registry.key(sets.of(task).credentialSetId(), role).orElseThrow();
        if (key.replacesSerial() == null) {
            throw new IllegalStateException("the " + role + " key of this set was not re-issued");
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(key.issuedCertificate().orElseThrow()));
        byte[] signature = decoded(task, Variables.KEY_CHECK_SIGNATURE);
        byte[] identification = decoded(task, Variables.KEY_CHECK_IDENTIFICATION);
        if (!verifies(certificate, KeyCheckChallenge.of(task.caseId(), role, key.serial()), signature, identification)) {
            throw new BusinessOutcome(Errors.KEY_CHECK_FAILED, "Re-issue " + task.caseId() + ": the " + role
                    + " key on the phone does not sign with its new certificate");
        }
        return Map.of();
    }

    private static byte[] decoded(LifecycleTask task, String name) {
        try {
            return Base64.getDecoder().decode(task.string(name));
        } catch (IllegalArgumentException e) {
            throw new BusinessOutcome(Errors.KEY_CHECK_FAILED, "Re-issue " + task.caseId() + ": " + name + " is not base64");
        }
    }

    static boolean verifies(X509Certificate certificate, byte[] challenge, byte[] signature, byte[] identification) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            verifier.update(identification);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    protected String step(LifecycleTask task) {
        return "verify the holder's check signature with the re-issued " + task.keyRole() + " key";
    }

    @Override
    protected String retryEffect() {
        return "retrying verifies the same signature again";
    }
}
