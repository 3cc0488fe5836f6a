package org.mjpki.applet.client;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * An independent SCP03 (GP Amendment D) host for tests, written from the specification on Bouncy
 * Castle's AES and CMAC: NIST SP 800-108 counter-mode KDF (any output length), cryptograms, C-MAC
 * chaining, C-DECRYPTION with the counter ICV and R-MAC. It shares no code with {@link Crypto} or
 * {@link Scp03Host}, so agreeing with it (and with published traces) means something.
 */
final class Scp03Reference {

    final int level;
    final byte[] sEnc;
    final byte[] sMac;
    final byte[] sRmac;
    final byte[] context;
    private byte[] chaining = new byte[16];
    private final byte[] counter = new byte[16];

    Scp03Reference(byte[] enc, byte[] mac, int level, byte[] hostChallenge, byte[] cardChallenge) {
        this.level = level;
        context = concat(hostChallenge, cardChallenge);
        sEnc = kdf(enc, 0x04, 128, context);
        sMac = kdf(mac, 0x06, 128, context);
        sRmac = kdf(mac, 0x07, 128, context);
    }

    byte[] cardCryptogram() {
        return kdf(sMac, 0x00, 64, context);
    }

    byte[] hostCryptogram() {
        return kdf(sMac, 0x01, 64, context);
    }

    /** SP 800-108 counter mode with AES-CMAC as PRF, SCP03 fixed input: label (11 x 00 | constant) | 00 | L | i | context. */
    static byte[] kdf(byte[] key, int constant, int bits, byte[] context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; out.size() * 8 < bits; i++) {
            byte[] label = new byte[12];
            label[11] = (byte) constant;
            byte[] input = concat(label, new byte[] {0x00, (byte) (bits >> 8), (byte) bits, (byte) i}, context);
            out.writeBytes(cmac(key, input));
        }
        return Arrays.copyOf(out.toByteArray(), bits / 8);
    }

    static byte[] cmac(byte[] key, byte[] msg) {
        CMac m = new CMac(AESEngine.newInstance());
        m.init(new KeyParameter(key));
        m.update(msg, 0, msg.length);
        byte[] out = new byte[16];
        m.doFinal(out, 0);
        return out;
    }

    /** EXTERNAL AUTHENTICATE: host cryptogram with C-MAC (chaining value zero), never encrypted. */
    byte[] externalAuthenticate() {
        return externalAuthenticate(hostCryptogram());
    }

    /** EXTERNAL AUTHENTICATE carrying the given cryptogram, correctly MACed. */
    byte[] externalAuthenticate(byte[] cryptogram) {
        return mac(new byte[] {(byte) 0x84, (byte) 0x82, (byte) level, 0x00}, cryptogram);
    }

    /** A wrapped command (CLA gets the SM bit), without Le: header | Lc | body | MAC(8). */
    byte[] wrap(int cla, int ins, int p1, int p2, byte[] data) {
        increment(counter);
        byte[] body = data;
        if ((level & 0x02) != 0 && data.length > 0) {
            byte[] padded = Arrays.copyOf(data, (data.length / 16 + 1) * 16);
            padded[data.length] = (byte) 0x80;
            byte[] icv = aes(sEnc, counter);
            BlockCipher cbc = CBCBlockCipher.newInstance(AESEngine.newInstance());
            cbc.init(true, new ParametersWithIV(new KeyParameter(sEnc), icv));
            body = new byte[padded.length];
            for (int o = 0; o < padded.length; o += 16) {
                cbc.processBlock(padded, o, body, o);
            }
        }
        return mac(new byte[] {(byte) (cla | 0x04), (byte) ins, (byte) p1, (byte) p2}, body);
    }

    private byte[] mac(byte[] header4, byte[] body) {
        byte[] header = concat(header4, new byte[] {(byte) (body.length + 8)});
        byte[] full = cmac(sMac, concat(chaining, header, body));
        chaining = full;
        return concat(header, body, Arrays.copyOf(full, 8));
    }

    /** Checks and strips the R-MAC of a successful response's data (the SW is 9000). */
    byte[] unwrapResponse(byte[] dataWithRmac) {
        byte[] data = Arrays.copyOf(dataWithRmac, dataWithRmac.length - 8);
        byte[] expected = Arrays.copyOf(cmac(sRmac, concat(chaining, data, new byte[] {(byte) 0x90, 0x00})), 8);
        if (!Arrays.equals(expected, Arrays.copyOfRange(dataWithRmac, dataWithRmac.length - 8, dataWithRmac.length))) {
            throw new AssertionError("R-MAC does not verify");
        }
        return data;
    }

    private static byte[] aes(byte[] key, byte[] block) {
        BlockCipher e = AESEngine.newInstance();
        e.init(true, new KeyParameter(key));
        byte[] out = new byte[16];
        e.processBlock(block, 0, out, 0);
        return out;
    }

    private static void increment(byte[] c) {
        for (int i = c.length - 1; i >= 0 && ++c[i] == 0; i--) {
            // carry
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
