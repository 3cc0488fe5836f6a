package org.mjpki.applet.client;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Host side of the SCP03 profile the applet implements (GP Amendment D): random card challenge
 * with R-MAC support (i=0x20), S-ENC/S-MAC/S-RMAC from the SP 800-108 CMAC KDF over host || card
 * challenge, 8-byte cryptograms and MACs, C-MAC chaining, C-DECRYPTION with ICV =
 * AES(S-ENC, counter), R-MAC over chaining value || data || 9000 on successful responses.
 */
final class Scp03Host {

    static final int LEVEL_C_MAC = 0x01;
    static final int LEVEL_C_DEC = 0x02;
    static final int LEVEL_R_MAC = 0x10;
    /** What {@link IssuerSession} uses by default: C-MAC, C-DECRYPTION and R-MAC. */
    static final int LEVEL_DEFAULT = LEVEL_C_MAC | LEVEL_C_DEC | LEVEL_R_MAC;

    // "i" parameter bits of SCP03 (Amendment D, INITIALIZE UPDATE response)
    static final int I_PSEUDO_RANDOM_CHALLENGE = 0x10;
    static final int I_R_MAC = 0x20;

    private final int level;
    private byte[] sEnc;
    private byte[] sMac;
    private byte[] sRmac;
    private byte[] chaining = new byte[16];
    private final byte[] counter = new byte[16];
    private byte[] hostCryptogram;
    private boolean open;

    private Scp03Host(int level) {
        this.level = level;
    }

    static Scp03Host open(ApduChannel channel, SecureChannelKeys keys, int level, SecureRandom random) {
        checkLevel(level);
        byte[] hostChallenge = new byte[8];
        random.nextBytes(hostChallenge);
        ApduChannel.Response r = channel.exchange(ApduChannel.CLA_PROPRIETARY, 0x50, SecureChannelKeys.KEY_VERSION, 0,
                hostChallenge, null);
        if (!r.ok()) {
            throw new SecureChannelException("INITIALIZE UPDATE failed: SW=" + String.format("%04X", r.sw())
                    + " (" + StatusWords.describe(r.sw()) + ")", r.sw());
        }
        byte[] d = r.data();
        // random card challenge: no sequence counter, 29 bytes
        if (d.length != 29 || (d[11] & 0xFF) != 0x03 || (d[12] & I_PSEUDO_RANDOM_CHALLENGE) != 0) {
            throw new SecureChannelException("INITIALIZE UPDATE returned a response that is not this SCP03 profile", r.sw());
        }
        if ((level & LEVEL_R_MAC) != 0 && (d[12] & I_R_MAC) == 0) {
            throw new SecureChannelException("INITIALIZE UPDATE: the card does not offer R-MAC", r.sw());
        }
        Scp03Host s = derive(keys, level, hostChallenge, Arrays.copyOfRange(d, 13, 21), Arrays.copyOfRange(d, 21, 29), r.sw());
        ApduChannel.Response ea = channel.exchangeRaw(s.externalAuthenticate());
        if (!ea.ok()) {
            s.close();
            throw new SecureChannelException("EXTERNAL AUTHENTICATE failed: SW=" + String.format("%04X", ea.sw())
                    + " (" + StatusWords.describe(ea.sw()) + ")", ea.sw());
        }
        return s;
    }

    private static void checkLevel(int level) {
        if ((level & LEVEL_C_MAC) == 0 || (level & ~(LEVEL_C_MAC | LEVEL_C_DEC | LEVEL_R_MAC)) != 0) {
            throw new IllegalArgumentException("unsupported SCP03 security level " + level);
        }
    }

    /**
     * Session keys from the static keys and both challenges; checks the card cryptogram. The result
     * is ready for {@link #externalAuthenticate()}.
     */
    static Scp03Host derive(SecureChannelKeys keys, int level, byte[] hostChallenge, byte[] cardChallenge,
                            byte[] cardCryptogram, int sw) {
        checkLevel(level);
        Scp03Host s = new Scp03Host(level);
        byte[] context = Crypto.concat(hostChallenge, cardChallenge);
        byte[] enc = keys.enc();
        byte[] mac = keys.mac();
        s.sEnc = Crypto.kdf(enc, 0x04, 128, context);
        s.sMac = Crypto.kdf(mac, 0x06, 128, context);
        s.sRmac = Crypto.kdf(mac, 0x07, 128, context);
        Arrays.fill(enc, (byte) 0);
        Arrays.fill(mac, (byte) 0);
        if (!Crypto.equal(cardCryptogram, Crypto.kdf(s.sMac, 0x00, 64, context))) {
            s.close();
            throw new SecureChannelException("INITIALIZE UPDATE: card cryptogram does not verify (wrong static keys?)", sw);
        }
        s.hostCryptogram = Crypto.kdf(s.sMac, 0x01, 64, context);
        return s;
    }

    /** The EXTERNAL AUTHENTICATE APDU (host cryptogram, C-MAC; MACed, never encrypted); opens this side. */
    byte[] externalAuthenticate() {
        open = true;
        byte[] apdu = wrapRaw(0x84, 0x82, level, 0, hostCryptogram, false);
        Arrays.fill(hostCryptogram, (byte) 0);
        return apdu;
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        open = false;
        for (byte[] k : new byte[][] {sEnc, sMac, sRmac}) {
            if (k != null) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }

    int maxPlainChunk() {
        // Lc = data (+ padding) + 8-byte MAC <= 254 (see ApduChannel.MAX_CHUNK)
        return (level & LEVEL_C_DEC) != 0 ? 239 : 246;
    }

    byte[] wrap(int cla, int ins, int p1, int p2, byte[] data) {
        if (!open) {
            throw new SecureChannelException("secure channel is closed", StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        }
        increment(counter);
        return wrapRaw(cla | 0x84, ins, p1, p2, data, (level & LEVEL_C_DEC) != 0);
    }

    private byte[] wrapRaw(int cla, int ins, int p1, int p2, byte[] data, boolean encrypt) {
        byte[] body = data;
        if (encrypt && data.length > 0) {
            byte[] icv = Crypto.aesEcbBlock(sEnc, counter);
            body = Crypto.aesCbc(true, sEnc, icv, Crypto.pad(data));
        }
        int lc = body.length + 8;
        byte[] header = {(byte) cla, (byte) ins, (byte) p1, (byte) p2, (byte) lc};
        byte[] fullMac = Crypto.cmac(sMac, Crypto.concat(chaining, header, body));
        chaining = fullMac;
        byte[] apdu = new byte[5 + lc + 1];
        System.arraycopy(header, 0, apdu, 0, 5);
        System.arraycopy(body, 0, apdu, 5, body.length);
        System.arraycopy(fullMac, 0, apdu, 5 + body.length, 8);
        return apdu;
    }

    ApduChannel.Response unwrap(ApduChannel.Response r) {
        if (r.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
            close(); // the card closes its side on any MAC failure
            return r;
        }
        if (!r.ok() || (level & LEVEL_R_MAC) == 0) {
            return r;
        }
        byte[] d = r.data();
        if (d.length < 8) {
            close();
            throw new SecureChannelException("response without R-MAC", r.sw());
        }
        byte[] body = Arrays.copyOf(d, d.length - 8);
        byte[] expected = Arrays.copyOf(Crypto.cmac(sRmac, Crypto.concat(chaining, body, new byte[] {(byte) 0x90, 0})), 8);
        if (!Crypto.equal(expected, Arrays.copyOfRange(d, d.length - 8, d.length))) {
            close();
            throw new SecureChannelException("response R-MAC does not verify", r.sw());
        }
        return new ApduChannel.Response(body, r.sw());
    }

    private static void increment(byte[] c) {
        for (int i = c.length - 1; i >= 0; i--) {
            if (++c[i] != 0) {
                return;
            }
        }
    }
}
