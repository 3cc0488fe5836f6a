package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
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
}
