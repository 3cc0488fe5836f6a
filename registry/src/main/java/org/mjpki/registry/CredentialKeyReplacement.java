package org.mjpki.registry;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import org.mjpki.lifecycle.KeyRole;

/**
 * A key being re-issued (a found phone's signing key, R10; a key whose card certificate was renewed, R4): the
 * replacement key pair the applet made beside the live one, and its certificate once the CA issued it. It takes the
 * live key's place only when the applet holds both ({@link CredentialRegistry#completeReplacement}). Public material only.
 *
 * @param caseId the case that re-issues it; one replacement per key at a time
 */
public record CredentialKeyReplacement(
        String credentialSetId,
        KeyRole role,
        String caseId,
        byte[] publicKey,
        String issuingCa,
        BigInteger serial,
        byte[] certificate,
        Instant createdAt) {

    public Optional<byte[]> issuedCertificate() {
        return Optional.ofNullable(certificate);
    }
}
