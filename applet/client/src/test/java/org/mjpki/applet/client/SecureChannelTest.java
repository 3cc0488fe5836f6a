package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecureChannelTest {

    /** A transport that lets a test tamper with the n-th command or response. */
    static final class TamperingTransport implements ApduTransport {
        final ApduTransport inner;
        UnaryOperator<byte[]> onCommand = UnaryOperator.identity();
        UnaryOperator<byte[]> onResponse = UnaryOperator.identity();

        TamperingTransport(ApduTransport inner) {
            this.inner = inner;
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            return onResponse.apply(inner.transmit(onCommand.apply(apdu.clone())));
        }
    }

    @Test
    void cmacMatchesRfc4493Vectors() {
        byte[] k = Hex.decode("2b7e151628aed2a6abf7158809cf4f3c");
        assertThat(Hex.encode(Crypto.cmac(k, new byte[0]))).isEqualTo("BB1D6929E95937287FA37D129B756746");
        assertThat(Hex.encode(Crypto.cmac(k, Hex.decode("6bc1bee22e409f96e93d7e117393172a"))))
                .isEqualTo("070A16B46B4D4144F79BDD9DD04A287C");
        assertThat(Hex.encode(Crypto.cmac(k, Hex.decode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411"))))
                .isEqualTo("DFA66747DE9AE63030CA32611497C827");
    }

    @Test
    void diversificationIsDeterministicAndPerSe() {
        SecureChannelKeys a = SecureChannelKeys.diversify(AppletHarness.MASTER_KEY, "SE-A");
        assertThat(SecureChannelKeys.diversify(AppletHarness.MASTER_KEY, "SE-A")).isEqualTo(a);
        SecureChannelKeys b = SecureChannelKeys.diversify(AppletHarness.MASTER_KEY, "SE-B");
        assertThat(b.enc()).isNotEqualTo(a.enc());
        assertThat(a.enc()).isNotEqualTo(a.mac()).isNotEqualTo(a.dek());
        assertThat(a.toString()).doesNotContain(Hex.encode(a.enc()));
        assertThat(InstallParameters.encode(a)).hasSize(50).startsWith(0x01, 0x30);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x03, 0x11, 0x13})
    void everySecurityLevelWorks(int level) {
        AppletHarness h = AppletHarness.installed();
        IssuerSession s = h.client.openIssuerSession(h.keys, level);
        var key = s.ensureKeyPair(AppletKey.USER_AUTH);
        s.storeCertificate(AppletKey.USER_AUTH, TestCertificates.issue(key, AppletKey.USER_AUTH, 1500));
        assertThat(h.client.status().certificatePresent(AppletKey.USER_AUTH)).isTrue();
    }

    @Test
    void wrongStaticKeysAreDetectedByTheCardCryptogram() {
        AppletHarness h = AppletHarness.installed();
        SecureChannelKeys other = SecureChannelKeys.diversify(AppletHarness.MASTER_KEY, "another SE");
        assertThatThrownBy(() -> h.client.openIssuerSession(other)).isInstanceOf(SecureChannelException.class)
                .hasMessageContaining("card cryptogram");
    }

    @Test
    void unsupportedSecurityLevelsAndPlainIssuerCommandsAreRefused() {
        AppletHarness h = AppletHarness.installed();
        assertThatThrownBy(() -> h.client.openIssuerSession(h.keys, 0x00)).isInstanceOf(IllegalArgumentException.class);
        // plain (unwrapped) issuer commands, with and without a session
        assertThat(SimulatedSecureElement.sw(h.se.send("80460001 00"))).isEqualTo(0x6982);
        assertThat(SimulatedSecureElement.sw(h.se.send("84460001 08 0102030405060708"))).isEqualTo(0x6982);
        assertThat(SimulatedSecureElement.sw(h.se.send("84FE0000 08 0102030405060708"))).isEqualTo(0x6982);
        // EXTERNAL AUTHENTICATE without INITIALIZE UPDATE
        assertThat(SimulatedSecureElement.sw(h.se.send("84820100 10 00000000000000000000000000000000"))).isEqualTo(0x6985);
        // INITIALIZE UPDATE: wrong key version, wrong length, wrong P2
        assertThat(SimulatedSecureElement.sw(h.se.send("80503100 08 0102030405060708 00"))).isEqualTo(0x6A88);
        assertThat(SimulatedSecureElement.sw(h.se.send("80503000 07 01020304050607 00"))).isEqualTo(0x6700);
        assertThat(SimulatedSecureElement.sw(h.se.send("80503001 08 0102030405060708 00"))).isEqualTo(0x6A86);
        assertThat(h.client.status().keyPresent(AppletKey.SIGNING)).isFalse();
    }

    @Test
    void aBadMacIsRefusedChangesNothingAndClosesTheChannel() {
        AppletHarness h = AppletHarness.installed();
        TamperingTransport t = new TamperingTransport(h.se);
        JpkiAppletClient c = new JpkiAppletClient(t);
        IssuerSession s = c.openIssuerSession(h.keys);
        t.onCommand = apdu -> {
            apdu[apdu.length - 2] ^= 0x01; // last MAC byte (before Le)
            return apdu;
        };
        assertThatThrownBy(() -> s.generateKeyPair(AppletKey.SIGNING)).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        assertThat(s.isOpen()).isFalse();
        t.onCommand = UnaryOperator.identity();
        assertThat(c.status().keyPresent(AppletKey.SIGNING)).isFalse();
        assertThatThrownBy(() -> s.generateKeyPair(AppletKey.SIGNING)).isInstanceOf(SecureChannelException.class);
        // a tampered header (P2) is caught by the MAC too
        IssuerSession s2 = c.openIssuerSession(h.keys);
        t.onCommand = apdu -> {
            apdu[3] = 0x02;
            return apdu;
        };
        assertThatThrownBy(() -> s2.generateKeyPair(AppletKey.SIGNING)).isInstanceOf(AppletException.class);
        t.onCommand = UnaryOperator.identity();
        assertThat(c.status().keyPresent(AppletKey.USER_AUTH)).isFalse();
    }

    @Test
    void aBadMacInTheMiddleOfACertificateChainLeavesTheStoredCertificate() {
        AppletHarness h = AppletHarness.personalized();
        TamperingTransport t = new TamperingTransport(h.se);
        JpkiAppletClient c = new JpkiAppletClient(t);
        IssuerSession s = c.openIssuerSession(h.keys);
        byte[] replacement = TestCertificates.issue(h.signingKey, AppletKey.SIGNING, 2500);
        int[] n = {0};
        t.onCommand = apdu -> {
            if (++n[0] == 4) {
                apdu[10] ^= 0x40; // ciphertext of the 4th chained block
            }
            return apdu;
        };
        assertThatThrownBy(() -> s.storeCertificate(AppletKey.SIGNING, replacement)).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        t.onCommand = UnaryOperator.identity();
        assertThat(c.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        // a later complete, correct upload works
        IssuerSession again = c.openIssuerSession(h.keys);
        again.storeCertificate(AppletKey.SIGNING, replacement);
        assertThat(c.readCertificate(AppletKey.SIGNING)).isEqualTo(replacement);
    }

    @Test
    void aTamperedResponseFailsTheRmac() {
        AppletHarness h = AppletHarness.installed();
        TamperingTransport t = new TamperingTransport(h.se);
        JpkiAppletClient c = new JpkiAppletClient(t);
        IssuerSession s = c.openIssuerSession(h.keys);
        t.onResponse = r -> {
            if (r.length > 20) {
                r[0] ^= 0x01;
            }
            return r;
        };
        assertThatThrownBy(() -> s.generateKeyPair(AppletKey.SIGNING)).isInstanceOf(SecureChannelException.class)
                .hasMessageContaining("R-MAC");
        assertThat(s.isOpen()).isFalse();
    }

    private static int send(AppletHarness h, byte[] apdu) {
        return SimulatedSecureElement.sw(h.se.transmit(apdu));
    }

    private static Scp03Host openHost(AppletHarness h, int level) {
        return Scp03Host.open(new ApduChannel(h.se), h.keys, level, new SecureRandom());
    }

    /** The exact bytes of an accepted command, sent again in the same session: refused, nothing happens. */
    @Test
    void replayingACommandInTheSameSessionIsRefusedAndChangesNothing() {
        AppletHarness h = AppletHarness.installed();
        List<byte[]> sent = new ArrayList<>();
        JpkiAppletClient c = new JpkiAppletClient(apdu -> {
            sent.add(apdu.clone());
            return h.se.transmit(apdu);
        });
        IssuerSession s = c.openIssuerSession(h.keys);
        RSAPublicKey first = s.generateKeyPair(AppletKey.SIGNING); // P1 = 00: a replay, if accepted, would make a new key
        byte[] generate = sent.stream().filter(a -> a[1] == 0x46).findFirst().orElseThrow();
        assertThat(send(h, generate)).isEqualTo(0x6982);
        assertThat(c.readPublicKey(AppletKey.SIGNING)).isEqualTo(first);
        // the failed MAC closed the channel: the host's next, correct command is refused as well
        assertThatThrownBy(() -> s.ensureKeyPair(AppletKey.USER_AUTH)).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        assertThat(c.status().keyPresent(AppletKey.USER_AUTH)).isFalse();
        // nor does the command mean anything in a later session under the same keys
        c.openIssuerSession(h.keys);
        assertThat(send(h, generate)).isEqualTo(0x6982);
        assertThat(c.readPublicKey(AppletKey.SIGNING)).isEqualTo(first);
    }

    /**
     * Two correctly MACed commands of one session, sent in the wrong order: the second one's C-MAC covers
     * the first one's (chaining value), so it is refused, and then the first one finds the channel closed.
     * The same two commands in order are accepted: only the chaining differs.
     */
    @Test
    void commandsSentOutOfOrderAreRefusedBecauseTheMacsAreChained() {
        AppletHarness h = AppletHarness.installed();
        Scp03Host host = openHost(h, 0x03);
        byte[] first = host.wrap(0x80, 0x46, 0x01, 0x01, new byte[0]);
        byte[] second = host.wrap(0x80, 0x46, 0x01, 0x02, new byte[0]);
        assertThat(send(h, second)).isEqualTo(0x6982);
        assertThat(send(h, first)).isEqualTo(0x6982);
        assertThat(h.client.status().keyPresent(AppletKey.SIGNING)).isFalse();
        assertThat(h.client.status().keyPresent(AppletKey.USER_AUTH)).isFalse();

        Scp03Host inOrder = openHost(h, 0x03);
        byte[] a = inOrder.wrap(0x80, 0x46, 0x01, 0x01, new byte[0]);
        byte[] b = inOrder.wrap(0x80, 0x46, 0x01, 0x02, new byte[0]);
        assertThat(SimulatedSecureElement.sw(transmitCollect(h, a))).isEqualTo(0x9000);
        assertThat(SimulatedSecureElement.sw(transmitCollect(h, b))).isEqualTo(0x9000);
        assertThat(h.client.status().keyPresent(AppletKey.SIGNING)).isTrue();
        assertThat(h.client.status().keyPresent(AppletKey.USER_AUTH)).isTrue();
    }

    /** Sends an APDU and reads any 61xx remainder; returns the last response. */
    private static byte[] transmitCollect(AppletHarness h, byte[] apdu) {
        byte[] r = h.se.transmit(apdu);
        while ((SimulatedSecureElement.sw(r) & 0xFF00) == 0x6100) {
            r = h.se.transmit(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, r[r.length - 1]});
        }
        return r;
    }

    @Test
    void aBadMacOnResetRetryCounterIsRefusedAndConsumesNothing() {
        AppletHarness h = AppletHarness.personalized();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("0000")))
                    .isInstanceOf(AppletException.class);
        }
        byte[] newPin = AppletHarness.ascii("8642");
        EncryptedHolderSecret blob = h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, newPin);
        AppletStatus before = h.client.status();
        TamperingTransport t = new TamperingTransport(h.se);
        JpkiAppletClient c = new JpkiAppletClient(t);
        IssuerSession s = c.openIssuerSession(h.keys);
        t.onCommand = apdu -> {
            if (apdu[1] == 0x2C) {
                apdu[apdu.length - 2] ^= 0x01; // last C-MAC byte
            }
            return apdu;
        };
        assertThatThrownBy(() -> s.releaseLock(SecretKind.USER_AUTH_PIN, blob)).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        t.onCommand = UnaryOperator.identity();
        assertThat(c.status()).isEqualTo(before);
        assertThat(before.blocked(SecretKind.USER_AUTH_PIN)).isTrue();
        // the blob was not consumed: the transport counter did not move, so it still works
        c.openIssuerSession(h.keys).releaseLock(SecretKind.USER_AUTH_PIN, blob);
        h.client.verify(SecretKind.USER_AUTH_PIN, newPin);
    }

    @Test
    void aBadMacOnTerminateIsRefusedAndTheAppletKeepsEverything() {
        AppletHarness h = AppletHarness.personalized();
        AppletStatus before = h.client.status();
        TamperingTransport t = new TamperingTransport(h.se);
        JpkiAppletClient c = new JpkiAppletClient(t);
        IssuerSession s = c.openIssuerSession(h.keys);
        t.onCommand = apdu -> {
            if ((apdu[1] & 0xFF) == 0xFE) {
                apdu[6] ^= 0x10; // inside the C-MAC (TERMINATE has no data)
            }
            return apdu;
        };
        assertThatThrownBy(s::terminate).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        t.onCommand = UnaryOperator.identity();
        assertThat(c.status()).isEqualTo(before);
        assertThat(c.status().lifecycle()).isEqualTo(AppletLifecycle.PERSONALIZED);
        assertThat(c.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        c.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        assertThat(c.sign(AppletKey.SIGNING, new byte[] {7}).verify(h.signingKey, new byte[] {7})).isTrue();
    }

    @Test
    void externalAuthenticateRefusesABadHostCryptogramABadLevelAndWrongLengths() {
        AppletHarness h = AppletHarness.installed();
        // a correctly MACed EXTERNAL AUTHENTICATE carrying a wrong host cryptogram
        Scp03Reference ref = initializeUpdate(h, 0x03);
        byte[] wrong = ref.hostCryptogram();
        wrong[0] ^= 1;
        assertThat(send(h, ref.externalAuthenticate(wrong))).isEqualTo(0x6982);
        assertThat(send(h, ref.wrap(0x80, 0x46, 0x01, 0x01, new byte[0]))).as("no session").isEqualTo(0x6982);
        // security levels the applet does not offer (R-ENC, C-DECRYPTION without C-MAC, none)
        for (int level : new int[] {0x00, 0x02, 0x20, 0x33, 0x31, 0x12}) {
            Scp03Reference r = initializeUpdate(h, level);
            assertThat(send(h, r.externalAuthenticate())).as("level %02X", level).isEqualTo(0x6A86);
        }
        // wrong lengths: 15 and 17 bytes of data
        for (int n : new int[] {15, 17}) {
            initializeUpdate(h, 0x03);
            byte[] apdu = new byte[5 + n];
            apdu[0] = (byte) 0x84;
            apdu[1] = (byte) 0x82;
            apdu[2] = 0x03;
            apdu[4] = (byte) n;
            assertThat(send(h, apdu)).isEqualTo(0x6700);
        }
        assertThat(h.client.status().keyPresent(AppletKey.SIGNING)).isFalse();
        // and the right one still opens the channel
        Scp03Reference ok = initializeUpdate(h, 0x03);
        assertThat(send(h, ok.externalAuthenticate())).isEqualTo(0x9000);
    }

    private static Scp03Reference initializeUpdate(AppletHarness h, int level) {
        byte[] challenge = new byte[8];
        new SecureRandom().nextBytes(challenge);
        byte[] r = h.se.transmit(Scp03Reference.concat(Hex.decode("8050300008"), challenge, new byte[] {0}));
        assertThat(SimulatedSecureElement.sw(r)).isEqualTo(0x9000);
        return new Scp03Reference(h.keys.enc(), h.keys.mac(), level, challenge, Arrays.copyOfRange(r, 13, 21));
    }

    @Test
    void wrappedCommandsWithBadParametersOrChainingAreRefusedAndKeepTheChannel() {
        AppletHarness h = AppletHarness.installed();
        Scp03Host host = openHost(h, 0x03);
        assertThat(send(h, host.wrap(0x80, 0x46, 0x03, 0x01, new byte[0]))).as("GENERATE P1 (02 is the replacement)").isEqualTo(0x6A86);
        assertThat(send(h, host.wrap(0x80, 0x46, 0x02, 0x01, new byte[0]))).as("a replacement for no key").isEqualTo(0x6985);
        assertThat(send(h, host.wrap(0x80, 0x46, 0x01, 0x03, new byte[0]))).as("GENERATE role").isEqualTo(0x6A86);
        // chaining is for STORE CERTIFICATE only
        assertThat(send(h, host.wrap(0x90, 0x46, 0x01, 0x01, new byte[0]))).as("chained GENERATE").isEqualTo(0x6884);
        assertThat(send(h, host.wrap(0x90, 0xFE, 0x00, 0x00, new byte[0]))).as("chained TERMINATE").isEqualTo(0x6884);
        assertThat(send(h, host.wrap(0x90, 0x2C, 0x00, 0x02, new byte[16]))).as("chained RESET RETRY COUNTER").isEqualTo(0x6884);
        assertThat(h.client.status().lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
        // the MACs were right, so the session is still open
        assertThat(SimulatedSecureElement.sw(transmitCollect(h, host.wrap(0x80, 0x46, 0x01, 0x01, new byte[0])))).isEqualTo(0x9000);
        assertThat(h.client.status().keyPresent(AppletKey.SIGNING)).isTrue();
        // a plain issuer command closes it
        assertThat(h.se.send("80FE000000")).containsExactly(0x69, 0x82);
        assertThat(send(h, host.wrap(0x80, 0x46, 0x01, 0x01, new byte[0]))).isEqualTo(0x6982);
        assertThat(h.client.status().lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
    }

    @Test
    void getResponseWithParametersIsRefusedAndDropsThePendingResponse() {
        AppletHarness h = AppletHarness.personalized();
        byte[] r = h.se.send("8047000100");
        assertThat(SimulatedSecureElement.sw(r) & 0xFF00).isEqualTo(0x6100);
        assertThat(h.se.send("00C0010000")).containsExactly(0x6A, 0x86);
        assertThat(h.se.send("00C0000000")).containsExactly(0x69, 0x85);
    }
}
