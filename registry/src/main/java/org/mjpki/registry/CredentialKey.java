package org.mjpki.registry;

import java.math.BigInteger;
import java.util.Optional;
import org.mjpki.lifecycle.KeyRole;

/**
 * A key pair of a smartphone set, by its public half, and the certificate once the CA issued it.
 * Only public material: private keys never leave the applet.
 */
public record CredentialKey(
        String applicationId,
        KeyRole role,
        byte[] publicKey,
        String issuingCa,
        BigInteger serial,
        byte[] certificate) {

    public Optional<byte[]> issuedCertificate() {
        return Optional.ofNullable(certificate);
    }
}
