package org.mjpki.applet.client;

import com.licel.jcardsim.smartcardio.CardSimulator;
import com.licel.jcardsim.utils.AIDUtil;
import javacard.framework.AID;
import org.mjpki.applet.card.JpkiApplet;

/**
 * The test harness: one jcardsim card with the JPKI applet installed the way the SEI-TSM
 * installs it, exposed as an {@link ApduTransport}. Switches between the phone app's
 * (internal, T=1) and a contactless reader's interface.
 */
final class SimulatedSecureElement implements ApduTransport {

    static final String INTERNAL = "T=1";
    static final String CONTACTLESS = "T=CL,TYPE_A,T1";

    final CardSimulator simulator;
    int transmitted;

    private SimulatedSecureElement(CardSimulator simulator) {
        this.simulator = simulator;
    }

    static SimulatedSecureElement install(SecureChannelKeys keys) {
        CardSimulator sim = new CardSimulator();
        AID aid = AIDUtil.create(JpkiAppletClient.AID);
        byte[] installData = InstallParameters.installData(JpkiAppletClient.AID, keys);
        sim.installApplet(aid, JpkiApplet.class, installData, (short) 0, (byte) installData.length);
        return new SimulatedSecureElement(sim);
    }

    @Override
    public byte[] transmit(byte[] commandApdu) {
        transmitted++;
        return simulator.transmitCommand(commandApdu);
    }

    /** Raw exchange for protocol-level tests: returns data || SW. */
    byte[] send(String hex) {
        return transmit(Hex.decode(hex));
    }

    void useContactless() {
        simulator.changeProtocol(CONTACTLESS);
    }

    void usePhoneApp() {
        simulator.changeProtocol(INTERNAL);
    }

    static int sw(byte[] response) {
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }
}
