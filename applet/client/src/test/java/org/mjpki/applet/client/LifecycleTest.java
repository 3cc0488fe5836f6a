package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static void assertSw(Runnable r, int sw) {
        assertThatThrownBy(r::run).isInstanceOf(AppletException.class)
                .satisfies(e -> assertThat(((AppletException) e).statusWord()).as("SW").isEqualTo(sw));
    }

    @Test
    void freshAppletReportsNothingPresentAndRefusesEverythingPremature() {
        AppletHarness h = AppletHarness.installed();
        JpkiAppletClient c = h.client;
        AppletStatus st = c.status();
        assertThat(st).isEqualTo(new AppletStatus(AppletLifecycle.INSTALLED, false, false, false, false, false, false, 0, 0, false));
        assertSw(() -> c.readPublicKey(AppletKey.SIGNING), 0x6985);
        assertSw(() -> c.readCertificate(AppletKey.USER_AUTH), 0x6985);
        assertSw(() -> c.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD), 0x6985);
        assertSw(() -> c.sign(AppletKey.SIGNING, new byte[] {1}), 0x6985);
        assertSw(c::biometricChallenge, 0x6985);
        assertSw(c::removeBiometricKey, 0x6985);
        assertSw(() -> h.issuer().storeCertificate(AppletKey.SIGNING, TestCertificates.issue(TestCertificates.caKey(), AppletKey.SIGNING, 100)), 0x6985);
    }

    @Test
    void personalizationReachesPersonalizedAndCountsRoundTrips() {
        AppletHarness h = AppletHarness.installed();
        int start = h.client.apduCount();
        h.personalize();
        int roundTrips = h.client.apduCount() - start;
        AppletStatus st = h.client.status();
        assertThat(st.lifecycle()).isEqualTo(AppletLifecycle.PERSONALIZED);
        for (AppletKey r : AppletKey.values()) {
            assertThat(st.keyPresent(r)).isTrue();
            assertThat(st.certificatePresent(r)).isTrue();
        }
        assertThat(st.remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        assertThat(st.remainingTries(SecretKind.USER_AUTH_PIN)).isEqualTo(3);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        assertThat(h.client.readCertificate(AppletKey.USER_AUTH)).isEqualTo(h.userAuthCert);
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(h.signingKey);
        assertThat(TestCertificates.parse(h.signingCert).getPublicKey()).isEqualTo(h.signingKey);
        // issuer part (2 SCP03 + 2x2 keys + certificates) + 2x2 holder secrets
        assertThat(roundTrips).isEqualTo(2 + 4 + 9 + 7 + 4);
    }

    @Test
    void keyGenerationIsRefusedOnceACertificateIsStoredAndIdempotentBefore() {
        AppletHarness h = AppletHarness.installed();
        IssuerSession s = h.issuer();
        RSAPublicKey first = s.generateKeyPair(AppletKey.SIGNING);
        assertThat(s.ensureKeyPair(AppletKey.SIGNING)).isEqualTo(first);
        assertThat(h.client.status().keyPresent(AppletKey.SIGNING)).isTrue();
        assertThat(h.client.status().keyPresent(AppletKey.USER_AUTH)).isFalse();
        RSAPublicKey second = s.generateKeyPair(AppletKey.SIGNING);
        assertThat(second).isNotEqualTo(first);
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(second);
        s.storeCertificate(AppletKey.SIGNING, TestCertificates.issue(second, AppletKey.SIGNING, 1500));
        assertSw(() -> s.generateKeyPair(AppletKey.SIGNING), 0x6985);
        assertSw(() -> s.ensureKeyPair(AppletKey.SIGNING), 0x6985);
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(second);
        assertThat(s.isOpen()).as("a refused command keeps the channel").isTrue();
    }

    @Test
    void keyPairsDifferFromEachOtherAndFromAnotherInstance() {
        AppletHarness a = AppletHarness.installed();
        AppletHarness b = AppletHarness.installed();
        IssuerSession sa = a.issuer();
        IssuerSession sb = b.issuer();
        RSAPublicKey a1 = sa.generateKeyPair(AppletKey.SIGNING);
        RSAPublicKey a2 = sa.generateKeyPair(AppletKey.USER_AUTH);
        RSAPublicKey b1 = sb.generateKeyPair(AppletKey.SIGNING);
        assertThat(a1.getModulus()).isNotEqualTo(a2.getModulus()).isNotEqualTo(b1.getModulus());
        assertThat(a2.getModulus()).isNotEqualTo(b1.getModulus());
        assertThat(a1.getModulus().bitLength()).isEqualTo(2048);
        assertThat(a1.getPublicExponent().intValue()).isEqualTo(65537);
    }

    @Test
    void certificatesUpTo4096BytesAreStoredReplacedAndRead() {
        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        byte[] big = TestCertificates.issue(h.userAuthKey, AppletKey.USER_AUTH, 3000);
        assertThat(big.length).isBetween(3000, 3100);
        s.storeCertificate(AppletKey.USER_AUTH, big);
        assertThat(h.client.readCertificate(AppletKey.USER_AUTH)).isEqualTo(big);
        byte[] max = TestCertificates.issueExactly(h.userAuthKey, AppletKey.USER_AUTH, 4096);
        assertThat(max).hasSize(4096);
        assertThat(TestCertificates.parse(max).getPublicKey()).isEqualTo(h.userAuthKey);
        s.storeCertificate(AppletKey.USER_AUTH, max);
        assertThat(h.client.readCertificate(AppletKey.USER_AUTH)).isEqualTo(max);
        // one byte more is refused and leaves the 4096-byte certificate in place
        byte[] over = TestCertificates.issueExactly(h.userAuthKey, AppletKey.USER_AUTH, 4097);
        assertSw(() -> s.storeCertificate(AppletKey.USER_AUTH, over), 0x6A84);
        assertThat(h.client.readCertificate(AppletKey.USER_AUTH)).isEqualTo(max);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        assertThat(h.client.status().lifecycle()).isEqualTo(AppletLifecycle.PERSONALIZED);
    }

    @Test
    void oversizedAndMalformedCertificatesAreRefusedAndChangeNothing() {
        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        assertSw(() -> s.storeCertificate(AppletKey.SIGNING, new byte[4097]), 0x6A84);
        byte[] truncated = java.util.Arrays.copyOf(h.userAuthCert, h.userAuthCert.length - 1);
        assertSw(() -> s.storeCertificate(AppletKey.SIGNING, truncated), 0x6A80);
        assertSw(() -> s.storeCertificate(AppletKey.SIGNING, new byte[] {0x04, 0x00}), 0x6A80);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
    }

    @Test
    void initialSecretsCanBeSetOnlyOnceAndOnlyBeforePersonalization() {
        AppletHarness h = AppletHarness.personalized();
        assertSw(() -> h.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("0000")), 0x6985);
        AppletHarness fresh = AppletHarness.installed();
        fresh.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertSw(() -> fresh.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("0000")), 0x6985);
        assertThat(fresh.client.status().secretSet(SecretKind.USER_AUTH_PIN)).isTrue();
        assertThat(fresh.client.status().lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
        fresh.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
    }

    /**
     * While INSTALLED the first secret of each kind is taken from whoever sets it first; a contactless
     * reader held to the phone during issuance must not be that someone (ADR 0003): only the app on the
     * phone may set it. The refusal changes nothing, and the app can still set the secret afterwards.
     */
    @Test
    void initialSecretsCanBeSetOnlyFromThePhoneApp() {
        AppletHarness h = AppletHarness.installed();
        byte[] before = JpkiAppletClient.check("GET TRANSPORT KEY", new ApduChannel(h.se).exchange(0x80, 0x12, 0, 0, null, null));
        h.se.useContactless();
        assertSw(() -> h.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("1111")), 0x6985);
        assertSw(() -> h.client.setInitialSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("READER1")), 0x6985);
        h.se.usePhoneApp();
        AppletStatus st = h.client.status();
        assertThat(st.secretSet(SecretKind.USER_AUTH_PIN)).isFalse();
        assertThat(st.secretSet(SecretKind.SIGNING_PASSWORD)).isFalse();
        // the reader fetched the transport key twice, yet the counter did not move
        assertThat(JpkiAppletClient.check("GET TRANSPORT KEY", new ApduChannel(h.se).exchange(0x80, 0x12, 0, 0, null, null)))
                .isEqualTo(before);
        h.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
    }

    @Test
    void terminationErasesEverythingAndLeavesOnlyStatus() {
        AppletHarness h = AppletHarness.personalized();
        java.util.List<byte[]> sent = new java.util.ArrayList<>();
        JpkiAppletClient recording = new JpkiAppletClient(apdu -> {
            sent.add(apdu.clone());
            return h.se.transmit(apdu);
        });
        IssuerSession s = recording.openIssuerSession(h.keys);
        s.terminate();
        byte[] wrappedTerminate = sent.get(sent.size() - 1);
        assertThat(wrappedTerminate[0]).isEqualTo((byte) 0x84);
        assertThat(s.isOpen()).isFalse();
        JpkiAppletClient c = h.client;
        assertThat(c.status()).isEqualTo(new AppletStatus(AppletLifecycle.TERMINATED, false, false, false, false, false, false, 0, 0, false));
        assertSw(() -> c.readPublicKey(AppletKey.SIGNING), 0x6985);
        assertSw(() -> c.readCertificate(AppletKey.SIGNING), 0x6985);
        assertSw(() -> c.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD), 0x6985);
        assertSw(() -> c.sign(AppletKey.USER_AUTH, new byte[] {1}), 0x6985);
        assertSw(() -> c.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN), 0x6985);
        assertSw(() -> h.issuer(), 0x6985);
        // every issuer command, wrapped (a replay of the TERMINATE that did it) or plain, answers 6985 now
        assertThat(SimulatedSecureElement.sw(h.se.transmit(wrappedTerminate))).isEqualTo(0x6985);
        assertThat(SimulatedSecureElement.sw(h.se.send("80FE000000"))).isEqualTo(0x6985);
        assertThat(SimulatedSecureElement.sw(h.se.send("84DA000108 0102030405060708"))).isEqualTo(0x6985);
        assertThat(SimulatedSecureElement.sw(h.se.send("84820100 10 00000000000000000000000000000000"))).isEqualTo(0x6985);
        c.select();
        assertThat(c.status().lifecycle()).isEqualTo(AppletLifecycle.TERMINATED);
    }
}
