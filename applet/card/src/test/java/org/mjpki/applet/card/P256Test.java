package org.mjpki.applet.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The on-card P-256 point check and its modular multiplication, against the JDK's BigInteger and EC keys. */
class P256Test {

    private static final BigInteger P = new BigInteger(1, Constants.P256_P);
    private static final BigInteger B = new BigInteger(1, Constants.P256_B);
    private final SecureRandom random = new SecureRandom();
    private final P256 curve = new P256(new byte[P256.SCRATCH_LENGTH]);

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] point(BigInteger x, BigInteger y) {
        byte[] p = new byte[66]; // one byte of offset to catch offset slips
        p[1] = 0x04;
        System.arraycopy(fixed(x), 0, p, 2, 32);
        System.arraycopy(fixed(y), 0, p, 34, 32);
        return p;
    }

    private boolean valid(byte[] p) {
        return curve.isValidPoint(p, (short) 1);
    }

    @Test
    void multiplicationModPMatchesBigIntegerIncludingTheEdges() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE), P,
            P.add(BigInteger.ONE), max, max.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(224)};
        for (BigInteger a : edges) {
            for (BigInteger b : edges) {
                assertMul(a, b);
            }
        }
        for (int i = 0; i < 3000; i++) {
            assertMul(new BigInteger(256, random), new BigInteger(256, random));
        }
    }

    private void assertMul(BigInteger a, BigInteger b) {
        byte[] buf = new byte[64 + 32];
        System.arraycopy(fixed(a), 0, buf, 0, 32);
        System.arraycopy(fixed(b), 0, buf, 32, 32);
        byte[] scratch = new byte[P256.SCRATCH_LENGTH];
        new P256(scratch).mulMod(buf, (short) 0, buf, (short) 32, buf, (short) 64);
        assertThat(new BigInteger(1, Arrays.copyOfRange(buf, 64, 96))).as("%s * %s mod p", a.toString(16), b.toString(16))
                .isEqualTo(a.multiply(b).mod(P));
    }

    @Test
    void acceptsTheGeneratorRandomKeysAndTheirNegations() throws Exception {
        assertThat(curve.isValidPoint(Constants.P256_G, (short) 0)).isTrue();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 200; i++) {
            ECPublicKey k = (ECPublicKey) g.generateKeyPair().getPublic();
            BigInteger x = k.getW().getAffineX();
            BigInteger y = k.getW().getAffineY();
            assertThat(valid(point(x, y))).isTrue();
            assertThat(valid(point(x, P.subtract(y)))).isTrue();
        }
    }

    @Test
    void refusesPointsOffTheCurveNonCanonicalCoordinatesAndOtherEncodings() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey k = (ECPublicKey) g.generateKeyPair().getPublic();
        BigInteger x = k.getW().getAffineX();
        BigInteger y = k.getW().getAffineY();
        assertThat(valid(point(x, y.xor(BigInteger.ONE)))).isFalse();
        assertThat(valid(point(x.add(BigInteger.ONE), y))).isFalse();
        assertThat(valid(point(BigInteger.ZERO, BigInteger.ZERO))).isFalse();
        // a point of y² = x³ - 3x + b' for b' != b: what an invalid-curve attack sends
        BigInteger[] twisted = pointWithSmallX(B.add(BigInteger.ONE));
        assertThat(valid(point(twisted[0], twisted[1]))).isFalse();
        // x >= p congruent to a valid x is still refused (SEC 1: 0 <= x, y < p)
        BigInteger[] small = pointWithSmallX(B);
        assertThat(valid(point(small[0], small[1]))).isTrue();
        assertThat(valid(point(small[0].add(P), small[1]))).isFalse();
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertThat(valid(point(max, y))).isFalse();
        assertThat(valid(point(P, y))).isFalse();
        byte[] compressed = point(x, y);
        compressed[1] = 0x02;
        assertThat(valid(compressed)).isFalse();
    }

    /** The point (x, y) with the smallest x >= 0 on y² = x³ - 3x + b (mod p); p = 3 mod 4, so y = rhs^((p+1)/4). */
    private static BigInteger[] pointWithSmallX(BigInteger b) {
        for (BigInteger x = BigInteger.ZERO; ; x = x.add(BigInteger.ONE)) {
            BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b).mod(P);
            BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
            if (y.multiply(y).mod(P).equals(rhs)) {
                return new BigInteger[] {x, y};
            }
        }
    }
}
