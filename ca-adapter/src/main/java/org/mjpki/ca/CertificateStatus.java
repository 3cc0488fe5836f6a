package org.mjpki.ca;

import java.time.Instant;

/**
 * The status of one certificate as the CA records it.
 *
 * @param ref        the certificate
 * @param state      GOOD, ON_HOLD, REVOKED, EXPIRED (not revoked, past notAfter) or UNKNOWN (never issued here)
 * @param profile    its profile; null when UNKNOWN
 * @param holderRef  its holder; null when UNKNOWN
 * @param notAfter   end of validity; null when UNKNOWN
 * @param revokedAt  when it was revoked or put on hold; null otherwise
 * @param reason     revocation reason (CERTIFICATE_HOLD while on hold); null otherwise
 */
public record CertificateStatus(CertificateRef ref, State state, CertificateProfile profile, String holderRef,
                                Instant notAfter, Instant revokedAt, RevocationReason reason) {
    public enum State { GOOD, ON_HOLD, REVOKED, EXPIRED, UNKNOWN }

    public static CertificateStatus unknown(CertificateRef ref) {
        return new CertificateStatus(ref, State.UNKNOWN, null, null, null, null, null);
    }
}
