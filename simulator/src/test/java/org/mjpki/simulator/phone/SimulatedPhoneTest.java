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

    private final SimulatedPhone phone = new SimulatedPhone("SE-TEST-1", DeviceFacts.eligibleDefault(), LatencyProfile.NONE);
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
}
