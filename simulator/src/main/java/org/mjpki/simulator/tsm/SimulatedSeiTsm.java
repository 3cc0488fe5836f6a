package org.mjpki.simulator.tsm;

import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.phone.SimulatedPhone;
import org.mjpki.simulator.timing.SimulatedTimings;

/** The SE issuer's TSM, simulated: installs and deletes the applet on the fleet's phones. */
public final class SimulatedSeiTsm implements SeiTsm {

    private final PhoneFleet fleet;

    public SimulatedSeiTsm(PhoneFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void installApplet(String seId, byte[] installParameters) {
        SimulatedPhone phone = fleet.phone(seId).orElseThrow(() -> new UnknownSecureElementException(seId));
        if (!phone.online()) {
            throw new PhoneUnreachableException(seId);
        }
        SimulatedTimings.pass(phone.latency().tsmInstall());
        phone.installApplet(installParameters);
    }

    @Override
    public boolean deleteApplet(String seId) {
        return fleet.phone(seId).map(SimulatedPhone::deleteApplet).orElse(true);
    }
}
