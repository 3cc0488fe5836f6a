package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A holder secret relayed by the server for a lock release (ADR 0020): the server checks only its form
 * ({@link EncryptedHolderSecret#received}), and tells a reset already made from one still to make by comparing the
 * blob's counter with the applet's ({@link JpkiAppletClient#transportCounter()}).
 */
class RelayedSecretTest {

    @Test
    void theServerChecksTheFormOfARelayedSecretOnly() {
        AppletHarness h = AppletHarness.personalized();
        byte[] pin = h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("9876")).blob();
        byte[] password = h.client.encryptNewSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("ABCDEFGHIJKLMNOP")).blob();
        assertThat(pin).hasSize(103);
        assertThat(password).hasSize(119);
        assertThat(EncryptedHolderSecret.received(SecretKind.USER_AUTH_PIN, pin).blob()).isEqualTo(pin);
        assertThat(EncryptedHolderSecret.received(SecretKind.SIGNING_PASSWORD, password).blob()).isEqualTo(password);

        assertThatThrownBy(() -> EncryptedHolderSecret.received(SecretKind.SIGNING_PASSWORD, pin))
                .as("a PIN for a password").isInstanceOf(IllegalArgumentException.class);
        for (int length : new int[] {0, 102, 104, 118, 120, 300}) {
            assertThatThrownBy(() -> EncryptedHolderSecret.received(SecretKind.USER_AUTH_PIN, Arrays.copyOf(pin, length)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("103 or 119");
        }
        byte[] version2 = pin.clone();
        version2[0] = 2;
        assertThatThrownBy(() -> EncryptedHolderSecret.received(SecretKind.USER_AUTH_PIN, version2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptedHolderSecret.received(SecretKind.USER_AUTH_PIN, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlobNamesTheCounterItOpensAtAndTheCounterMovesOnWithEveryInstalledSecret() {
        AppletHarness h = AppletHarness.personalized();
        long counter = h.client.transportCounter();
        EncryptedHolderSecret blob = h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("9876"));
        assertThat(blob.counter()).isEqualTo(counter);
        assertThat(h.client.transportCounter()).as("making a blob changes nothing").isEqualTo(counter);

        h.issuer().releaseLock(SecretKind.USER_AUTH_PIN, blob);
        assertThat(h.client.transportCounter()).isEqualTo(counter + 1);
        assertThat(h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("1111")).counter())
                .isEqualTo(counter + 1);
    }
}
