package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javacard.framework.AID;
import javacard.security.ECPrivateKey;
import javacard.security.KeyPair;
import javacard.security.RSAPrivateCrtKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import com.licel.jcardsim.base.Simulator;
import com.licel.jcardsim.utils.AIDUtil;

/**
 * Property test: 100 sessions x 100 random and mutated APDUs (10,000) against a personalized
 * applet. Invariants: no unexpected exception (6F00 or a Java exception), only status words from
 * the documented table, no signature without a preceding successful verification (tracked from
 * what the applet answered), and no response containing private key, static key or secret bytes.
 */
class ApduFuzzTest {

    /** Hides the bytes (they may carry the test password) from jqwik's failure report. */
    record Apdu(byte[] bytes) {
        @Override
        public String toString() {
            return String.format("APDU[INS=%02X, %d bytes]", bytes.length > 1 ? bytes[1] : 0, bytes.length);
        }
    }

    private static final Set<Integer> ALLOWED_SW = Set.of(0x9000, 0x6700, 0x6881, 0x6882, 0x6883, 0x6884, 0x6982, 0x6983,
            0x6985, 0x6999, 0x6A80, 0x6A82, 0x6A84, 0x6A86, 0x6A88, 0x6D00, 0x6E00);
    private static AppletHarness harness;
    private static Set<Long> secretWindows;
    private static final AtomicInteger SENT = new AtomicInteger();
    private static final AtomicInteger SIGNATURES = new AtomicInteger();

    private static synchronized AppletHarness harness() throws Exception {
        if (harness == null) {
            harness = AppletHarness.personalized();
            secretWindows = secretWindows(harness);
        }
        return harness;
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void appletSurvivesRandomAndMutatedApdus(@ForAll("sessions") List<Apdu> session) throws Exception {
        AppletHarness h = harness();
        h.client.select();
        boolean passwordVerified = false;
        boolean pinVerified = false;
        for (Apdu a : session) {
            byte[] apdu = a.bytes();
            byte[] r = h.se.transmit(apdu.clone());
            SENT.incrementAndGet();
            int sw = SimulatedSecureElement.sw(r);
            assertThat(sw).as("unexpected status word for %s", a)
                    .matches(s -> ALLOWED_SW.contains(s) || (s & 0xFF00) == 0x6100 || (s & 0xFFF0) == 0x63C0);
            assertNoSecret(r, a);
            int ins = apdu[1] & 0xFF;
            int p2 = apdu.length > 3 ? apdu[3] & 0xFF : -1;
            boolean hasData = apdu.length > 5 && (apdu[4] & 0xFF) > 0 && apdu.length > 5 + 0;
            if (ins == 0xA4 && sw == 0x9000) {
                passwordVerified = false;
                pinVerified = false;
            }
            if (ins == 0x20 && hasData && (apdu[0] & 0xFC) == 0) {
                if (p2 == 1) {
                    passwordVerified = sw == 0x9000 || (passwordVerified && sw != 0x9000 && (sw & 0xFFF0) != 0x63C0 && sw != 0x6983);
                }
                if (p2 == 2) {
                    pinVerified = sw == 0x9000 || (pinVerified && (sw & 0xFFF0) != 0x63C0 && sw != 0x6983);
                }
            }
            boolean signatureOut = ins == 0x2A && (r.length > 2 || (sw & 0xFF00) == 0x6100);
            if (signatureOut) {
                SIGNATURES.incrementAndGet();
                if (p2 == 1) {
                    assertThat(passwordVerified).as("signing-key signature without a password verification").isTrue();
                    passwordVerified = false;
                } else {
                    assertThat(pinVerified).as("user-auth signature without PIN verification").isTrue();
                }
            }
        }
    }

    @AfterContainer
    static void report() {
        System.out.println("fuzz: " + SENT.get() + " APDUs sent, " + SIGNATURES.get() + " signatures released");
        assertThat(SENT.get()).isGreaterThanOrEqualTo(10_000);
    }

    @Provide
    Arbitrary<List<Apdu>> sessions() {
        return apdu().list().ofSize(100);
    }

    private static final String[] CORPUS = {
        "00A4040008F04D4A504B49010100", "8010000000", "8012000000", "8047000100", "8047000200", "80CA000100",
        "80CA000200", "00C0000000", "0020000100", "0020000200", "00200002043030303000", "0020000106414243444546",
        "802A000105AABBCCDDEE00", "802A000205AABBCCDDEE00", "902A000203AABBCC", "8084000000",
        "80E2000008300602010102010100", "80E3000000", "80E1000041" + "04" + "11".repeat(64),
        "8050300008010203040506070800", "8482130010" + "00".repeat(16), "84460001080102030405060708",
        "84DA000110" + "00".repeat(16), "94DA000110" + "00".repeat(16), "842C000108" + "00".repeat(8),
        "84FE000008" + "00".repeat(8), "8024000103AABBCC",
    };

    private static Arbitrary<Apdu> apdu() {
        byte[] pw = AppletHarness.PASSWORD;
        byte[] pin = AppletHarness.PIN;
        Arbitrary<byte[]> corpus = Arbitraries.of(CORPUS).map(Hex::decode);
        Arbitrary<byte[]> rightSecrets = Arbitraries.of(
                ApduChannel.encode(0x00, 0x20, 0, 1, pw), ApduChannel.encode(0x00, 0x20, 0, 2, pin));
        Arbitrary<byte[]> seeds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, corpus), net.jqwik.api.Tuple.of(1, rightSecrets));
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 3).flatMap(n ->
                seeds.flatMap(seed -> Arbitraries.integers().between(0, 1 << 20).list().ofSize(n)
                        .map(ops -> mutate(seed, ops))));
        Arbitrary<byte[]> random = Arbitraries.integers().between(0, 40).flatMap(len ->
                Arbitraries.bytes().array(byte[].class).ofSize(4).flatMap(header ->
                        Arbitraries.bytes().array(byte[].class).ofSize(len).map(data -> wellFormed(header, data))));
        Arbitrary<byte[]> knownClassRandomBody = Arbitraries.of(0x00, 0x80, 0x84, 0x90).flatMap(cla ->
                Arbitraries.of(0x10, 0x12, 0x20, 0x24, 0x2A, 0x47, 0xCA, 0x84, 0xE1, 0xE2, 0xE3, 0x50, 0x82, 0x46, 0xDA, 0x2C, 0xFE, 0xC0)
                        .flatMap(ins -> Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(80)
                                .flatMap(data -> Arbitraries.of(0, 1, 2, 3).map(p2 ->
                                        wellFormed(new byte[] {(byte) (int) cla, (byte) (int) ins, 0, (byte) (int) p2}, data)))));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, mutated), net.jqwik.api.Tuple.of(2, random),
                net.jqwik.api.Tuple.of(4, knownClassRandomBody)).map(Apdu::new);
    }

    private static byte[] wellFormed(byte[] header, byte[] data) {
        byte[] h = header.clone();
        h[0] = (byte) (h[0] & 0xFC); // logical channel 0: the basic channel the test selected
        return ApduChannel.encode(h[0] & 0xFF, h[1] & 0xFF, h[2] & 0xFF, h[3] & 0xFF, data);
    }

    /** Byte flips and changes of header bytes; keeps the APDU well formed. */
    private static byte[] mutate(byte[] seed, List<Integer> ops) {
        byte[] a = seed.clone();
        for (int op : ops) {
            int pos = (op >> 8) % a.length;
            if (pos == 4 || (a.length > 5 && pos == a.length - 1 && a.length > 5)) {
                continue; // keep Lc / Le consistent
            }
            a[pos] = (byte) (op & 0xFF);
        }
        a[0] = (byte) (a[0] & 0xFC);
        if ((a[1] & 0xFF) == 0xA4 || (a[1] & 0xFF) == 0x70) {
            a[1] = 0x10; // never select another applet or open channels
        }
        return a;
    }

    private void assertNoSecret(byte[] r, Apdu a) {
        for (int i = 0; i + 8 <= r.length - 2; i++) {
            long w = 0;
            for (int j = 0; j < 8; j++) {
                w = (w << 8) | (r[i + j] & 0xFF);
            }
            if (secretWindows.contains(w)) {
                throw new AssertionError("response to " + a + " contains secret material");
            }
        }
    }

    /** 8-byte windows of every private key component, static key and test secret in the applet. */
    private static Set<Long> secretWindows(AppletHarness h) throws Exception {
        Field runtimeField = Simulator.class.getDeclaredField("runtime");
        runtimeField.setAccessible(true);
        Object runtime = runtimeField.get(h.se.simulator);
        Method getApplet = runtime.getClass().getDeclaredMethod("getApplet", AID.class);
        getApplet.setAccessible(true);
        Object applet = getApplet.invoke(runtime, AIDUtil.create(JpkiAppletClient.AID));
        Object state = field(applet, "state");
        Set<Long> windows = new HashSet<>();
        byte[] buf = new byte[256];
        for (KeyPair kp : (KeyPair[]) field(state, "rsaKeys")) {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
            add(windows, buf, k.getP(buf, (short) 0));
            add(windows, buf, k.getQ(buf, (short) 0));
            add(windows, buf, k.getDP1(buf, (short) 0));
            add(windows, buf, k.getDQ1(buf, (short) 0));
            add(windows, buf, k.getPQ(buf, (short) 0));
        }
        ECPrivateKey t = (ECPrivateKey) ((KeyPair) field(state, "transportKeys")).getPrivate();
        add(windows, buf, t.getS(buf, (short) 0));
        for (String name : new String[] {"scpEnc", "scpMac", "scpDek"}) {
            add(windows, buf, ((javacard.security.AESKey) field(state, name)).getKey(buf, (short) 0));
        }
        byte[] pw = AppletHarness.PASSWORD;
        System.arraycopy(pw, 0, buf, 0, pw.length);
        add(windows, buf, (short) pw.length);
        assertThat(windows).hasSizeGreaterThan(1000);
        return windows;
    }

    private static void add(Set<Long> windows, byte[] b, short len) {
        for (int i = 0; i + 8 <= len; i++) {
            long w = 0;
            for (int j = 0; j < 8; j++) {
                w = (w << 8) | (b[i + j] & 0xFF);
            }
            windows.add(w);
        }
    }

    private static Object field(Object o, String name) throws Exception {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
