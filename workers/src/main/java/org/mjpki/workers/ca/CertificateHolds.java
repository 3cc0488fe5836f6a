package org.mjpki.workers.ca;

import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.springframework.stereotype.Component;

/**
 * Holds and releases a set's certificates at the CA. One request id per case, step and certificate
 * ({@code <caseId>/hold/<issuingCa>/<serial>}, {@code <caseId>/release/…}), so a retried task holds or releases once.
 */
@Component
public class CertificateHolds {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;

    public CertificateHolds(CredentialRegistry registry, CertificateAuthority ca) {
        this.registry = registry;
        this.ca = ca;
    }

    public void hold(String caseId, String credentialSetId, KeyRole role) {
        CertificateRef certificate = current(credentialSetId, role);
        ca.placeOnHold(caseId + "/hold/" + certificate.ca() + "/" + certificate.serial(), certificate);
    }

    public void release(String caseId, String credentialSetId, KeyRole role) {
        CertificateRef certificate = current(credentialSetId, role);
        ca.releaseHold(caseId + "/release/" + certificate.ca() + "/" + certificate.serial(), certificate);
    }

    private CertificateRef current(String credentialSetId, KeyRole role) {
        CredentialKey key = registry.key(credentialSetId, role)
                .filter(k -> k.serial() != null)
                .orElseThrow(() -> new IllegalStateException("credential set " + credentialSetId + " has no " + role + " certificate"));
        return new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial());
    }
}
