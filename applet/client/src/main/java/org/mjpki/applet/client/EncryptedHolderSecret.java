package org.mjpki.applet.client;

import java.util.Arrays;

/**
 * A holder secret encrypted by the app for this one applet (ECDH P-256 + X9.63 KDF + AES-CBC +
 * AES-CMAC, single-use counter). Opaque to the server, which only relays it.
 */
public record EncryptedHolderSecret(byte[] blob) {
    public EncryptedHolderSecret {
        if (blob == null) {
            throw new IllegalArgumentException("blob is required");
        }
        blob = blob.clone();
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
