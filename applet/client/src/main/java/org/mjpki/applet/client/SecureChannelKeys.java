package org.mjpki.applet.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The applet's SCP03 static keys (AES-128): ENC and MAC derive the session keys, DEK is kept for
 * key-transport extensions. The key version number is fixed to 0x30.
 */
public record SecureChannelKeys(byte[] enc, byte[] mac, byte[] dek) {

    /** Key version number the applet reports in INITIALIZE UPDATE. */
    public static final int KEY_VERSION = 0x30;

    public SecureChannelKeys {
        check(enc, "enc");
        check(mac, "mac");
        check(dek, "dek");
        enc = enc.clone();
        mac = mac.clone();
        dek = dek.clone();
    }

    private static void check(byte[] k, String name) {
        if (k == null || k.length != 16) {
            throw new IllegalArgumentException("SCP03 " + name + " key must be 16 bytes (AES-128)");
        }
    }

    @Override
    public byte[] enc() {
        return enc.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public byte[] dek() {
        return dek.clone();
    }

    /**
     * Per-SE keys from an issuer master key (AES-128/192/256): each key is one block of the
     * NIST SP 800-108 counter-mode KDF with AES-CMAC under the master key, SCP03 input layout
     * (11 zero bytes | constant | 00 | L=0x0080 | counter 01 | context), constant 0x01 for ENC,
     * 0x02 for MAC, 0x03 for DEK, context = UTF-8 bytes of the SE id.
     */
    public static SecureChannelKeys diversify(byte[] masterKey, String seId) {
        if (masterKey == null || (masterKey.length != 16 && masterKey.length != 24 && masterKey.length != 32)) {
            throw new IllegalArgumentException("master key must be an AES key (16, 24 or 32 bytes)");
        }
        if (seId == null || seId.isEmpty()) {
            throw new IllegalArgumentException("SE id is required");
        }
        byte[] context = seId.getBytes(StandardCharsets.UTF_8);
        if (context.length > 200) {
            throw new IllegalArgumentException("SE id is too long");
        }
        return new SecureChannelKeys(Crypto.kdf(masterKey, 0x01, 128, context),
                Crypto.kdf(masterKey, 0x02, 128, context),
                Crypto.kdf(masterKey, 0x03, 128, context));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecureChannelKeys k && Arrays.equals(enc, k.enc) && Arrays.equals(mac, k.mac)
                && Arrays.equals(dek, k.dek);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(enc) * 31 + Arrays.hashCode(mac);
    }

    /** Never prints key bytes. */
    @Override
    public String toString() {
        return "SecureChannelKeys[kvn=30, keys hidden]";
    }
}
