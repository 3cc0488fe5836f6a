package org.mjpki.ca;

/**
 * One revocation of a batch ({@link CertificateAuthority#revokeAll}): what {@link CertificateAuthority#revoke} takes,
 * as a value.
 */
public record RevocationOrder(String requestId, CertificateRef certificate, RevocationReason reason) {}
