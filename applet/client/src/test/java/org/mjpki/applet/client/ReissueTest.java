package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/**
 * Re-issue of a certificate on the applet, APDU by APDU: a replacement key pair made beside the live one (which goes
 * on signing), then its certificate stored, which puts both in the old ones' place at once. In the wrong order, for
 * the wrong key, with bad parameters or lengths, it is refused and changes nothing.
 */
class ReissueTest {

    private final byte[] data = AppletHarness.ascii("a document signed after the phone was found");

    private static int sw(Runnable r) {
        try {
            r.run();
            return 0x9000;
        } catch (AppletException e) {
            return e.statusWord();
        }
    }

    private static int sw(AppletHarness h, String hexApdu) {
        return SimulatedSecureElement.sw(h.se.send(hexApdu));
    }

    @Test
    void theReplacementKeySignsOnlyOnceItsCertificateIsStored() {
        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        RSAPublicKey replacement = s.generateReplacementKeyPair(AppletKey.SIGNING);
        assertThat(replacement.getModulus()).isNotEqualTo(h.signingKey.getModulus());
        assertThat(s.generateReplacementKeyPair(AppletKey.SIGNING)).as("asked again (a retried script): the same key")
                .isEqualTo(replacement);

        // meanwhile the live key and certificate are untouched and sign
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(h.signingKey);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        assertThat(h.client.sign(AppletKey.SIGNING, data).verify(h.signingKey, data)).isTrue();

        byte[] newCert = TestCertificates.issue(replacement, AppletKey.SIGNING, 2100);
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        s = h.issuer();
        s.storeReplacementCertificate(AppletKey.SIGNING, newCert);

        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(replacement);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(newCert);
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data)))
                .as("the password given for the old key does not carry over to the new one").isEqualTo(0x6982);
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        SignatureResult signed = h.client.sign(AppletKey.SIGNING, data);
        assertThat(signed.verify(replacement, data)).isTrue();
        assertThat(signed.verify(h.signingKey, data)).as("the old key is gone").isFalse();
        // the user-auth key is as it was, and the set is still complete
        assertThat(h.client.readPublicKey(AppletKey.USER_AUTH)).isEqualTo(h.userAuthKey);
        assertThat(h.client.status().lifecycle()).isEqualTo(AppletLifecycle.PERSONALIZED);
        // the replacement is used up: storing again for a replacement is refused, a new one can be made
        assertThat(sw(() -> h.issuer().storeReplacementCertificate(AppletKey.SIGNING, newCert))).isEqualTo(0x6985);
        assertThat(h.issuer().generateReplacementKeyPair(AppletKey.SIGNING)).isNotEqualTo(replacement);
    }

    @Test
    void aReplacementNeedsAPersonalizedKeyAndComesOneAtATime() {
        AppletHarness fresh = AppletHarness.installed();
        IssuerSession f = fresh.issuer();
        assertThat(sw(() -> f.generateReplacementKeyPair(AppletKey.SIGNING))).as("no key yet").isEqualTo(0x6985);
        f.ensureKeyPair(AppletKey.SIGNING);
        assertThat(sw(() -> f.generateReplacementKeyPair(AppletKey.SIGNING))).as("a key without a certificate")
                .isEqualTo(0x6985);

        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        assertThat(sw(() -> s.storeReplacementCertificate(AppletKey.SIGNING, h.signingCert)))
                .as("a certificate for a replacement that was never made").isEqualTo(0x6985);
        RSAPublicKey replacement = s.generateReplacementKeyPair(AppletKey.SIGNING);
        assertThat(sw(() -> s.generateReplacementKeyPair(AppletKey.USER_AUTH))).as("one replacement at a time")
                .isEqualTo(0x6985);
        assertThat(sw(() -> s.storeReplacementCertificate(AppletKey.USER_AUTH, h.userAuthCert)))
                .as("for the key without the replacement").isEqualTo(0x6985);
        // the ordinary key generation still refuses a key with a certificate
        assertThat(sw(() -> s.ensureKeyPair(AppletKey.SIGNING))).isEqualTo(0x6985);
        assertThat(s.isOpen()).as("refusals keep the channel").isTrue();
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(h.signingKey);
        assertThat(s.generateReplacementKeyPair(AppletKey.SIGNING)).isEqualTo(replacement);
    }

    @Test
    void badParametersAndLengthsAreRefusedInsideTheChannel() {
        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        ApduChannel channel = sessionChannel(s);
        assertThat(sw(() -> JpkiAppletClient.check("GENERATE", channel.exchange(0x80, 0x46, 0x03, 0x01, null, scp(s)))))
                .isEqualTo(0x6A86);
        assertThat(sw(() -> JpkiAppletClient.check("GENERATE", channel.exchange(0x80, 0x46, 0x02, 0x03, null, scp(s)))))
                .as("no such key").isEqualTo(0x6A86);
        assertThat(sw(() -> JpkiAppletClient.check("GENERATE", channel.exchange(0x80, 0x46, 0x02, 0x01, new byte[] {1}, scp(s)))))
                .isEqualTo(0x6700);
        assertThat(sw(() -> JpkiAppletClient.check("STORE", channel.exchange(0x80, 0xDA, 0x02, 0x01, h.signingCert, scp(s)))))
                .isEqualTo(0x6A86);
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(h.signingKey);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        // outside the channel an issuer command is refused and closes it
        assertThat(sw(h, "8046020100")).isEqualTo(0x6982);
    }

    @Test
    void aChainStartedForTheReplacementCannotBeFinishedAsAnOrdinaryStore() {
        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        RSAPublicKey replacement = s.generateReplacementKeyPair(AppletKey.SIGNING);
        byte[] newCert = TestCertificates.issue(replacement, AppletKey.SIGNING, 2100);
        ApduChannel channel = sessionChannel(s);
        // the first block for the replacement (chaining bit set), then the rest as an ordinary STORE: the chain is dropped
        byte[] first = java.util.Arrays.copyOf(newCert, 200);
        byte[] rest = java.util.Arrays.copyOfRange(newCert, 200, newCert.length);
        assertThat(sw(() -> JpkiAppletClient.check("STORE", channel.exchange(0x90, 0xDA, 0x01, 0x01, first, scp(s)))))
                .isEqualTo(0x9000);
        assertThat(sw(() -> JpkiAppletClient.check("STORE", channel.exchange(0x80, 0xDA, 0x00, 0x01, rest, scp(s)))))
                .as("a broken certificate").isEqualTo(0x6A80);
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(h.signingKey);
        assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(h.signingCert);
        h.issuer().storeReplacementCertificate(AppletKey.SIGNING, newCert);
        assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(replacement);
    }

    @Test
    void terminationErasesAPendingReplacement() {
        AppletHarness h = AppletHarness.personalized();
        IssuerSession s = h.issuer();
        s.generateReplacementKeyPair(AppletKey.SIGNING);
        s.terminate();
        assertThat(h.client.status().lifecycle()).isEqualTo(AppletLifecycle.TERMINATED);
        assertThat(sw(() -> h.issuer())).isEqualTo(0x6985);
    }

    private static ApduChannel sessionChannel(IssuerSession s) {
        return s.channel();
    }

    private static Scp03Host scp(IssuerSession s) {
        return s.scp();
    }
}
