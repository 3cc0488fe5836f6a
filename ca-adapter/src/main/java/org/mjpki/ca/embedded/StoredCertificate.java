package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.time.Instant;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;

/**
 * One certificate as the CA records it.
 *
 * @param profile   null for the CA's own delegated OCSP signer certificates (kind {@link Kind#OCSP_SIGNER})
 * @param partition the CRL partition, fixed at issuance; -1 for OCSP signer certificates (never on a CRL)
 */
public record StoredCertificate(
        IssuingCa ca, BigInteger serial, String requestId, String requestHash, Kind kind, CertificateProfile profile,
        int partition, String holderRef, Instant notBefore, Instant notAfter, Instant issuedAt,
        State state, Instant revokedAt, RevocationReason reason, String revocationRequestId, Instant holdReleasedAt,
        long statusSeq, byte[] der) {

    public enum State { GOOD, ON_HOLD, REVOKED }

    public enum Kind { HOLDER, OCSP_SIGNER }

    public CertificateMedium medium() {
        return profile == null ? null : profile.medium();
    }

    public CrlScope scope() {
        return profile == null ? null : new CrlScope(ca, profile.medium(), partition);
    }

    @Override
    public String toString() {
        return "StoredCertificate[" + ca + ":" + serial.toString(16) + ", " + profile + ", " + state + "]";
    }
}
