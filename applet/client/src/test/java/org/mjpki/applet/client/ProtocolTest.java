package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Raw APDUs against a personalized applet: every error status word of the command table. */
class ProtocolTest {

    private static AppletHarness h;

    @BeforeAll
    static void setUp() {
        h = AppletHarness.personalized();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // unknown instruction / class
        "80FF000000, 6D00",
        "00CA000200, 6D00",
        "E010000000, 6E00",
        "A010000000, 6E00",
        // GET STATUS
        "8010000100, 6A86",
        "8010000001AA, 6700",
        "9010000000, 6884",
        "8C10000000, 6882",
        // GET TRANSPORT KEY
        "8012010000, 6A86",
        // READ PUBLIC KEY / CERTIFICATE
        "8047000300, 6A86",
        "8047010100, 6A86",
        "8047000101AA, 6700",
        "80CA000000, 6A86",
        // GET RESPONSE with nothing pending, or with P1/P2
        "00C0000000, 6985",
        "80C0000000, 6E00",
        // VERIFY
        "0020010100, 6A86",
        "0020000300, 6A86",
        "1020000100, 6E00",
        // SIGN without authorization, bad role
        "802A000105AABBCCDDEE, 6982",
        "802A000305AABBCCDDEE, 6A86",
        // biometric commands
        "80E1000000, 6982",
        "80E2000000, 6985",
        "80E3000100, 6A86",
        "8084000100, 6A86",
        // SET INITIAL SECRET after personalization
        "8024000101AA, 6985",
        // issuer commands without the secure channel
        "8046000100, 6982",
        "80DA000100, 6982",
        "802C000100, 6982",
        "80FE000000, 6982",
        "8482000000, 6985",
    })
    void statusWords(String apdu, String sw) {
        byte[] r = h.se.send(apdu);
        assertThat(String.format("%04X", SimulatedSecureElement.sw(r))).isEqualTo(sw);
        assertThat(r).hasSize(2);
    }

    /**
     * GET STATUS, GET TRANSPORT KEY and INITIALIZE UPDATE build their answers in the applet's RAM
     * buffer, so a short Le that forces 61xx / GET RESPONSE still gets the right bytes: on a real card
     * the earlier version, which sent them out of a kept reference to the APDU buffer, threw
     * SecurityException (OnCardApiTest's data-flow check now guards against that statically).
     */
    @Test
    void shortResponsesArriveIntactWhenFetchedInPieces() {
        assertThat(inPieces("8010000003")).isEqualTo(strip(h.se.send("8010000000")));
        assertThat(inPieces("8012000005")).isEqualTo(strip(h.se.send("8012000000")));
        byte[] init = inPieces("8050300008 0102030405060708 0A");
        assertThat(init).hasSize(29);
        assertThat(Hex.encode(java.util.Arrays.copyOfRange(init, 10, 12))).isEqualTo("3003");
        h.reselect();
    }

    /** Sends the command, then GET RESPONSE with Le = the remaining count until 9000; returns the data. */
    private static byte[] inPieces(String apdu) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] r = h.se.send(apdu);
        int pieces = 1;
        while ((SimulatedSecureElement.sw(r) & 0xFF00) == 0x6100) {
            all.write(r, 0, r.length - 2);
            r = h.se.send(String.format("00C00000%02X", r[r.length - 1] & 0xFF));
            pieces++;
        }
        assertThat(SimulatedSecureElement.sw(r)).isEqualTo(0x9000);
        assertThat(pieces).as("answered in more than one piece").isGreaterThan(1);
        all.write(r, 0, r.length - 2);
        return all.toByteArray();
    }

    private static byte[] strip(byte[] r) {
        assertThat(SimulatedSecureElement.sw(r)).isEqualTo(0x9000);
        return java.util.Arrays.copyOf(r, r.length - 2);
    }
}
