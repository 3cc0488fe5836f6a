package org.mjpki.registry;

import java.math.BigInteger;
import java.util.Optional;
import org.mjpki.lifecycle.KeyRole;

/**
 * A key pair of a credential set, by its public half, and the certificate once the CA issued it.
 * Only public material: private keys never leave the applet.
 *
 * @param replacesSerial lineage: the serial of the certificate this one replaced (a re-issued signing certificate)
 */
public record CredentialKey(
        String credentialSetId,
        KeyRole role,
        byte[] publicKey,
        String issuingCa,
        BigInteger serial,
        byte[] certificate,
        BigInteger replacesSerial) {

    public Optional<byte[]> issuedCertificate() {
        return Optional.ofNullable(certificate);
    }
}
