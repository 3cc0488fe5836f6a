package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * SCP03 against things this project did not write. Published traces: osmocom pySim,
 * tests/unittests/test_globalplatform.py (SCP03_Test_AES128_03 and _11: keys ENC 00..0F, MAC 10..1F,
 * DEK 20..2F, KVN 30; those cards use a pseudo-random challenge, i=70, which only changes how the
 * card challenge is made). The independent host {@link Scp03Reference} (Bouncy Castle CMAC, its own
 * SP 800-108 loop) must reproduce the traces; then the client's host and the applet must agree with it.
 */
class Scp03KnownAnswerTest {

    private static final byte[] ENC = Hex.decode("000102030405060708090a0b0c0d0e0f");
    private static final byte[] MAC = Hex.decode("101112131415161718191a1b1c1d1e1f");
    private static final byte[] DEK = Hex.decode("202122232425262728292a2b2c2d2e2f");
    private static final byte[] GET_EID = Hex.decode("BF3E035C015A");

    /** One pySim trace: host challenge, card challenge, card cryptogram, then the wrapped APDUs (without Le). */
    record Trace(int level, String hostChallenge, String cardChallenge, String cardCryptogram, String externalAuthenticate,
                 String getEid, String getEidResponse, String case1, String case2, String case3, String case4) {
    }

    // SCP03_Test_AES128_03: C-MAC + C-DECRYPTION
    static final Trace LEVEL_03 = new Trace(0x03, "8e1552d0513c60f3", "30760cd2c47c1dd3", "95065fe5ead8a9d7",
            "8482030010fd4721a14d9b07003c451d2f8ae6bb21",
            "84e2910018ca9c00f6713d79bc8baa642bdff51c3f6a4082d3bd9ad26c", null,
            "84f2200208c9811b11f1264cf1", "84ca006608e10ab60b30547988",
            "84f22002184e2908bdb48b2315a55482e9e936ca122d6ecfae7d17416e",
            "84f28002180dd10a6b6193e5340b9e77d32d5a179cd710ac2773aefb28");
    // SCP03_Test_AES128_11: C-MAC + R-MAC
    static final Trace LEVEL_11 = new Trace(0x11, "b13e5f938fc108c4", "3eb51047495b249f", "66c484c1d2ef1948",
            "84821100107d5f5826a993ebc89eea24957fa0b3ce",
            "84e291000ebf3e035c015a558d036518a28297",
            "bf3e125a1089882119900000000000000000000005971be68992dbbdfa",
            "84f220020863a63f8959827fb2", "84ca006608a0c6a4a74166f7ce",
            "84f22002124f0212345c054f9f70c52249b50272656536", "84f280020a4f00e91443f6dce6b8ed");

    private static final String[][] PLAIN_CASES = {
        {"80", "F2", "20", "02", ""}, {"80", "CA", "00", "66", ""},
        {"80", "F2", "20", "02", "4f0212345c054f9f70c5"}, {"80", "F2", "80", "02", "4f00"},
    };

    @Test
    void theIndependentHostReproducesThePublishedTraces() {
        for (Trace t : new Trace[] {LEVEL_03, LEVEL_11}) {
            Scp03Reference ref = new Scp03Reference(ENC, MAC, t.level(), Hex.decode(t.hostChallenge()), Hex.decode(t.cardChallenge()));
            assertThat(Hex.encode(ref.cardCryptogram())).isEqualToIgnoringCase(t.cardCryptogram());
            assertThat(Hex.encode(ref.externalAuthenticate())).isEqualToIgnoringCase(t.externalAuthenticate());
            assertThat(Hex.encode(ref.wrap(0x80, 0xE2, 0x91, 0x00, GET_EID))).isEqualToIgnoringCase(t.getEid());
            if (t.getEidResponse() != null) {
                assertThat(Hex.encode(ref.unwrapResponse(Hex.decode(t.getEidResponse()))))
                        .isEqualToIgnoringCase("bf3e125a10898821199000000000000000000000" + "05");
            }
            String[] expected = {t.case1(), t.case2(), t.case3(), t.case4()};
            for (int i = 0; i < 4; i++) {
                String[] c = PLAIN_CASES[i];
                assertThat(Hex.encode(ref.wrap(Integer.parseInt(c[0], 16), Integer.parseInt(c[1], 16), Integer.parseInt(c[2], 16),
                        Integer.parseInt(c[3], 16), Hex.decode(c[4])))).as("case %d", i + 1).isEqualToIgnoringCase(expected[i]);
            }
        }
    }

    @Test
    void theClientHostReproducesThePublishedTraces() {
        SecureChannelKeys keys = new SecureChannelKeys(ENC, MAC, DEK);
        for (Trace t : new Trace[] {LEVEL_03, LEVEL_11}) {
            Scp03Host host = Scp03Host.derive(keys, t.level(), Hex.decode(t.hostChallenge()), Hex.decode(t.cardChallenge()),
                    Hex.decode(t.cardCryptogram()), 0x9000);
            assertThat(withoutLe(host.externalAuthenticate())).isEqualToIgnoringCase(t.externalAuthenticate());
            assertThat(withoutLe(host.wrap(0x80, 0xE2, 0x91, 0x00, GET_EID))).isEqualToIgnoringCase(t.getEid());
            if (t.getEidResponse() != null) {
                byte[] r = Hex.decode(t.getEidResponse());
                assertThat(Hex.encode(host.unwrap(new ApduChannel.Response(r, 0x9000)).data()))
                        .isEqualToIgnoringCase("bf3e125a1089882119900000000000000000000005");
            }
            String[] expected = {t.case1(), t.case2(), t.case3(), t.case4()};
            for (int i = 0; i < 4; i++) {
                String[] c = PLAIN_CASES[i];
                assertThat(withoutLe(host.wrap(Integer.parseInt(c[0], 16), Integer.parseInt(c[1], 16), Integer.parseInt(c[2], 16),
                        Integer.parseInt(c[3], 16), Hex.decode(c[4])))).as("case %d", i + 1).isEqualToIgnoringCase(expected[i]);
            }
        }
        // a wrong card cryptogram means wrong static keys
        byte[] bad = Hex.decode(LEVEL_03.cardCryptogram());
        bad[7] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scp03Host.derive(keys, 0x03, Hex.decode(LEVEL_03.hostChallenge()),
                Hex.decode(LEVEL_03.cardChallenge()), bad, 0x9000)).isInstanceOf(SecureChannelException.class);
    }

    /** Scp03Host always adds Le = 00; Le is outside the C-MAC, the traces have it only on some cases. */
    private static String withoutLe(byte[] apdu) {
        return Hex.encode(Arrays.copyOf(apdu, 5 + (apdu[4] & 0xFF)));
    }

    @Test
    void theClientKdfAndKeyDiversificationAgreeWithTheIndependentKdf() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[i % 3 == 0 ? 16 : i % 3 == 1 ? 24 : 32];
            random.nextBytes(key);
            byte[] context = new byte[random.nextInt(40)];
            random.nextBytes(context);
            int constant = random.nextInt(256);
            for (int bits : new int[] {64, 128}) {
                assertThat(Crypto.kdf(key, constant, bits, context)).isEqualTo(Scp03Reference.kdf(key, constant, bits, context));
            }
        }
        byte[] master = new byte[32];
        random.nextBytes(master);
        SecureChannelKeys k = SecureChannelKeys.diversify(master, "SE-0042");
        byte[] id = AppletHarness.ascii("SE-0042");
        assertThat(k.enc()).isEqualTo(Scp03Reference.kdf(master, 0x01, 128, id));
        assertThat(k.mac()).isEqualTo(Scp03Reference.kdf(master, 0x02, 128, id));
        assertThat(k.dek()).isEqualTo(Scp03Reference.kdf(master, 0x03, 128, id));
    }

    /**
     * The applet end to end against the independent host: it answers i = 20 (random challenge, R-MAC,
     * no R-ENC: Amendment D's i bits are 10 pseudo-random, 20 R-MAC, 40 R-ENC), a card cryptogram the
     * reference computes, accepts the reference's host cryptogram and C-MAC, decrypts its C-DECRYPTION
     * data and R-MACs its answers so that the reference accepts them.
     */
    @Test
    void theAppletAgreesWithTheIndependentHost() {
        AppletHarness h = AppletHarness.installed();
        byte[] hostChallenge = Hex.decode("0102030405060708");
        byte[] r = h.se.transmit(Scp03Reference.concat(Hex.decode("8050300008"), hostChallenge, new byte[] {0}));
        assertThat(SimulatedSecureElement.sw(r)).isEqualTo(0x9000);
        assertThat(r).hasSize(29 + 2);
        assertThat(Hex.encode(Arrays.copyOfRange(r, 0, 13))).isEqualTo("00000000000000000000" + "30" + "03" + "20");
        Scp03Reference ref = new Scp03Reference(h.keys.enc(), h.keys.mac(), 0x13, hostChallenge, Arrays.copyOfRange(r, 13, 21));
        assertThat(Arrays.copyOfRange(r, 21, 29)).isEqualTo(ref.cardCryptogram());
        assertThat(SimulatedSecureElement.sw(h.se.transmit(ref.externalAuthenticate()))).isEqualTo(0x9000);

        byte[] gen = send(h, ref.wrap(0x80, 0x46, 0x01, 0x02, new byte[0]));
        byte[] publicKey = ref.unwrapResponse(gen);
        assertThat(JpkiAppletClient.decodeRsaPublicKey("GENERATE KEY PAIR", publicKey)).isEqualTo(h.client.readPublicKey(AppletKey.USER_AUTH));

        byte[] der = Hex.decode("3003020105");
        byte[] stored = send(h, ref.wrap(0x80, 0xDA, 0x00, 0x02, der));
        assertThat(ref.unwrapResponse(stored)).isEmpty();
        assertThat(h.client.readCertificate(AppletKey.USER_AUTH)).isEqualTo(der);
    }

    /** The client reads i: R-MAC must be offered when the level asks for it; a pseudo-random challenge is not this profile. */
    @Test
    void theClientChecksTheIParameter() {
        SecureChannelKeys keys = new SecureChannelKeys(ENC, MAC, DEK);
        for (int[] c : new int[][] {{0x10, 0x13}, {0x30, 0x11}, {0x00, 0x13}, {0x00, 0x11}}) {
            byte[] answer = Scp03Reference.concat(new byte[10], new byte[] {0x30, 0x03, (byte) c[0]}, new byte[16], new byte[] {(byte) 0x90, 0});
            JpkiAppletClient client = new JpkiAppletClient(apdu -> answer.clone());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.openIssuerSession(keys, c[1]))
                    .isInstanceOf(SecureChannelException.class)
                    .hasMessageContaining((c[0] & 0x10) != 0 ? "not this SCP03 profile" : "does not offer R-MAC");
        }
        // without R-MAC in the level, i = 00 is acceptable and the card cryptogram is checked next
        byte[] answer = Scp03Reference.concat(new byte[10], new byte[] {0x30, 0x03, 0x00}, new byte[16], new byte[] {(byte) 0x90, 0});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JpkiAppletClient(apdu -> answer.clone()).openIssuerSession(keys, 0x03))
                .isInstanceOf(SecureChannelException.class).hasMessageContaining("card cryptogram");
    }

    /** Sends with Le = 00, collects 61xx pieces; asserts 9000. */
    private static byte[] send(AppletHarness h, byte[] apdu) {
        byte[] r = h.se.transmit(Scp03Reference.concat(apdu, new byte[] {0}));
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while ((SimulatedSecureElement.sw(r) & 0xFF00) == 0x6100) {
            all.write(r, 0, r.length - 2);
            r = h.se.transmit(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, r[r.length - 1]});
        }
        assertThat(SimulatedSecureElement.sw(r)).isEqualTo(0x9000);
        all.write(r, 0, r.length - 2);
        return all.toByteArray();
    }
}
