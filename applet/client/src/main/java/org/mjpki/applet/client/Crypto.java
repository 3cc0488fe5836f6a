package org.mjpki.applet.client;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-CMAC, the SP 800-108 counter-mode CMAC KDF (SCP03 layout) and padding helpers. */
final class Crypto {

    private Crypto() {
    }

    static byte[] cmac(byte[] key, byte[] msg) {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] k1 = dbl(ecb.doFinal(new byte[16]));
            byte[] k2 = dbl(k1);
            int blocks = Math.max(1, (msg.length + 15) / 16);
            boolean complete = msg.length > 0 && msg.length % 16 == 0;
            byte[] last = new byte[16];
            int lastOff = (blocks - 1) * 16;
            int lastLen = msg.length - lastOff;
            System.arraycopy(msg, lastOff, last, 0, lastLen);
            if (!complete) {
                last[lastLen] = (byte) 0x80;
            }
            byte[] k = complete ? k1 : k2;
            for (int i = 0; i < 16; i++) {
                last[i] ^= k[i];
            }
            byte[] x = new byte[16];
            for (int b = 0; b < blocks - 1; b++) {
                for (int i = 0; i < 16; i++) {
                    x[i] ^= msg[b * 16 + i];
                }
                x = ecb.doFinal(x);
            }
            for (int i = 0; i < 16; i++) {
                x[i] ^= last[i];
            }
            return ecb.doFinal(x);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CMAC unavailable", e);
        }
    }

    private static byte[] dbl(byte[] in) {
        byte[] out = new byte[16];
        for (int i = 0; i < 15; i++) {
            out[i] = (byte) ((in[i] << 1) | ((in[i + 1] >> 7) & 1));
        }
        out[15] = (byte) (in[15] << 1);
        if ((in[0] & 0x80) != 0) {
            out[15] ^= (byte) 0x87;
        }
        return out;
    }

    /** SP 800-108 counter mode, SCP03 layout: 11 x 00 | constant | 00 | L | 01 | context. */
    static byte[] kdf(byte[] key, int constant, int bits, byte[] context) {
        byte[] in = new byte[16 + context.length];
        in[11] = (byte) constant;
        in[13] = (byte) (bits >> 8);
        in[14] = (byte) bits;
        in[15] = 1;
        System.arraycopy(context, 0, in, 16, context.length);
        byte[] mac = cmac(key, in);
        return Arrays.copyOf(mac, bits / 8);
    }

    static byte[] aesEcbBlock(byte[] key, byte[] block) {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return ecb.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    static byte[] aesCbc(boolean encrypt, byte[] key, byte[] iv, byte[] data) {
        try {
            Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
            cbc.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(iv));
            return cbc.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** ISO/IEC 9797-1 padding method 2 to a multiple of 16. */
    static byte[] pad(byte[] data) {
        byte[] out = new byte[(data.length / 16 + 1) * 16];
        System.arraycopy(data, 0, out, 0, data.length);
        out[data.length] = (byte) 0x80;
        return out;
    }

    static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X", x));
        }
        return sb.toString();
    }
}
