package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.SignatureIdentification.UnlockMethod;

/** Biometric activation (R14): registration, re-registration, point validation, and how it follows the PIN. */
class BiometricTest {

    private static final BigInteger P = new BigInteger("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 16);
    private final byte[] data = AppletHarness.ascii("log in to a relying party");
    private AppletHarness h;
    private KeyPairGenerator generator;

    @BeforeEach
    void setUp() throws Exception {
        h = AppletHarness.personalized();
        generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
    }

    private static int sw(Runnable r) {
        try {
            r.run();
            return 0x9000;
        } catch (AppletException e) {
            return e.statusWord();
        }
    }

    private int raw(int ins, byte[] data) {
        return SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, ins, 0, 0, data)));
    }

    private KeyPair register() {
        KeyPair keystore = generator.generateKeyPair();
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        h.client.registerBiometricKey((ECPublicKey) keystore.getPublic());
        h.reselect();
        return keystore;
    }

    /** Asserts a biometric unlock works with this keystore key: challenge, assertion, one signature. */
    private void assertBiometricSignature(KeyPair keystore) throws Exception {
        byte[] challenge = h.client.biometricChallenge();
        h.client.presentBiometricAssertion(ecdsa(keystore, challenge));
        SignatureResult r = h.client.sign(AppletKey.USER_AUTH, data);
        assertThat(r.identification().unlockMethod()).isEqualTo(UnlockMethod.BIOMETRIC);
        assertThat(r.verify(h.userAuthKey, data)).isTrue();
    }

    /** removal cleared the key and, with it, its P-256 domain parameters; registration sets them again. */
    @Test
    void aKeyCanBeRegisteredAgainAfterItWasRemoved() throws Exception {
        KeyPair first = register();
        assertBiometricSignature(first);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        h.client.removeBiometricKey();
        assertThat(h.client.status().biometricRegistered()).isFalse();
        KeyPair second = register();
        assertThat(h.client.status().biometricRegistered()).isTrue();
        assertBiometricSignature(second);
        byte[] c = h.client.biometricChallenge();
        assertThat(sw(() -> h.client.presentBiometricAssertion(ecdsaQuiet(first, c)))).as("the removed key").isEqualTo(0x6982);
    }

    @Test
    void pointsOffTheCurveAreRefusedAndLeaveTheRegistrationAsItWas() throws Exception {
        KeyPair keystore = register();
        byte[] good = HolderSecretCipher.encodePoint((ECPublicKey) generator.generateKeyPair().getPublic());
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        byte[] flipped = good.clone();
        flipped[64] ^= 1;
        assertThat(raw(0xE1, flipped)).isEqualTo(0x6A80);
        assertThat(raw(0xE1, otherCurvePoint())).isEqualTo(0x6A80);
        byte[] xTooLarge = good.clone();
        Arrays.fill(xTooLarge, 1, 33, (byte) 0xFF);
        assertThat(raw(0xE1, xTooLarge)).isEqualTo(0x6A80);
        byte[] compressed = good.clone();
        compressed[0] = 0x02;
        assertThat(raw(0xE1, compressed)).isEqualTo(0x6A80);
        assertThat(raw(0xE1, new byte[65])).isEqualTo(0x6A80);
        // wrong lengths
        assertThat(raw(0xE1, Arrays.copyOf(good, 64))).isEqualTo(0x6700);
        assertThat(raw(0xE1, Arrays.copyOf(good, 66))).isEqualTo(0x6700);
        assertThat(h.client.status().biometricRegistered()).isTrue();
        h.reselect();
        assertBiometricSignature(keystore);
    }

    @Test
    void assertionsOfTheWrongLengthAreRefusedAndSpendTheChallenge() throws Exception {
        KeyPair keystore = register();
        h.client.biometricChallenge();
        assertThat(raw(0xE2, new byte[7])).isEqualTo(0x6700);
        assertThat(raw(0xE2, new byte[8])).as("the challenge is single use").isEqualTo(0x6985);
        h.client.biometricChallenge();
        assertThat(raw(0xE2, new byte[73])).isEqualTo(0x6700);
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6982);
        assertBiometricSignature(keystore);
    }

    /**
     * Assertions of an allowed length that are no DER ECDSA signature at all (random bytes, a sequence whose lengths
     * lie, integers longer than the curve): refused as wrong assertions, never an unexpected 6F00. The APDU fuzz test
     * found a 72-byte one that made the simulator's ECDSA throw.
     */
    @Test
    void malformedAssertionsAreWrongAssertions() throws Exception {
        KeyPair keystore = register();
        java.util.Random random = new java.util.Random(42);
        List<byte[]> malformed = new java.util.ArrayList<>();
        for (int n = 8; n <= 72; n += 8) {
            byte[] noise = new byte[n];
            random.nextBytes(noise);
            malformed.add(noise);
        }
        byte[] lyingLengths = new byte[72];
        lyingLengths[0] = 0x30;
        lyingLengths[1] = (byte) 0x80;
        lyingLengths[2] = 0x02;
        lyingLengths[3] = 0x7F;
        malformed.add(lyingLengths);
        byte[] longIntegers = new byte[72];
        longIntegers[0] = 0x30;
        longIntegers[1] = 70;
        longIntegers[2] = 0x02;
        longIntegers[3] = 34;
        Arrays.fill(longIntegers, 4, 38, (byte) 0x7F);
        longIntegers[38] = 0x02;
        longIntegers[39] = 32;
        Arrays.fill(longIntegers, 40, 72, (byte) 0x7F);
        malformed.add(longIntegers);
        for (byte[] assertion : malformed) {
            h.client.biometricChallenge();
            assertThat(raw(0xE2, assertion)).as("%d bytes", assertion.length).isEqualTo(0x6982);
        }
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6982);
        assertBiometricSignature(keystore);
    }

    /**
     * Biometrics stand in for the PIN (R6, R14): once the PIN is blocked, so is the biometric unlock, and an
     * assertion made before the block is withdrawn with it.
     */
    @Test
    void aBlockedPinBlocksTheBiometricUnlock() throws Exception {
        KeyPair keystore = register();
        byte[] c = h.client.biometricChallenge();
        h.client.presentBiometricAssertion(ecdsa(keystore, c));
        byte[] wrong = AppletHarness.ascii("0000");
        for (int i = 0; i < 3; i++) {
            sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, wrong));
        }
        assertThat(h.client.status().blocked(SecretKind.USER_AUTH_PIN)).isTrue();
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6983);
        assertThat(sw(h.client::biometricChallenge)).isEqualTo(0x6983);
        assertThat(raw(0xE2, ecdsa(keystore, c))).isEqualTo(0x6983);
        h.reselect();
        assertThat(sw(h.client::biometricChallenge)).isEqualTo(0x6983);
    }

    /** Lock release of the PIN clears the registration: the holder activates biometrics again after it. */
    @Test
    void releasingThePinLockClearsTheBiometricRegistration() throws Exception {
        KeyPair keystore = register();
        byte[] wrong = AppletHarness.ascii("0000");
        for (int i = 0; i < 3; i++) {
            sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, wrong));
        }
        byte[] newPin = AppletHarness.ascii("2468");
        h.issuer().releaseLock(SecretKind.USER_AUTH_PIN, h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, newPin));
        assertThat(h.client.status().biometricRegistered()).isFalse();
        assertThat(sw(h.client::biometricChallenge)).isEqualTo(0x6985);
        h.client.verify(SecretKind.USER_AUTH_PIN, newPin);
        h.client.registerBiometricKey((ECPublicKey) keystore.getPublic());
        h.reselect();
        assertBiometricSignature(keystore);
        // releasing the signing password's lock does not touch the biometric registration
        h.issuer().releaseLock(SecretKind.SIGNING_PASSWORD,
                h.client.encryptNewSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("OTHER123")));
        assertThat(h.client.status().biometricRegistered()).isTrue();
    }

    /** (x, y) on y² = x³ - 3x + b + 1: the kind of point an invalid-curve attack uses. */
    static byte[] otherCurvePoint() {
        BigInteger b = new BigInteger("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B", 16).add(BigInteger.ONE);
        for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
            BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b).mod(P);
            BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
            if (y.multiply(y).mod(P).equals(rhs)) {
                byte[] out = new byte[65];
                out[0] = 0x04;
                byte[] xb = x.toByteArray();
                byte[] yb = y.toByteArray();
                System.arraycopy(xb, Math.max(0, xb.length - 32), out, 33 - Math.min(32, xb.length), Math.min(32, xb.length));
                System.arraycopy(yb, Math.max(0, yb.length - 32), out, 65 - Math.min(32, yb.length), Math.min(32, yb.length));
                return out;
            }
        }
    }

    private static byte[] ecdsa(KeyPair kp, byte[] msg) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(msg);
        return s.sign();
    }

    private static byte[] ecdsaQuiet(KeyPair kp, byte[] msg) {
        try {
            return ecdsa(kp, msg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
