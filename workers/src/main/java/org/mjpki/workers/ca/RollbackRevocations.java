package org.mjpki.workers.ca;

import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.springframework.stereotype.Component;

/**
 * Revokes what an issuance that did not complete left issued (reason cessationOfOperation: the set never
 * came into use). One request id per application and key role, so however many paths revoke the same
 * certificate — compensation, slot release, a worker that finds its issuance rolled back — the CA revokes once.
 */
@Component
public class RollbackRevocations {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;

    public RollbackRevocations(CredentialRegistry registry, CertificateAuthority ca) {
        this.registry = registry;
        this.ca = ca;
    }

    static String requestId(String applicationId, KeyRole role) {
        return applicationId + "/revoke/" + role;
    }

    /** Revokes the certificate on record for {@code role}, if any; returns whether there was one. */
    public boolean revokeIssued(String applicationId, KeyRole role) {
        CredentialKey key = registry.key(applicationId, role).orElse(null);
        if (key == null || key.serial() == null) {
            return false;
        }
        revoke(applicationId, role, new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial()));
        return true;
    }

    /** Revokes every certificate on record for the application. */
    public void revokeAllIssued(String applicationId) {
        for (KeyRole role : KeyRole.values()) {
            revokeIssued(applicationId, role);
        }
    }

    /** Revokes a certificate that was issued but could not be recorded because the issuance was rolled back. */
    public void revoke(String applicationId, KeyRole role, CertificateRef certificate) {
        ca.revoke(requestId(applicationId, role), certificate, RevocationReason.CESSATION_OF_OPERATION);
    }
}
