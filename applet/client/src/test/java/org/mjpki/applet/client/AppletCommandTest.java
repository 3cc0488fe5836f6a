package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command classifier reads what the client really sends, in the clear and under SCP03. */
class AppletCommandTest {

    @Test
    void namesTheWorkOfEachCommandAPersonalizationSends() throws Exception {
        AppletHarness h = AppletHarness.installed();
        List<AppletCommand> seen = new ArrayList<>();
        JpkiAppletClient client = new JpkiAppletClient(apdu -> {
            seen.add(AppletCommand.of(apdu));
            return h.se.transmit(apdu);
        });
        client.select();
        IssuerSession issuer = client.openIssuerSession(h.keys);
        java.security.interfaces.RSAPublicKey key = issuer.generateKeyPair(AppletKey.SIGNING);
        issuer.storeCertificate(AppletKey.SIGNING, TestCertificates.issue(key, AppletKey.SIGNING, 2000));
        client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);

        assertThat(seen).filteredOn(c -> c.kind() != AppletCommand.Kind.OTHER).containsExactly(
                new AppletCommand(AppletCommand.Kind.GENERATE_KEY_PAIR, AppletKey.SIGNING, null),
                new AppletCommand(AppletCommand.Kind.STORE_CERTIFICATE, AppletKey.SIGNING, null),
                new AppletCommand(AppletCommand.Kind.SET_INITIAL_SECRET, null, SecretKind.USER_AUTH_PIN));
    }

    @Test
    void aChangeOnThePhoneIsToldFromTheFirstSecretByItsClass() {
        AppletHarness h = AppletHarness.personalized();
        List<AppletCommand> seen = new ArrayList<>();
        JpkiAppletClient client = new JpkiAppletClient(apdu -> {
            seen.add(AppletCommand.of(apdu));
            return h.se.transmit(apdu);
        });
        client.select();
        client.changeSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, AppletHarness.ascii("CHANGED123"));
        assertThat(seen).filteredOn(c -> c.kind() != AppletCommand.Kind.OTHER).containsExactly(
                new AppletCommand(AppletCommand.Kind.CHANGE_SECRET, null, SecretKind.SIGNING_PASSWORD));
    }

    @Test
    void anythingElseOrMalformedIsOther() {
        assertThat(AppletCommand.of(null).kind()).isEqualTo(AppletCommand.Kind.OTHER);
        assertThat(AppletCommand.of(new byte[] {0, 0x46}).kind()).isEqualTo(AppletCommand.Kind.OTHER);
        assertThat(AppletCommand.of(new byte[] {(byte) 0x84, 0x46, 0x00, 0x07, 0}).kind())
                .as("no such key role").isEqualTo(AppletCommand.Kind.OTHER);
        assertThat(AppletCommand.of(new byte[] {(byte) 0x94, (byte) 0xDA, 0x00, 0x01, 0}).kind())
                .as("a chained part of a certificate").isEqualTo(AppletCommand.Kind.OTHER);
        assertThat(AppletCommand.of(new byte[] {(byte) 0x84, 0x46, 0x01, 0x01, 0}).kind())
                .as("ensure: may only read the key").isEqualTo(AppletCommand.Kind.OTHER);
    }
}
