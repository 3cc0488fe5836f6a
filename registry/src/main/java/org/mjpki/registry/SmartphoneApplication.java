package org.mjpki.registry;

import java.time.Instant;

/**
 * An application for a smartphone set as the app sent it: the card-signed document (CMS) and the
 * facts the back end needs to find it again. The signed document is stored here, never in the process.
 */
public record SmartphoneApplication(
        String applicationId,
        String seId,
        String nonce,
        Instant expiresAt,
        byte[] signedApplication,
        String attestationToken,
        Instant receivedAt,
        String holderRef,
        Instant cardNotAfter,
        String cardIssuingCa,
        java.math.BigInteger cardSerial) {

    /** A received application, before its card signature was verified. */
    public SmartphoneApplication(String applicationId, String seId, String nonce, Instant expiresAt, byte[] signedApplication,
                                 String attestationToken, Instant receivedAt) {
        this(applicationId, seId, nonce, expiresAt, signedApplication, attestationToken, receivedAt, null, null, null, null);
    }

    /** The card signing certificate the application was signed with, once verified. */
    public CardCertificateLink cardCertificate() {
        return CardCertificateLink.ofNullable(cardIssuingCa, cardSerial);
    }
}
