package org.mjpki.simulator.tsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.applet.client.InstallParameters;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecureChannelKeys;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.phone.SimulatedPhone;

/** The relay's sessions: one script at a time per applet, and a session never holds the applet for ever. */
class RelaySessionsTest {

    /** SELECT of the JPKI applet by its AID. */
    private static final byte[] SELECT = HexFormat.of().parseHex("00A40400"
            + String.format("%02X", JpkiAppletClient.AID.length) + HexFormat.of().formatHex(JpkiAppletClient.AID));

    private final PhoneFleet fleet = new PhoneFleet();
    private final SimulatedPhone phone = fleet.newPhone(DeviceFacts.eligibleDefault());
    private final RelaySessions relay = new RelaySessions(new SimulatedSecureElementChannel(fleet), Duration.ofMillis(500));

    RelaySessionsTest() {
        phone.installApplet(InstallParameters.encode(SecureChannelKeys.diversify(new byte[16], phone.seId())));
    }

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Test
    void relaysCommandsOfOneSessionToTheAppletAndFreesItOnClose() {
        String session = relay.open(phone.seId());
        byte[] response = relay.transmit(session, SELECT);
        assertThat(response.length).isGreaterThanOrEqualTo(2);
        assertThat(HexFormat.of().formatHex(response, response.length - 2, response.length)).isEqualTo("9000");
        relay.close(session);

        assertThatThrownBy(() -> relay.transmit(session, SELECT)).isInstanceOf(RelaySessions.NoSuchSessionException.class);
        // the applet is free again: a new session opens at once
        String next = relay.open(phone.seId());
        assertThat(next).isNotEqualTo(session);
        relay.close(next);
    }

    @Test
    void aSecondScriptWaitsUntilTheFirstHasClosed() throws Exception {
        String first = relay.open(phone.seId());
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> relay.open(phone.seId()));
        Thread.sleep(200);
        assertThat(second).as("the applet is held by the first session").isNotDone();
        relay.close(first);
        String opened = second.get(5, TimeUnit.SECONDS);
        relay.close(opened);
    }

    @Test
    void aScriptThatCannotHaveTheAppletInTimeIsToldThePhoneIsBusyAndLeavesNoSessionBehind() throws Exception {
        RelaySessions patient = new RelaySessions(new SimulatedSecureElementChannel(fleet), Duration.ofSeconds(30),
                Duration.ofMillis(300));
        try {
            String holder = patient.open(phone.seId());
            assertThatThrownBy(() -> patient.open(phone.seId())).isInstanceOf(PhoneUnreachableException.class)
                    .hasRootCauseMessage("its applet is busy with another script");
            patient.close(holder);
            // the abandoned request got the applet next and let go at once, not after the 30 s idle timeout
            String next = CompletableFuture.supplyAsync(() -> patient.open(phone.seId())).get(5, TimeUnit.SECONDS);
            patient.close(next);
            assertThat(patient.openSessions()).isZero();
        } finally {
            patient.close();
        }
    }

    @Test
    void aSessionLeftIdleEndsAndFreesTheApplet() throws Exception {
        String abandoned = relay.open(phone.seId());
        // a worker that died mid-script never closes its session; the idle timeout (500 ms here) does
        String next = CompletableFuture.supplyAsync(() -> relay.open(phone.seId())).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> relay.transmit(abandoned, SELECT)).isInstanceOf(RelaySessions.NoSuchSessionException.class);
        relay.close(next);
    }

    @Test
    void anOfflinePhoneOrAnUnknownSeIsRefusedWithoutASession() {
        phone.setOnline(false);
        assertThatThrownBy(() -> relay.open(phone.seId())).isInstanceOf(PhoneUnreachableException.class);
        assertThatThrownBy(() -> relay.open("SE-NOBODY")).isInstanceOf(UnknownSecureElementException.class);
        assertThat(relay.openSessions()).isZero();
    }

    @Test
    void aPhoneThatDropsMidSessionEndsIt() {
        String session = relay.open(phone.seId());
        relay.transmit(session, SELECT);
        phone.setOnline(false);
        assertThatThrownBy(() -> relay.transmit(session, SELECT)).isInstanceOf(ApduTransportException.class);
        phone.setOnline(true);
        assertThatThrownBy(() -> relay.transmit(session, SELECT)).isInstanceOf(RelaySessions.NoSuchSessionException.class);
    }

    @Test
    void refusesAnEmptyCommandAndAnUnknownSession() {
        String session = relay.open(phone.seId());
        assertThatThrownBy(() -> relay.transmit(session, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> relay.transmit("0123456789abcdef", SELECT))
                .isInstanceOf(RelaySessions.NoSuchSessionException.class);
        relay.close(session);
        relay.close(session);
    }
}
