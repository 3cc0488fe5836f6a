package org.mjpki.applet.card;

/**
 * Public-key validation for NIST P-256 (SEC 1 v2, 3.2.2.1): an uncompressed point 04 | x | y is
 * accepted only if x, y &lt; p and y^2 = x^3 + ax + b (mod p). The cofactor is 1, so a point on the
 * curve is in the prime-order group. The Java Card API does not promise this check (setW and
 * ECDH may accept any bytes), and without it a peer could send a point of a weak curve and learn
 * the transport key from the answers (invalid-curve attack).
 * <p>
 * Arithmetic on 32-byte big-endian numbers with byte digits and short intermediates only (Java
 * Card classic has no int): schoolbook multiplication into 64 bytes, then the NIST fast reduction
 * for p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (FIPS 186-4, D.2.3) as nine word-permuted terms summed
 * digit by digit. Three multiplications per point; speed is no concern (rare commands).
 */
final class P256 {

    private static final short LEN = 32;
    private static final short PROD = 0;   // 64-byte product
    private static final short T = 64;     // 32
    private static final short U = 96;     // 32
    static final short SCRATCH_LENGTH = 128;

    /**
     * The nine reduction terms s1..s9 of D.2.3, each as the 32-bit words c0..c15 of the product
     * that make up its words 0 (least significant) to 7; -1 is a zero word.
     */
    private static final byte[] TERMS = {
        0, 1, 2, 3, 4, 5, 6, 7,              // s1
        -1, -1, -1, 11, 12, 13, 14, 15,      // s2 (x2)
        -1, -1, -1, 12, 13, 14, 15, -1,      // s3 (x2)
        8, 9, 10, -1, -1, -1, 14, 15,        // s4
        9, 10, 11, 13, 14, 15, 13, 8,        // s5
        11, 12, 13, -1, -1, -1, 8, 10,       // s6 (-)
        12, 13, 14, 15, -1, -1, 9, 11,       // s7 (-)
        13, 14, 15, 8, 9, 10, -1, 12,        // s8 (-)
        14, 15, -1, 9, 10, 11, -1, 13        // s9 (-)
    };
    private static final byte[] COEFFICIENTS = {1, 2, 2, 1, 1, -1, -1, -1, -1};

    private final byte[] s;

    /** @param scratch at least {@link #SCRATCH_LENGTH} bytes (RAM), overwritten by every call */
    P256(byte[] scratch) {
        s = scratch;
    }

    /** True if p[off..off+65) is 04 | x | y with (x, y) on P-256. */
    boolean isValidPoint(byte[] p, short off) {
        if (p[off] != (byte) 0x04) {
            return false;
        }
        short x = (short) (off + 1);
        short y = (short) (off + 1 + LEN);
        if (!lessThanP(p, x) || !lessThanP(p, y)) {
            return false;
        }
        mulMod(p, x, p, x, s, T);                        // x^2
        addMod(s, T, Constants.P256_A, (short) 0, s, T); // x^2 + a
        mulMod(s, T, p, x, s, U);                        // x^3 + ax
        addMod(s, U, Constants.P256_B, (short) 0, s, U); // x^3 + ax + b
        mulMod(p, y, p, y, s, T);                        // y^2
        boolean on = true;
        for (short i = 0; i < LEN; i++) {
            if (s[(short) (T + i)] != s[(short) (U + i)]) {
                on = false;
            }
        }
        return on;
    }

    /** Unsigned a[off..off+32) &lt; p. */
    private static boolean lessThanP(byte[] a, short off) {
        for (short i = 0; i < LEN; i++) {
            short x = (short) (a[(short) (off + i)] & 0xFF);
            short q = (short) (Constants.P256_P[i] & 0xFF);
            if (x != q) {
                return x < q;
            }
        }
        return false;
    }

    /** out = a * b mod p; a, b &lt; 2^256; out may be a or b, none may overlap the product area. */
    void mulMod(byte[] a, short aOff, byte[] b, short bOff, byte[] out, short outOff) {
        byte[] w = s;
        for (short i = 0; i < (short) (2 * LEN); i++) {
            w[(short) (PROD + i)] = 0;
        }
        for (short i = (short) (LEN - 1); i >= 0; i--) {
            short ai = (short) (a[(short) (aOff + i)] & 0xFF);
            short carry = 0;
            for (short j = (short) (LEN - 1); j >= 0; j--) {
                short k = (short) (PROD + i + j + 1);
                // 255*255 + 255 + 255 = 65535: fits 16 bits when read as unsigned
                short t = (short) (ai * (short) (b[(short) (bOff + j)] & 0xFF) + (short) (w[k] & 0xFF) + carry);
                w[k] = (byte) t;
                carry = (short) ((t >> 8) & 0xFF);
            }
            w[(short) (PROD + i)] = (byte) carry;
        }
        reduce(out, outOff);
    }

    /** out = product mod p, fully reduced into [0, p). */
    private void reduce(byte[] out, short outOff) {
        short carry = 0;
        for (short k = 0; k < LEN; k++) {       // result digit k, least significant first
            short word = (short) (k >> 2);
            short shift = (short) (k & 3);
            short sum = carry;
            for (short t = 0; t < 9; t++) {
                byte c = TERMS[(short) (t * 8 + word)];
                if (c >= 0) {
                    // byte `shift` of word c: the product is big-endian, 64 bytes
                    short digit = (short) (s[(short) (PROD + 63 - (short) (4 * c) - shift)] & 0xFF);
                    sum = (short) (sum + COEFFICIENTS[t] * digit);
                }
            }
            out[(short) (outOff + LEN - 1 - k)] = (byte) sum;
            carry = (short) (sum >> 8); // arithmetic shift: a signed carry
        }
        // value = carry * 2^256 + out, with -4 <= carry <= 6: bring it into [0, p)
        while (carry < 0) {
            carry = (short) (carry + addP(out, outOff));
        }
        while (carry > 0 || !lessThanP(out, outOff)) {
            carry = (short) (carry - subP(out, outOff));
        }
    }

    /** out = a + b mod p for a, b &lt; p. */
    private static void addMod(byte[] a, short aOff, byte[] b, short bOff, byte[] out, short outOff) {
        short carry = 0;
        for (short i = (short) (LEN - 1); i >= 0; i--) {
            short t = (short) ((a[(short) (aOff + i)] & 0xFF) + (b[(short) (bOff + i)] & 0xFF) + carry);
            out[(short) (outOff + i)] = (byte) t;
            carry = (short) (t >> 8);
        }
        if (carry != 0 || !lessThanP(out, outOff)) {
            subP(out, outOff); // the borrow cancels the carry: the true sum is < 2p
        }
    }

    /** x += p; returns the carry out (0 or 1). */
    private static short addP(byte[] x, short off) {
        short carry = 0;
        for (short i = (short) (LEN - 1); i >= 0; i--) {
            short t = (short) ((x[(short) (off + i)] & 0xFF) + (Constants.P256_P[i] & 0xFF) + carry);
            x[(short) (off + i)] = (byte) t;
            carry = (short) (t >> 8);
        }
        return carry;
    }

    /** x -= p; returns the borrow out (0 or 1). */
    private static short subP(byte[] x, short off) {
        short borrow = 0;
        for (short i = (short) (LEN - 1); i >= 0; i--) {
            short t = (short) ((x[(short) (off + i)] & 0xFF) - (Constants.P256_P[i] & 0xFF) - borrow);
            x[(short) (off + i)] = (byte) t;
            borrow = (short) ((t >> 8) & 1);
        }
        return borrow;
    }
}
