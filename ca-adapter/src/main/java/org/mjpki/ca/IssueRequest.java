package org.mjpki.ca;

import java.security.PublicKey;
import java.time.Instant;

/**
 * A request to issue one certificate.
 *
 * @param requestId        the caller's idempotency key (at most 200 characters)
 * @param profile          which of the four JPKI profiles
 * @param subjectPublicKey the holder's public key (RSA 2048–4096 bits, or EC P-256/P-384)
 * @param holder           the holder; the four basic facts are needed for signing profiles only
 * @param notAfter         the end of validity: for smartphone profiles the linked card certificate's (R3).
 *                         Truncated to whole seconds (X.509 precision); never after the CA certificate's own.
 */
public record IssueRequest(String requestId, CertificateProfile profile, PublicKey subjectPublicKey,
                           Holder holder, Instant notAfter) {

    @Override
    public String toString() {
        return "IssueRequest[requestId=" + requestId + ", profile=" + profile + ", holder=" + holder
                + ", notAfter=" + notAfter + "]";
    }
}
