package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class PersonalizationTest {

    @Test
    void fullPersonalizationAndSignatures() {
        SecureChannelKeys keys = SecureChannelKeys.diversify(new byte[16], "SE-0001");
        SimulatedSecureElement se = SimulatedSecureElement.install(keys);
        JpkiAppletClient client = new JpkiAppletClient(se);
        client.select();
        AppletStatus st = client.status();
        assertThat(st.lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
        int before = se.transmitted;
        IssuerSession s = client.openIssuerSession(keys);
        RSAPublicKey sig = s.generateKeyPair(AppletKey.SIGNING);
        RSAPublicKey auth = s.generateKeyPair(AppletKey.USER_AUTH);
        byte[] c1 = TestCertificates.issue(sig, AppletKey.SIGNING, 2048);
        byte[] c2 = TestCertificates.issue(auth, AppletKey.USER_AUTH, 1536);
        s.storeCertificate(AppletKey.SIGNING, c1);
        s.storeCertificate(AppletKey.USER_AUTH, c2);
        System.out.println("personalization APDUs after select: " + (se.transmitted - before) + " certs " + c1.length + "/" + c2.length);
        client.setInitialSecret(SecretKind.SIGNING_PASSWORD, "ABC123".getBytes(StandardCharsets.US_ASCII));
        client.setInitialSecret(SecretKind.USER_AUTH_PIN, "1234".getBytes(StandardCharsets.US_ASCII));
        assertThat(client.status().lifecycle()).isEqualTo(AppletLifecycle.PERSONALIZED);
        assertThat(client.readCertificate(AppletKey.SIGNING)).isEqualTo(c1);
        assertThat(client.readPublicKey(AppletKey.USER_AUTH)).isEqualTo(auth);
        client.verify(SecretKind.SIGNING_PASSWORD, "ABC123".getBytes(StandardCharsets.US_ASCII));
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        SignatureResult r = client.sign(AppletKey.SIGNING, data);
        assertThat(r.verify(sig, data)).isTrue();
        assertThat(r.verify(TestCertificates.parse(c1).getPublicKey(), data)).isTrue();
        System.out.println(r);
    }
}
