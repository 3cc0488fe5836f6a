package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CHANGE REFERENCE DATA ({@code 00 24 00 kind}, data {@code Lcur | current | blob}), APDU by APDU on jcardsim: the holder
 * changes a known password or PIN in the app, with no server (R9, ADR 0020). The current secret is checked as VERIFY
 * checks it, the new one arrives in the same encrypted blob as the first secrets; every refusal leaves the secret, its
 * try counter and the transport counter as they were.
 */
class SecretChangeTest {

    private static final byte[] NEW_PASSWORD = AppletHarness.ascii("CHANGED2026");
    private static final byte[] NEW_PIN = AppletHarness.ascii("8642");
    private final byte[] data = {1, 2, 3};

    private static int sw(Runnable r) {
        try {
            r.run();
            return 0x9000;
        } catch (AppletException e) {
            return e.statusWord();
        }
    }

    /** The raw command: Lcur | current | blob, with any class, P1 and P2. */
    private static byte[] change(int cla, int p1, int p2, byte[] current, byte[] blob) {
        byte[] body = new byte[1 + current.length + blob.length];
        body[0] = (byte) current.length;
        System.arraycopy(current, 0, body, 1, current.length);
        System.arraycopy(blob, 0, body, 1 + current.length, blob.length);
        return ApduChannel.encode(cla, 0x24, p1, p2, body);
    }

    private static int send(AppletHarness h, byte[] apdu) {
        return SimulatedSecureElement.sw(h.se.transmit(apdu));
    }

    private static byte[] blob(AppletHarness h, SecretKind kind, byte[] secret) {
        return h.client.encryptNewSecret(kind, secret).blob();
    }

    private static long counter(AppletHarness h) {
        return h.client.transportCounter();
    }

    /** The secret, its tries and the transport counter are as they were; the old secret still works. */
    private static void unchanged(AppletHarness h, SecretKind kind, byte[] secret, int tries, long counter) {
        assertThat(h.client.status().remainingTries(kind)).as("tries of %s", kind).isEqualTo(tries);
        assertThat(counter(h)).as("transport counter").isEqualTo(counter);
        h.client.verify(kind, secret);
    }

    @Test
    void thePasswordIsChangedWithTheRightCurrentOneAndTheOldOneNoLongerWorks() {
        AppletHarness h = AppletHarness.personalized();
        long before = counter(h);
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD))))
                .isEqualTo(0x9000);
        assertThat(counter(h)).isEqualTo(before + 1);
        assertThat(h.client.status().remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        assertThat(sw(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD))).isEqualTo(0x63C4);
        h.client.verify(SecretKind.SIGNING_PASSWORD, NEW_PASSWORD);
        assertThat(h.client.status().remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        assertThat(h.client.sign(AppletKey.SIGNING, data).verify(h.signingKey, data)).isTrue();
        // the PIN was not touched
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
    }

    @Test
    void thePinIsChangedThroughTheClientAndTheBiometricRegistrationStays() throws Exception {
        AppletHarness h = AppletHarness.personalized();
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        h.client.registerBiometricKey((ECPublicKey) generator.generateKeyPair().getPublic());
        int before = h.client.apduCount();

        h.client.changeSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN, NEW_PIN);

        assertThat(h.client.apduCount() - before).as("GET TRANSPORT KEY + CHANGE REFERENCE DATA").isEqualTo(2);
        assertThat(h.client.status().biometricRegistered()).as("the holder just proved the PIN").isTrue();
        // the authorization the old PIN gave is withdrawn: the holder verifies the new one
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6982);
        assertThatThrownBy(() -> h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN)).isInstanceOf(WrongSecretException.class);
        h.client.verify(SecretKind.USER_AUTH_PIN, NEW_PIN);
        assertThat(h.client.sign(AppletKey.USER_AUTH, data).verify(h.userAuthKey, data)).isTrue();
    }

    @Test
    void aWrongCurrentSecretConsumesATryAndTheLastOneBlocksIt() {
        AppletHarness h = AppletHarness.personalized();
        byte[] wrong = AppletHarness.ascii("WRONG0");
        long before = counter(h);
        for (int left = 4; left >= 1; left--) {
            assertThat(send(h, change(0x00, 0, 1, wrong, blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD))))
                    .isEqualTo(0x63C0 | left);
        }
        assertThat(send(h, change(0x00, 0, 1, wrong, blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD)))).isEqualTo(0x6983);
        assertThat(h.client.status().blocked(SecretKind.SIGNING_PASSWORD)).isTrue();
        // blocked: even the right current secret cannot change it, nor consume anything
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD))))
                .isEqualTo(0x6983);
        assertThat(counter(h)).as("no blob was consumed").isEqualTo(before);
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6983);
        // a lock release is the way out
        h.issuer().releaseLock(SecretKind.SIGNING_PASSWORD, h.client.encryptNewSecret(SecretKind.SIGNING_PASSWORD, NEW_PASSWORD));
        h.client.verify(SecretKind.SIGNING_PASSWORD, NEW_PASSWORD);
    }

    @Test
    void thePinBlocksAfterThreeWrongCurrentPinsThroughTheClient() {
        AppletHarness h = AppletHarness.personalized();
        byte[] wrong = AppletHarness.ascii("0000");
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.USER_AUTH_PIN, wrong, NEW_PIN))
                .isInstanceOf(WrongSecretException.class).satisfies(e -> assertThat(((WrongSecretException) e).remainingTries()).isEqualTo(2));
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.USER_AUTH_PIN, wrong, NEW_PIN)).isInstanceOf(WrongSecretException.class);
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.USER_AUTH_PIN, wrong, NEW_PIN)).isInstanceOf(SecretBlockedException.class);
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN, NEW_PIN))
                .isInstanceOf(SecretBlockedException.class);
        assertThat(h.client.status().blocked(SecretKind.USER_AUTH_PIN)).isTrue();
    }

    @Test
    void everyFormatViolationIsRefusedWithoutConsumingATry() {
        AppletHarness h = AppletHarness.personalized();
        long before = counter(h);
        // the current secret of the wrong form: 6A80, no try consumed
        for (String bad : new String[] {"ABC12", "ABCDEFGHIJKLMNOPQ", "abc123", "ABC-123", "ABC 123"}) {
            assertThat(send(h, change(0x00, 0, 1, AppletHarness.ascii(bad), blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD))))
                    .as("current password %s", bad.length()).isEqualTo(0x6A80);
        }
        for (String bad : new String[] {"123", "12345", "12a4", "12 4"}) {
            assertThat(send(h, change(0x00, 0, 2, AppletHarness.ascii(bad), blob(h, SecretKind.USER_AUTH_PIN, NEW_PIN))))
                    .isEqualTo(0x6A80);
        }
        unchanged(h, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, 5, before);
        unchanged(h, SecretKind.USER_AUTH_PIN, AppletHarness.PIN, 3, before);
        // the new secret of the wrong form, checked on the card after decryption: 6A80, the old secret stays
        for (String bad : new String[] {"ABC12", "abc123", "ABC-123", "ABCDEFGHIJKLMNOPQ"}) {
            byte[] sealed = HolderSecretCipher.seal(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii(bad), transportKey(h),
                    new java.security.SecureRandom());
            assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, sealed))).as("new password").isEqualTo(0x6A80);
        }
        for (String bad : new String[] {"123", "12345", "12A4"}) {
            byte[] sealed = HolderSecretCipher.seal(SecretKind.USER_AUTH_PIN, AppletHarness.ascii(bad), transportKey(h),
                    new java.security.SecureRandom());
            assertThat(send(h, change(0x00, 0, 2, AppletHarness.PIN, sealed))).as("new PIN").isEqualTo(0x6A80);
        }
        unchanged(h, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, 5, before);
        unchanged(h, SecretKind.USER_AUTH_PIN, AppletHarness.PIN, 3, before);
        // and the host refuses malformed secrets before anything is sent
        int sent = h.client.apduCount();
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("short"), NEW_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("short");
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, AppletHarness.ascii("lower1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("lower1");
        assertThatThrownBy(() -> h.client.changeSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN, AppletHarness.ascii("12345")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(h.client.apduCount()).isEqualTo(sent);
    }

    @Test
    void wrongLengthsAreRefusedAndChangeNothing() {
        AppletHarness h = AppletHarness.personalized();
        long before = counter(h);
        byte[] good = blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD);
        assertThat(send(h, ApduChannel.encode(0x00, 0x24, 0, 1, new byte[0]))).as("no data").isEqualTo(0x6700);
        assertThat(send(h, change(0x00, 0, 1, new byte[0], good))).as("Lcur 0").isEqualTo(0x6700);
        byte[] beyond = change(0x00, 0, 1, AppletHarness.PASSWORD, new byte[0]);
        beyond[5] = (byte) 0xF0; // Lcur beyond the data
        assertThat(send(h, beyond)).isEqualTo(0x6700);
        for (int length : new int[] {102, 104, 118, 120, 60}) {
            assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, Arrays.copyOf(good, length))))
                    .as("blob of %d bytes", length).isEqualTo(0x6700);
        }
        unchanged(h, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, 5, before);
        // the blob itself still works
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, good))).isEqualTo(0x9000);
    }

    @Test
    void aTamperedStaleOrForeignBlobIsRefusedAndABlobIsSingleUse() {
        AppletHarness h = AppletHarness.personalized();
        byte[] good = blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD);
        byte[] tampered = good.clone();
        tampered[80] ^= 1;
        long before = counter(h);
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, tampered))).isEqualTo(0x6982);
        assertThat(send(h, change(0x00, 0, 2, AppletHarness.PIN, blob(h, SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("ABCD1234")))))
                .as("a password blob for the PIN").isEqualTo(0x6A80);
        // the right current secret filled the tries; nothing else moved
        unchanged(h, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, 5, before);
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, good))).isEqualTo(0x9000);
        assertThat(send(h, change(0x00, 0, 1, NEW_PASSWORD, good))).as("single use").isEqualTo(0x6982);
        // a blob made before the counter moved on is stale
        byte[] stale = blob(h, SecretKind.USER_AUTH_PIN, NEW_PIN);
        h.client.changeSecret(SecretKind.SIGNING_PASSWORD, NEW_PASSWORD, AppletHarness.PASSWORD);
        assertThat(send(h, change(0x00, 0, 2, AppletHarness.PIN, stale))).isEqualTo(0x6982);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        // a blob for another applet
        AppletHarness other = AppletHarness.personalized();
        byte[] foreign = blob(other, SecretKind.USER_AUTH_PIN, NEW_PIN);
        assertThat(send(h, change(0x00, 0, 2, AppletHarness.PIN, foreign))).isEqualTo(0x6982);
    }

    @Test
    void notOverContactlessNorBeforePersonalizationNorAfterTermination() {
        AppletHarness h = AppletHarness.personalized();
        long before = counter(h);
        h.se.useContactless();
        h.reselect();
        byte[] apdu = change(0x00, 0, 1, AppletHarness.PASSWORD, blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD));
        assertThat(send(h, apdu)).as("a change is made in the app").isEqualTo(0x6985);
        h.se.usePhoneApp();
        h.reselect();
        unchanged(h, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, 5, before);

        AppletHarness installed = AppletHarness.installed();
        installed.client.setInitialSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        assertThat(send(installed, change(0x00, 0, 1, AppletHarness.PASSWORD,
                blob(installed, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD)))).as("not personalized").isEqualTo(0x6985);

        byte[] last = blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD);
        h.issuer().terminate();
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, last))).as("terminated").isEqualTo(0x6985);
    }

    @Test
    void wrongParametersAndClassesAreRefused() {
        AppletHarness h = AppletHarness.personalized();
        long before = counter(h);
        byte[] good = blob(h, SecretKind.SIGNING_PASSWORD, NEW_PASSWORD);
        assertThat(send(h, change(0x00, 1, 1, AppletHarness.PASSWORD, good))).as("P1").isEqualTo(0x6A86);
        assertThat(send(h, change(0x00, 0, 3, AppletHarness.PASSWORD, good))).as("P2").isEqualTo(0x6A86);
        assertThat(send(h, change(0x00, 0, 0, AppletHarness.PASSWORD, good))).as("P2 0").isEqualTo(0x6A86);
        assertThat(send(h, change(0x04, 0, 1, AppletHarness.PASSWORD, good))).as("secure messaging").isEqualTo(0x6E00);
        assertThat(send(h, change(0x10, 0, 1, AppletHarness.PASSWORD, good))).as("chaining").isEqualTo(0x6E00);
        assertThat(send(h, change(0x20, 0, 1, AppletHarness.PASSWORD, good))).as("a reserved class bit").isEqualTo(0x6E00);
        // CLA 80 is SET INITIAL SECRET, which a personalized applet refuses
        assertThat(send(h, ApduChannel.encode(0x80, 0x24, 0, 1, good))).isEqualTo(0x6985);
        unchanged(h, SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, 5, before);
        assertThat(send(h, change(0x00, 0, 1, AppletHarness.PASSWORD, good))).isEqualTo(0x9000);
    }

    private static byte[] transportKey(AppletHarness h) {
        return JpkiAppletClient.check("GET TRANSPORT KEY", new ApduChannel(h.se).exchange(0x80, 0x12, 0, 0, null, null));
    }
}
