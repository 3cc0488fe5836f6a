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
}
