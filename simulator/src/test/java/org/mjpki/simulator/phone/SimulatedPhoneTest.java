package org.mjpki.simulator.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.applet.client.AppletLifecycle;
import org.mjpki.applet.client.InstallParameters;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecureChannelKeys;

/** The simulated phone behaves as a GP-SE behind a flaky relay: install, delete, reinstall, offline. */
class SimulatedPhoneTest {

    private final SimulatedPhone phone = new SimulatedPhone("SE-TEST-1", DeviceFacts.eligibleDefault(), () -> org.mjpki.simulator.timing.PhoneLatency.NONE);
    private final byte[] params = InstallParameters.encode(SecureChannelKeys.diversify(new byte[16], "SE-TEST-1"));

    private AppletLifecycle lifecycle() {
        return phone.withLocalApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            return applet.status().lifecycle();
        });
    }

    @Test
    void installsDeletesAndInstallsAgain() {
        phone.installApplet(params);
        assertThat(lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
        assertThat(phone.deleteApplet()).isTrue();
        assertThat(phone.appletInstalled()).isFalse();
        phone.installApplet(params);
        assertThat(lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
    }

    @Test
    void anOfflinePhoneKeepsItsAppletUntilItIsBack() {
        phone.installApplet(params);
        phone.setOnline(false);
        assertThat(phone.deleteApplet()).isFalse();
        assertThat(phone.deletePending()).isTrue();
        assertThatThrownBy(() -> phone.withRelayedApplet(t -> t.transmit(new byte[] {0, (byte) 0xA4, 4, 0})))
                .isInstanceOf(ApduTransportException.class);
        phone.setOnline(true);
        assertThat(phone.appletInstalled()).as("R8: deleted when it came back").isFalse();
        assertThat(phone.deletePending()).isFalse();
    }

    @Test
    void aPhoneTakesAsLongAsItsLatencySaysAndTheSwitchAppliesAtOnce() {
        java.util.concurrent.atomic.AtomicReference<org.mjpki.simulator.timing.PhoneLatency> latency =
                new java.util.concurrent.atomic.AtomicReference<>(org.mjpki.simulator.timing.PhoneLatency.NONE);
        SimulatedPhone slow = new SimulatedPhone("SE-TEST-2", DeviceFacts.eligibleDefault(), latency::get);
        slow.installApplet(InstallParameters.encode(SecureChannelKeys.diversify(new byte[16], "SE-TEST-2")));
        java.time.Duration tsm = java.time.Duration.ofMillis(200);
        latency.set(org.mjpki.simulator.timing.PhoneLatency.NONE.withTsmScript(tsm));
        long start = System.nanoTime();
        slow.withRelayedApplet(t -> {
            new JpkiAppletClient(t).select();
            return null;
        });
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("at least the TSM's share of a script")
                .isGreaterThanOrEqualTo(tsm);
    }

    @Test
    void anSeWithAKeyPoolTakesItsKeyPairsFromThePoolThenGeneratesItsOwn() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        java.security.KeyPair made = rsa.generateKeyPair();
        RsaKeyPool pool = new RsaKeyPool(java.util.List.of(RsaKeyPool.of((java.security.interfaces.RSAPrivateCrtKey) made.getPrivate())));
        SecureChannelKeys keys = SecureChannelKeys.diversify(new byte[16], "SE-TEST-3");
        SimulatedPhone pooled = new SimulatedPhone("SE-TEST-3", DeviceFacts.eligibleDefault(),
                () -> org.mjpki.simulator.timing.PhoneLatency.NONE, pool);
        pooled.installApplet(InstallParameters.encode(keys));

        java.util.List<java.security.interfaces.RSAPublicKey> generated = pooled.withRelayedApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            var issuer = applet.openIssuerSession(keys);
            return java.util.List.of(issuer.generateKeyPair(org.mjpki.applet.client.AppletKey.SIGNING),
                    issuer.generateKeyPair(org.mjpki.applet.client.AppletKey.USER_AUTH));
        });
        assertThat(generated.get(0).getModulus()).as("the pooled pair")
                .isEqualTo(((java.security.interfaces.RSAPublicKey) made.getPublic()).getModulus());
        assertThat(generated.get(1).getModulus()).as("the pool was empty: the SE generated its own")
                .isNotEqualTo(generated.get(0).getModulus());
        assertThat(generated.get(1).getModulus().bitLength()).isEqualTo(2048);
        assertThat(pool.available()).isZero();
    }
}
