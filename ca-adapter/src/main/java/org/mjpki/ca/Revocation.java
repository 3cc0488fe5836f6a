package org.mjpki.ca;

import java.time.Instant;

/**
 * The outcome of a revocation.
 *
 * @param requestId the request that revoked the certificate (the first one, if it was revoked before)
 * @param ref       the certificate
 * @param reason    the reason recorded
 * @param revokedAt the revocation time as published in CRLs and OCSP
 */
public record Revocation(String requestId, CertificateRef ref, RevocationReason reason, Instant revokedAt) {}
