package org.mjpki.lifecycle.device;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/** JOSE (r||s, 64 bytes for P-256) and DER ECDSA signature encodings, converted both ways. */
public final class EcdsaSignatures {
    private EcdsaSignatures() {}

    public static byte[] joseToDer(byte[] jose) {
        if (jose.length != 64) {
            throw new IllegalArgumentException("an ES256 signature has 64 bytes");
        }
        byte[] r = new BigInteger(1, Arrays.copyOfRange(jose, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(jose, 32, 64)).toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(2 + r.length + 2 + s.length);
        out.write(0x02);
        out.write(r.length);
        out.writeBytes(r);
        out.write(0x02);
        out.write(s.length);
        out.writeBytes(s);
        return out.toByteArray();
    }

    public static byte[] derToJose(byte[] der) {
        if (der.length < 8 || der[0] != 0x30 || der[2] != 0x02) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int rLen = der[3];
        byte[] r = Arrays.copyOfRange(der, 4, 4 + rLen);
        int sLen = der[5 + rLen];
        byte[] s = Arrays.copyOfRange(der, 6 + rLen, 6 + rLen + sLen);
        byte[] jose = new byte[64];
        copyUnsigned(r, jose, 0);
        copyUnsigned(s, jose, 32);
        return jose;
    }

    private static void copyUnsigned(byte[] value, byte[] target, int offset) {
        byte[] unsigned = new BigInteger(1, value).toByteArray();
        int start = unsigned.length > 32 ? unsigned.length - 32 : 0;
        int length = unsigned.length - start;
        System.arraycopy(unsigned, start, target, offset + 32 - length, length);
    }
}
