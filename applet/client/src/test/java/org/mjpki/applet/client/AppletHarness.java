package org.mjpki.applet.client;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;

/**
 * Small JUnit 5 + jcardsim harness: installs the applet like the SEI-TSM does and drives it
 * through the typed client. Test secrets live only here and are never printed.
 */
final class AppletHarness {

    static final byte[] MASTER_KEY = Hex.decode("404142434445464748494A4B4C4D4E4F");
    static final byte[] PASSWORD = ascii("JPKI2024");
    static final byte[] PIN = ascii("4321");

    final SecureChannelKeys keys;
    final SimulatedSecureElement se;
    final JpkiAppletClient client;
    RSAPublicKey signingKey;
    RSAPublicKey userAuthKey;
    byte[] signingCert;
    byte[] userAuthCert;

    private AppletHarness(String seId) {
        keys = SecureChannelKeys.diversify(MASTER_KEY, seId);
        se = SimulatedSecureElement.install(keys);
        client = new JpkiAppletClient(se);
        client.select();
    }

    /** A freshly installed applet (INSTALLED, nothing generated). */
    static AppletHarness installed() {
        return new AppletHarness("SE-" + System.nanoTime());
    }

    /** Installed, both keys generated, both certificates stored, both secrets set. */
    static AppletHarness personalized() {
        AppletHarness h = installed();
        h.personalize();
        return h;
    }

    AppletHarness personalize() {
        return personalize(client);
    }

    /** Personalizes through the given client (e.g. one on a recording transport to the same SE). */
    AppletHarness personalize(JpkiAppletClient client) {
        IssuerSession s = client.openIssuerSession(keys);
        signingKey = s.ensureKeyPair(AppletKey.SIGNING);
        userAuthKey = s.ensureKeyPair(AppletKey.USER_AUTH);
        signingCert = TestCertificates.issue(signingKey, AppletKey.SIGNING, 2000);
        userAuthCert = TestCertificates.issue(userAuthKey, AppletKey.USER_AUTH, 1600);
        s.storeCertificate(AppletKey.SIGNING, signingCert);
        s.storeCertificate(AppletKey.USER_AUTH, userAuthCert);
        client.setInitialSecret(SecretKind.SIGNING_PASSWORD, PASSWORD);
        client.setInitialSecret(SecretKind.USER_AUTH_PIN, PIN);
        return this;
    }

    IssuerSession issuer() {
        return client.openIssuerSession(keys);
    }

    /** Deselects and reselects the applet: a new session (authorizations cleared). */
    void reselect() {
        client.select();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
