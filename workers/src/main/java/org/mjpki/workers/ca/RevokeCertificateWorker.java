package org.mjpki.workers.ca;

import java.util.Map;
import org.camunda.bpm.client.spring.annotation.ExternalTaskSubscription;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.processes.issuance.IssuanceProcess.Topics;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.KeyRole;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Compensation: revokes a certificate issued for an issuance that was rolled back (reason cessationOfOperation,
 * the set never came into use). Exactly once: the CA request id is the application and key role.
 */
@Component
@ExternalTaskSubscription(topicName = Topics.REVOKE_CERTIFICATE)
public class RevokeCertificateWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;

    public RevokeCertificateWorker(CredentialRegistry registry, CertificateAuthority ca) {
        this.registry = registry;
        this.ca = ca;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        String applicationId = task.applicationId();
        KeyRole role = task.keyRole();
        CredentialKey key = registry.key(applicationId, role).orElse(null);
        if (key == null || key.serial() == null) {
            return Map.of(); // nothing was issued for this role
        }
        ca.revoke(applicationId + "/revoke/" + role, new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial()),
                RevocationReason.CESSATION_OF_OPERATION);
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "revoke the " + task.keyRole() + " certificate of a rolled-back issuance";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same revocation request id; the certificate is revoked once";
    }
}
