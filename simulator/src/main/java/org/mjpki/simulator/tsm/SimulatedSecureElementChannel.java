package org.mjpki.simulator.tsm;

import java.util.function.Function;
import org.mjpki.applet.client.ApduTransport;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.lifecycle.port.SecureElementChannel;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.phone.SimulatedPhone;

/** The TSM relay to the applet on a simulated phone; offline phones are unreachable (R12). */
public final class SimulatedSecureElementChannel implements SecureElementChannel {

    private final PhoneFleet fleet;

    public SimulatedSecureElementChannel(PhoneFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public <T> T withApplet(String seId, Function<ApduTransport, T> script) {
        SimulatedPhone phone = fleet.phone(seId).orElseThrow(() -> new UnknownSecureElementException(seId));
        if (!phone.online()) {
            throw new PhoneUnreachableException(seId);
        }
        return phone.withRelayedApplet(script);
    }
}
