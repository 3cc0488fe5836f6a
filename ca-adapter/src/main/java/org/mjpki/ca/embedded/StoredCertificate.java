package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.time.Instant;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;

/**
 * One certificate as the CA records it. A row is written, {@link State#RESERVED} and without DER, before the
 * certificate is signed, and completed with the DER once signed (ADR 0006).
 *
 * @param profile   null for the CA's own certificates (kinds {@link Kind#OCSP_SIGNER}, {@link Kind#CA})
 * @param partition the CRL partition, fixed at issuance; -1 for the CA's own certificates (never on a CRL)
 * @param der       the signed certificate; null while {@link State#RESERVED}
 */
public record StoredCertificate(
        IssuingCa ca, BigInteger serial, String requestId, String requestHash, Kind kind, CertificateProfile profile,
        int partition, String holderRef, Instant notBefore, Instant notAfter, Instant issuedAt,
        State state, Instant revokedAt, RevocationReason reason, String revocationRequestId, Instant holdReleasedAt,
        long statusSeq, byte[] der) {

    /** RESERVED: serial, partition slot and request id taken, not signed yet (or signed and never delivered). */
    public enum State { RESERVED, GOOD, ON_HOLD, REVOKED }

    /** HOLDER: the four profiles; OCSP_SIGNER: delegated OCSP responders; CA: the CA's self-signed certificate. */
    public enum Kind { HOLDER, OCSP_SIGNER, CA }

    /** The row written before signing: everything the certificate will carry except its DER. */
    public static StoredCertificate reserved(IssuingCa ca, BigInteger serial, String requestId, String requestHash, Kind kind,
                                             CertificateProfile profile, int partition, String holderRef, Instant notBefore,
                                             Instant notAfter, Instant issuedAt) {
        return new StoredCertificate(ca, serial, requestId, requestHash, kind, profile, partition, holderRef, notBefore,
                notAfter, issuedAt, State.RESERVED, null, null, null, null, 0, null);
    }

    /** This reservation, signed. */
    public StoredCertificate signed(byte[] certificate) {
        return new StoredCertificate(ca, serial, requestId, requestHash, kind, profile, partition, holderRef, notBefore,
                notAfter, issuedAt, State.GOOD, null, null, null, null, statusSeq, certificate);
    }

    /** Signed and recorded: a certificate that may have left the CA. */
    public boolean issued() {
        return state != State.RESERVED;
    }

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
