package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class HolderSecretTest {

    private static int sw(Runnable r) {
        try {
            r.run();
            return 0x9000;
        } catch (AppletException e) {
            return e.statusWord();
        }
    }

    @Test
    void hostRefusesMalformedSecretsBeforeAnythingIsSent() {
        AppletHarness h = AppletHarness.installed();
        int before = h.client.apduCount();
        for (String bad : new String[] {"ABC12", "ABCDEFGHIJKLMNOPQ", "abc123", "ABC 123"}) {
            assertThatThrownBy(() -> h.client.setInitialSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii(bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(bad);
        }
        for (String bad : new String[] {"123", "12345", "12a4"}) {
            assertThatThrownBy(() -> h.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii(bad)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(h.client.apduCount()).isEqualTo(before);
    }

    @Test
    void cardChecksTheFormatOfDecryptedSecrets() {
        AppletHarness h = AppletHarness.installed();
        for (String bad : new String[] {"ABC12", "abc123", "ABC-123"}) {
            byte[] blob = seal(h, SecretKind.SIGNING_PASSWORD, AppletHarness.ascii(bad));
            assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 1, blob)))).isEqualTo(0x6A80);
        }
        byte[] pin = seal(h, SecretKind.USER_AUTH_PIN, AppletHarness.ascii("12A4"));
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 2, pin)))).isEqualTo(0x6A80);
        assertThat(h.client.status().secretSet(SecretKind.SIGNING_PASSWORD)).isFalse();
        // boundary lengths are accepted
        h.client.setInitialSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("ABCDEFGHIJ012345"));
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("ABCDEFGHIJ012345"));
    }

    @Test
    void blobsAreAuthenticatedSingleUseAndBoundToTheirKind() {
        AppletHarness h = AppletHarness.installed();
        byte[] blob = seal(h, SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        byte[] tampered = blob.clone();
        tampered[80] ^= 1; // ciphertext
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 2, tampered)))).isEqualTo(0x6982);
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 1, blob)))).isEqualTo(0x6A80);
        byte[] shortBlob = java.util.Arrays.copyOf(blob, blob.length - 1);
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 2, shortBlob)))).isEqualTo(0x6700);
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 2, blob)))).isEqualTo(0x9000);
        // the password blob made before the PIN was installed is stale now (counter moved on)
        AppletHarness h2 = AppletHarness.installed();
        byte[] pw = seal(h2, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        h2.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertThat(SimulatedSecureElement.sw(h2.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 1, pw)))).isEqualTo(0x6982);
        // a blob for one applet means nothing to another
        byte[] foreign = seal(h2, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        AppletHarness h3 = AppletHarness.installed();
        h3.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertThat(SimulatedSecureElement.sw(h3.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 1, foreign)))).isEqualTo(0x6982);
        assertThat(new EncryptedHolderSecret(foreign).toString()).doesNotContain(Hex.encode(foreign));
    }

    /**
     * The ephemeral point goes to ECDH with the transport key only if it is on P-256: a point of another
     * curve would let a sender learn the transport key from the answers (invalid-curve attack). Refused
     * with 6A80 before ECDH, nothing changes, and the blob that follows still works.
     */
    @Test
    void ephemeralPointsOffTheCurveAreRefusedBeforeEcdhAndChangeNothing() {
        AppletHarness h = AppletHarness.installed();
        byte[] transportKey = transportKey(h);
        byte[] blob = seal(h, SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        byte[] flippedY = blob.clone();
        flippedY[70] ^= 1;
        byte[] otherCurve = blob.clone();
        System.arraycopy(BiometricTest.otherCurvePoint(), 0, otherCurve, 6, 65);
        byte[] zero = blob.clone();
        java.util.Arrays.fill(zero, 7, 71, (byte) 0);
        for (byte[] bad : new byte[][] {flippedY, otherCurve, zero}) {
            assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 2, bad)))).isEqualTo(0x6A80);
        }
        assertThat(transportKey(h)).as("counter unchanged").isEqualTo(transportKey);
        assertThat(h.client.status().secretSet(SecretKind.USER_AUTH_PIN)).isFalse();
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x24, 0, 2, blob)))).isEqualTo(0x9000);

        // the same check on the lock-release path, inside SCP03
        AppletHarness p = AppletHarness.personalized();
        EncryptedHolderSecret release = p.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("9876"));
        byte[] offCurve = release.blob();
        offCurve[70] ^= 1;
        byte[] before = transportKey(p);
        assertThat(sw(() -> p.issuer().releaseLock(SecretKind.USER_AUTH_PIN, new EncryptedHolderSecret(offCurve)))).isEqualTo(0x6A80);
        assertThat(transportKey(p)).isEqualTo(before);
        p.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        p.issuer().releaseLock(SecretKind.USER_AUTH_PIN, release);
        p.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("9876"));
    }

    private static byte[] transportKey(AppletHarness h) {
        return JpkiAppletClient.check("GET TRANSPORT KEY", new ApduChannel(h.se).exchange(0x80, 0x12, 0, 0, null, null));
    }

    @Test
    void passwordLocksAfterFiveWrongTriesAndIsReleasedOverTheSecureChannel() {
        AppletHarness h = AppletHarness.personalized();
        byte[] wrong = AppletHarness.ascii("WRONG1");
        for (int left = 4; left >= 1; left--) {
            int expected = left;
            assertThatThrownBy(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, wrong))
                    .isInstanceOf(WrongSecretException.class)
                    .satisfies(e -> assertThat(((WrongSecretException) e).remainingTries()).isEqualTo(expected))
                    .satisfies(e -> assertThat(((WrongSecretException) e).statusWord()).isEqualTo(0x63C0 | expected));
            assertThat(h.client.status().remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(left);
        }
        assertThatThrownBy(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, wrong)).isInstanceOf(SecretBlockedException.class);
        assertThatThrownBy(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD))
                .isInstanceOf(SecretBlockedException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6983));
        assertThat(h.client.status().blocked(SecretKind.SIGNING_PASSWORD)).isTrue();
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, new byte[] {1}))).as("a blocked password blocks its key").isEqualTo(0x6983);

        // lock release: the app encrypts, the server relays over SCP03
        byte[] fresh = AppletHarness.ascii("NEWPASS9");
        EncryptedHolderSecret blob = h.client.encryptNewSecret(SecretKind.SIGNING_PASSWORD, fresh);
        assertThat(sw(() -> h.issuer().releaseLock(SecretKind.USER_AUTH_PIN, blob))).isEqualTo(0x6A80);
        IssuerSession s = h.issuer();
        s.releaseLock(SecretKind.SIGNING_PASSWORD, blob);
        assertThat(h.client.status().remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        assertThat(sw(() -> s.releaseLock(SecretKind.SIGNING_PASSWORD, blob))).as("single use").isEqualTo(0x6982);
        assertThatThrownBy(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD))
                .isInstanceOf(WrongSecretException.class);
        h.client.verify(SecretKind.SIGNING_PASSWORD, fresh);
        assertThat(h.client.sign(AppletKey.SIGNING, new byte[] {1}).verify(h.signingKey, new byte[] {1})).isTrue();
    }

    @Test
    void pinLocksAfterThreeWrongTriesAndIsReleased() {
        AppletHarness h = AppletHarness.personalized();
        byte[] wrong = AppletHarness.ascii("0000");
        assertThat(sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, wrong))).isEqualTo(0x63C2);
        assertThat(sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, wrong))).isEqualTo(0x63C1);
        assertThat(sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, wrong))).isEqualTo(0x6983);
        assertThat(sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN))).isEqualTo(0x6983);
        // lock release is an issuer operation only
        EncryptedHolderSecret blob = h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("9876"));
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ApduChannel.encode(0x80, 0x2C, 0, 2, blob.blob())))).isEqualTo(0x6982);
        h.issuer().releaseLock(SecretKind.USER_AUTH_PIN, blob);
        assertThat(h.client.status().remainingTries(SecretKind.USER_AUTH_PIN)).isEqualTo(3);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("9876"));
    }

    @Test
    void wrongFormatDoesNotCostATryAndEmptyVerifyReportsState() {
        AppletHarness h = AppletHarness.personalized();
        assertThat(sw(() -> h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("12345")))).isEqualTo(0x6A80);
        assertThat(sw(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("abc123")))).isEqualTo(0x6A80);
        assertThat(h.client.status().remainingTries(SecretKind.USER_AUTH_PIN)).isEqualTo(3);
        assertThat(SimulatedSecureElement.sw(h.se.send("00200002"))).isEqualTo(0x63C3);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertThat(SimulatedSecureElement.sw(h.se.send("00200002"))).isEqualTo(0x9000);
        assertThat(SimulatedSecureElement.sw(h.se.send("00200003 04 31323334"))).isEqualTo(0x6A86);
        assertThat(SimulatedSecureElement.sw(h.se.send("80200002 04 31323334"))).isEqualTo(0x6E00);
        assertThat(h.client.status().remainingTries(SecretKind.USER_AUTH_PIN)).isEqualTo(3);
    }

    @Test
    void lockReleaseNeedsASetSecret() {
        AppletHarness h = AppletHarness.installed();
        h.client.setInitialSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        EncryptedHolderSecret pin = h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertThat(sw(() -> h.issuer().releaseLock(SecretKind.USER_AUTH_PIN, pin))).isEqualTo(0x6985);
    }

    private static byte[] seal(AppletHarness h, SecretKind kind, byte[] secret) {
        byte[] transportKey = JpkiAppletClient.check("GET TRANSPORT KEY",
                new ApduChannel(h.se).exchange(0x80, 0x12, 0, 0, null, null));
        return HolderSecretCipher.seal(kind, secret, transportKey, new SecureRandom());
    }
}
