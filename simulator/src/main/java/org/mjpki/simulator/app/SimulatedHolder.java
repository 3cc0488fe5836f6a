package org.mjpki.simulator.app;

import java.security.SecureRandom;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.simulator.card.TestMyNumberCard;
import org.mjpki.simulator.phone.SimulatedPhone;

/**
 * A holder with a My Number card and a phone, and the signing password and user-auth PIN they choose. The
 * secrets exist only here and in the applet: they are typed into the app and go to the applet encrypted.
 */
public final class SimulatedHolder {

    private static final char[] PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    /** The card as the town hall last wrote it (a new signing certificate after an address change, a renewal). */
    private volatile TestMyNumberCard card;
    private final SimulatedPhone phone;
    private final SecureRandom random;
    /** The secrets the holder has now: changed on the phone or set anew by a lock release. */
    private volatile byte[] signingPassword;
    private volatile byte[] userAuthPin;
    /** Every secret this holder ever chose, for the leak check: an old password must not surface either. */
    private final java.util.List<String> everChosen = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The credential set the holder's issuance made, once it completed (the app keeps it to revoke it, R9). */
    private volatile String credentialSetId;

    public SimulatedHolder(TestMyNumberCard card, SimulatedPhone phone, SecureRandom random) {
        this.card = card;
        this.phone = phone;
        this.random = random;
        this.signingPassword = choose(SecretKind.SIGNING_PASSWORD);
        this.userAuthPin = choose(SecretKind.USER_AUTH_PIN);
    }

    /** A new secret of {@code kind} the holder thinks of (not yet in use: see {@link #adopt}). */
    byte[] choose(SecretKind kind) {
        byte[] secret = kind == SecretKind.SIGNING_PASSWORD ? randomText(random, 8 + random.nextInt(9), PASSWORD_ALPHABET)
                : randomText(random, 4, "0123456789".toCharArray());
        everChosen.add(new String(secret, java.nio.charset.StandardCharsets.US_ASCII));
        return secret;
    }

    /** The applet took {@code secret} for {@code kind}: from now on the holder types it. */
    void adopt(SecretKind kind, byte[] secret) {
        if (kind == SecretKind.SIGNING_PASSWORD) {
            signingPassword = secret.clone();
        } else {
            userAuthPin = secret.clone();
        }
    }

    byte[] secret(SecretKind kind) {
        return kind == SecretKind.SIGNING_PASSWORD ? signingPassword() : userAuthPin();
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

    /** The card office rewrote the holder's card (address change, renewal): the same person's card from now on. */
    public void cardRewritten(TestMyNumberCard rewritten) {
        if (!rewritten.holder().holderRef().equals(card.holder().holderRef())) {
            throw new IllegalArgumentException("a rewritten card is the same holder's card");
        }
        card = rewritten;
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

    /**
     * For the secret-leak check: the strings that must never appear in any table, variable or log — every password and
     * PIN this holder ever chose, the old ones as well as the ones in use.
     */
    public java.util.List<String> secretsForLeakCheck() {
        return java.util.List.copyOf(everChosen);
    }

    @Override
    public String toString() {
        return "SimulatedHolder[" + card.holder().holderRef() + " on " + phone.seId() + "]";
    }
}
