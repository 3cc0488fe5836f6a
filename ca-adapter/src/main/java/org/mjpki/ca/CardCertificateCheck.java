package org.mjpki.ca;

import java.time.Instant;

/**
 * The result of {@link CertificateAuthority#checkCardCertificate}.
 *
 * @param status    the certificate's state
 * @param holderRef the holder's reference; null when UNKNOWN
 * @param notAfter  the certificate's notAfter (also for UNKNOWN: read from the presented certificate)
 * @param ref       the certificate; null when UNKNOWN
 */
public record CardCertificateCheck(CardCertificateCheck.Status status, String holderRef, Instant notAfter,
                                   CertificateRef ref) {
    public enum Status {
        GOOD, ON_HOLD, REVOKED, EXPIRED,
        /** Not issued by this CA (unknown issuer, bad signature, or no such certificate on record). */
        UNKNOWN
    }
}
