package org.mjpki.applet.client;

import java.util.Arrays;

/**
 * A holder secret encrypted by the app for this one applet (ECDH P-256 + X9.63 KDF + AES-CBC +
 * AES-CMAC, single-use counter). Opaque to the server, which only relays it.
 */
public record EncryptedHolderSecret(byte[] blob) {

    /** version | kind | counter(4) | ephemeral point(65) | ciphertext (16 or 32) | tag(16). */
    private static final int HEADER = 6;
    private static final int SHORT_BLOB = HEADER + 65 + 16 + 16;
    private static final int LONG_BLOB = SHORT_BLOB + 16;

    public EncryptedHolderSecret {
        if (blob == null) {
            throw new IllegalArgumentException("blob is required");
        }
        blob = blob.clone();
    }

    /**
     * A blob received from outside (the app, through the server), checked for its form only — the length, the version
     * and that it is for {@code kind}; whether it opens is for the applet alone to say. The message names no byte of it.
     */
    public static EncryptedHolderSecret received(SecretKind kind, byte[] blob) {
        if (blob == null || (blob.length != SHORT_BLOB && blob.length != LONG_BLOB)) {
            throw new IllegalArgumentException("an encrypted secret is " + SHORT_BLOB + " or " + LONG_BLOB + " bytes");
        }
        if (blob[0] != HolderSecretCipher.VERSION || (blob[1] & 0xFF) != kind.code()) {
            throw new IllegalArgumentException("the encrypted secret is not a version-1 " + kind + " for the applet");
        }
        return new EncryptedHolderSecret(blob);
    }

    /** The applet's transport counter this blob was made for: it opens only while the applet's counter has this value. */
    public long counter() {
        if (blob.length < HEADER) {
            throw new IllegalStateException("the encrypted secret has no header");
        }
        return ((blob[2] & 0xFFL) << 24) | ((blob[3] & 0xFFL) << 16) | ((blob[4] & 0xFFL) << 8) | (blob[5] & 0xFFL);
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedHolderSecret other && Arrays.equals(blob, other.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "EncryptedHolderSecret[" + blob.length + " bytes]";
    }
}
