package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
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
        var key = s.ensureKeyPair(KeyRole.USER_AUTH);
        s.storeCertificate(KeyRole.USER_AUTH, TestCertificates.issue(key, KeyRole.USER_AUTH, 1500));
        assertThat(h.client.status().certificatePresent(KeyRole.USER_AUTH)).isTrue();
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
        assertThat(h.client.status().keyPresent(KeyRole.SIGNING)).isFalse();
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
        assertThatThrownBy(() -> s.generateKeyPair(KeyRole.SIGNING)).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        assertThat(s.isOpen()).isFalse();
        t.onCommand = UnaryOperator.identity();
        assertThat(c.status().keyPresent(KeyRole.SIGNING)).isFalse();
        assertThatThrownBy(() -> s.generateKeyPair(KeyRole.SIGNING)).isInstanceOf(SecureChannelException.class);
        // a tampered header (P2) is caught by the MAC too
        IssuerSession s2 = c.openIssuerSession(h.keys);
        t.onCommand = apdu -> {
            apdu[3] = 0x02;
            return apdu;
        };
        assertThatThrownBy(() -> s2.generateKeyPair(KeyRole.SIGNING)).isInstanceOf(AppletException.class);
        t.onCommand = UnaryOperator.identity();
        assertThat(c.status().keyPresent(KeyRole.USER_AUTH)).isFalse();
    }

    @Test
    void aBadMacInTheMiddleOfACertificateChainLeavesTheStoredCertificate() {
        AppletHarness h = AppletHarness.personalized();
        TamperingTransport t = new TamperingTransport(h.se);
        JpkiAppletClient c = new JpkiAppletClient(t);
        IssuerSession s = c.openIssuerSession(h.keys);
        byte[] replacement = TestCertificates.issue(h.signingKey, KeyRole.SIGNING, 2500);
        int[] n = {0};
        t.onCommand = apdu -> {
            if (++n[0] == 4) {
                apdu[10] ^= 0x40; // ciphertext of the 4th chained block
            }
            return apdu;
        };
        assertThatThrownBy(() -> s.storeCertificate(KeyRole.SIGNING, replacement)).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).isEqualTo(0x6982));
        t.onCommand = UnaryOperator.identity();
        assertThat(c.readCertificate(KeyRole.SIGNING)).isEqualTo(h.signingCert);
        // a later complete, correct upload works
        IssuerSession again = c.openIssuerSession(h.keys);
        again.storeCertificate(KeyRole.SIGNING, replacement);
        assertThat(c.readCertificate(KeyRole.SIGNING)).isEqualTo(replacement);
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
        assertThatThrownBy(() -> s.generateKeyPair(KeyRole.SIGNING)).isInstanceOf(SecureChannelException.class)
                .hasMessageContaining("R-MAC");
        assertThat(s.isOpen()).isFalse();
    }

    @Test
    void replayingACommandFromAnEarlierSessionIsRefused() {
        AppletHarness h = AppletHarness.installed();
        java.util.List<byte[]> sent = new java.util.ArrayList<>();
        TamperingTransport t = new TamperingTransport(h.se);
        t.onCommand = apdu -> {
            sent.add(apdu.clone());
            return apdu;
        };
        JpkiAppletClient c = new JpkiAppletClient(t);
        c.openIssuerSession(h.keys).terminate();
        byte[] terminate = sent.get(sent.size() - 1);
        AppletHarness other = AppletHarness.installed();
        byte[] r = other.se.transmit(terminate);
        assertThat(SimulatedSecureElement.sw(r)).isEqualTo(0x6982);
        other.client.openIssuerSession(other.keys);
        assertThat(SimulatedSecureElement.sw(other.se.transmit(Arrays.copyOf(terminate, terminate.length)))).isEqualTo(0x6982);
        assertThat(other.client.status().lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
    }
}
