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
 * Revokes a credential set's certificates at the CA. One request id per case and certificate
 * ({@code <caseId>/revoke/<issuingCa>/<serial>}), so however many paths of one case revoke the same certificate — an
 * issuance's compensation, its slot release, a worker that finds its issuance rolled back; a revocation's retried task
 * — the CA revokes once; a certificate some other case revoked first stays as that case revoked it. The certificate,
 * not the key role, is in the id because one case may revoke two sets: a device change revokes the old set's
 * certificates and, should its new issuance fail, the new set's, under the same application id.
 */
@Component
public class CertificateRevocations {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;

    public CertificateRevocations(CredentialRegistry registry, CertificateAuthority ca) {
        this.registry = registry;
        this.ca = ca;
    }

    static String requestId(String caseId, CertificateRef certificate) {
        return caseId + "/revoke/" + certificate.ca() + "/" + certificate.serial();
    }

    /** Revokes the certificate on record for {@code role} of the set, if any; returns whether there was one. */
    public boolean revokeIssued(String caseId, String credentialSetId, KeyRole role, RevocationReason reason) {
        CredentialKey key = registry.key(credentialSetId, role).orElse(null);
        if (key == null || key.serial() == null) {
            return false;
        }
        revoke(caseId, new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial()), reason);
        return true;
    }

    /**
     * Revokes the certificate a completed re-issue of {@code role} replaced (the registry keeps its serial as lineage),
     * if any; returns whether there was one.
     */
    public boolean revokeReplaced(String caseId, String credentialSetId, KeyRole role, RevocationReason reason) {
        CredentialKey key = registry.key(credentialSetId, role).orElse(null);
        if (key == null || key.replacesSerial() == null) {
            return false;
        }
        revoke(caseId, new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.replacesSerial()), reason);
        return true;
    }

    /**
     * Revokes the certificate issued for {@code caseId}'s pending replacement of {@code role} (a re-issue abandoned after
     * the CA certified the new key), if any; another case's replacement is not touched.
     */
    public boolean revokeReplacement(String caseId, String credentialSetId, KeyRole role, RevocationReason reason) {
        var pending = registry.replacement(credentialSetId, role).orElse(null);
        if (pending == null || pending.serial() == null || !pending.caseId().equals(caseId)) {
            return false;
        }
        revoke(caseId, new CertificateRef(IssuingCa.valueOf(pending.issuingCa()), pending.serial()), reason);
        return true;
    }

    /** Revokes every certificate on record for the set. */
    public void revokeAllIssued(String caseId, String credentialSetId, RevocationReason reason) {
        for (KeyRole role : KeyRole.values()) {
            revokeIssued(caseId, credentialSetId, role, reason);
        }
    }

    /** Revokes a certificate by its reference (one that was issued but could not be recorded). */
    public void revoke(String caseId, CertificateRef certificate, RevocationReason reason) {
        ca.revoke(requestId(caseId, certificate), certificate, reason);
    }
}
