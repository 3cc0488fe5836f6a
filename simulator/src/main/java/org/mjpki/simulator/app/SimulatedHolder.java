package org.mjpki.simulator.app;

import java.security.SecureRandom;
import org.mjpki.simulator.card.TestMyNumberCard;
import org.mjpki.simulator.phone.SimulatedPhone;

/**
 * A holder with a My Number card and a phone, and the signing password and user-auth PIN they choose. The
 * secrets exist only here and in the applet: they are typed into the app and go to the applet encrypted.
 */
public final class SimulatedHolder {

    private static final char[] PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private final TestMyNumberCard card;
    private final SimulatedPhone phone;
    private final byte[] signingPassword;
    private final byte[] userAuthPin;
    /** The credential set the holder's issuance made, once it completed (the app keeps it to revoke it, R9). */
    private volatile String credentialSetId;

    public SimulatedHolder(TestMyNumberCard card, SimulatedPhone phone, SecureRandom random) {
        this.card = card;
        this.phone = phone;
        this.signingPassword = randomText(random, 8 + random.nextInt(9), PASSWORD_ALPHABET);
        this.userAuthPin = randomText(random, 4, "0123456789".toCharArray());
    }

    private static byte[] randomText(SecureRandom random, int length, char[] alphabet) {
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) alphabet[random.nextInt(alphabet.length)];
        }
        return text;
    }

    public TestMyNumberCard card() {
        return card;
    }

    public SimulatedPhone phone() {
        return phone;
    }

    /** The holder's credential set, once an issuance of theirs completed (the server's {@code credentialSetId}). */
    public java.util.Optional<String> credentialSetId() {
        return java.util.Optional.ofNullable(credentialSetId);
    }

    /**
     * The app remembers the set an issuance made ({@code GET /api/v1/applications/{id}} once COMPLETED); tests
     * that sent the application themselves can tell the holder here.
     */
    public void rememberCredentialSet(String credentialSetId) {
        if (credentialSetId == null || credentialSetId.isBlank()) {
            throw new IllegalArgumentException("no credential set id");
        }
        this.credentialSetId = credentialSetId;
    }

    byte[] signingPassword() {
        return signingPassword.clone();
    }

    byte[] userAuthPin() {
        return userAuthPin.clone();
    }

    /** For the secret-leak check: the strings that must never appear in any table, variable or log. */
    public java.util.List<String> secretsForLeakCheck() {
        return java.util.List.of(new String(signingPassword, java.nio.charset.StandardCharsets.US_ASCII),
                new String(userAuthPin, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "SimulatedHolder[" + card.holder().holderRef() + " on " + phone.seId() + "]";
    }
}
