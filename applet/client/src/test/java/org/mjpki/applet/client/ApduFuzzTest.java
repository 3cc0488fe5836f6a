package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Fuzzing the applet through jcardsim, seeded with the command traffic of a real personalization and
 * real holder use (recorded once, below). Four properties, covering every command of the applet:
 * <ol>
 * <li>{@code plainTraffic}: 100 sessions of 125 steps, with a replacement of the user-auth key pending (a re-issue
 *     under way, GENERATE KEY PAIR P1=02 in the corpus) — recorded commands as they were, mutated,
 *     re-framed (missing or extra Le, Lc too long or too short, extended-length shapes, truncated headers),
 *     random ones with data up to the largest short APDU jcardsim takes (Lc 255), the 103/119-byte
 *     holder-secret blobs, interface switches and real biometric assertions in between. After every
 *     APDU (and genuine secret changes, CHANGE REFERENCE DATA to the same value): only documented status words, no response containing private-key, static-key, session-key,
 *     password or PIN bytes (the replacement's private key included), keys/certificates/lifecycle/transport counter and
 *     the pending replacement unchanged, retry counters and
 *     the biometric registration changed only by the commands allowed to, and every signature that comes
 *     out is backed by an authorization this session granted on this interface — the one its
 *     identification info names — with one-shot authorizations spent.</li>
 * <li>{@code insideTheSecureChannel}: an issuer operation (GENERATE KEY PAIR P1=00, 01 and 02 — a replacement key
 *     pair —, STORE CERTIFICATE P1=00 and 01 — the replacement's, swapping key and certificate —, RESET RETRY
 *     COUNTER with a valid blob, TERMINATE) in a genuine SCP03 session at a random level, one of whose
 *     correctly MACed APDUs (EXTERNAL AUTHENTICATE included) is mutated, truncated, extended, re-framed,
 *     re-classed or replaced by a replay. It must be refused, change nothing persistent, and a MAC
 *     failure must close the channel; the non-destructive operations are then run unmutated as a control, and
 *     the replacement's certificate stored unmutated must swap key and certificate together.</li>
 * <li>{@code holderSecretBlobs}: SET INITIAL SECRET with fresh 103- and 119-byte blobs on an installed
 *     applet, mutated: refused, nothing set, counter unchanged; the unmutated blob is accepted afterwards.</li>
 * <li>{@code secretChanges}: CHANGE REFERENCE DATA (00 24 00 kind) with the right current secret and a fresh blob,
 *     mutated: refused, nothing changed but one try for a wrong current secret; the unmutated change is accepted.</li>
 * </ol>
 * It runs in about half a minute; {@code -Dmjpki.fuzz.rounds=N} runs every property N tries ({@link FuzzRounds}).
 * Failure reports show only INS and length, never APDU bytes (they carry the test password).
 */
// the hook acts around each property of the class (jqwik applies a class's hooks to the class alone unless told)
@AddLifecycleHook(value = FuzzRounds.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class ApduFuzzTest {

    private static final Set<Integer> ALLOWED_SW = Set.of(0x9000, 0x6700, 0x6881, 0x6882, 0x6883, 0x6884, 0x6982, 0x6983,
            0x6985, 0x6999, 0x6A80, 0x6A82, 0x6A84, 0x6A86, 0x6A88, 0x6D00, 0x6E00);
    /** jcardsim's APDU buffer is 260 bytes: Lc 255 fits without Le, Lc 254 with it. */
    private static final int MAX_APDU = 260;
    private static final byte[] LONG_PASSWORD = AppletHarness.ascii("JPKI2024ABCDEFGH");

    private static final AtomicInteger PLAIN_SENT = new AtomicInteger();
    private static final AtomicInteger SIGNATURES = new AtomicInteger();
    private static final AtomicInteger TRANSPORT_REJECTED = new AtomicInteger();
    private static final AtomicInteger SESSION_MUTATIONS = new AtomicInteger();
    private static final AtomicInteger BLOB_MUTATIONS = new AtomicInteger();
    private static final AtomicInteger CHANGES = new AtomicInteger();
    private static final AtomicInteger REPLACEMENTS_STORED = new AtomicInteger();
    private static final AtomicInteger CHANGE_MUTATIONS = new AtomicInteger();
    private static final AtomicInteger WRONG_CURRENT_SECRETS = new AtomicInteger();

    private static Fixture fixture;
    private static AppletHarness issuerTarget;

    /** One step of a session; toString never shows bytes. */
    sealed interface Step permits Send, SwitchInterface, BiometricUnlock, LegitChange {
    }

    record Send(byte[] apdu) implements Step {
        @Override
        public String toString() {
            return String.format("Send[INS=%02X, %d bytes]", apdu.length > 1 ? apdu[1] : 0, apdu.length);
        }
    }

    record SwitchInterface() implements Step {
    }

    record BiometricUnlock() implements Step {
    }

    /** The holder's app changing a secret for real (to the same value, so the fixture still knows it). */
    record LegitChange(SecretKind kind) implements Step {
    }

    /** A personalized applet with a biometric key, and the commands that got it there. */
    static final class Fixture {
        final AppletHarness h;
        final KeyPair keystore;
        final List<byte[]> recorded = new ArrayList<>();
        final List<byte[]> blobs = new ArrayList<>();
        final byte[][] publicMaterial;
        final AppletProbe probe;
        final java.security.interfaces.RSAPublicKey replacementKey;

        Fixture() throws Exception {
            h = AppletHarness.installed();
            JpkiAppletClient c = new JpkiAppletClient(apdu -> {
                recorded.add(apdu.clone());
                return h.se.transmit(apdu);
            });
            c.select();
            c.status();
            h.personalize(c);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keystore = g.generateKeyPair();
            c.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
            c.sign(AppletKey.SIGNING, new byte[600]); // chained
            try {
                c.verify(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("0000"));
            } catch (WrongSecretException expected) {
                // recorded as traffic
            }
            c.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
            c.sign(AppletKey.USER_AUTH, AppletHarness.ascii("login"));
            c.registerBiometricKey((ECPublicKey) keystore.getPublic());
            c.removeBiometricKey();
            c.registerBiometricKey((ECPublicKey) keystore.getPublic());
            c.select();
            c.presentBiometricAssertion(ecdsa(keystore, c.biometricChallenge()));
            c.sign(AppletKey.USER_AUTH, AppletHarness.ascii("biometric login"));
            c.readPublicKey(AppletKey.SIGNING);
            c.readCertificate(AppletKey.USER_AUTH);
            // lock release of the password to the same value (a wrapped RESET RETRY COUNTER in the corpus)
            EncryptedHolderSecret same = c.encryptNewSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
            c.openIssuerSession(h.keys).releaseLock(SecretKind.SIGNING_PASSWORD, same);
            c.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
            // a change of each secret on the phone (CHANGE REFERENCE DATA in the corpus), to the same value
            c.changeSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD, AppletHarness.PASSWORD);
            c.changeSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN, AppletHarness.PIN);
            try {
                c.changeSecret(SecretKind.USER_AUTH_PIN, AppletHarness.ascii("0000"), AppletHarness.PIN);
            } catch (WrongSecretException expected) {
                // recorded as traffic
            }
            c.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
            // a re-issue under way (GENERATE KEY PAIR P1=02 in the corpus): the replacement key waits beside the live
            // one through all the noise, and neither it nor its private half may move or leak
            replacementKey = c.openIssuerSession(h.keys).generateReplacementKeyPair(AppletKey.USER_AUTH);
            c.select();
            blobs.add(same.blob());
            blobs.add(c.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN).blob());
            blobs.add(c.encryptNewSecret(SecretKind.SIGNING_PASSWORD, LONG_PASSWORD).blob());
            assertThat(blobs).extracting(b -> b.length).contains(103, 119);
            probe = new AppletProbe(h.se);
            byte[] transportPoint = Arrays.copyOf(JpkiAppletClient.check("GET TRANSPORT KEY",
                    new ApduChannel(h.se).exchange(0x80, 0x12, 0, 0, null, null)), 65);
            publicMaterial = new byte[][] {h.signingCert, h.userAuthCert, h.signingKey.getModulus().toByteArray(),
                replacementKey.getModulus().toByteArray(),
                h.userAuthKey.getModulus().toByteArray(), transportPoint, HolderSecretCipher.encodePoint((ECPublicKey) keystore.getPublic())};
            assertThat(recorded).hasSizeGreaterThan(40);
            assertThat(probe.persistent().get("replacementRole")).as("a replacement pending for the user-auth key").isEqualTo("1");
        }
    }

    private static synchronized Fixture fixture() throws Exception {
        if (fixture == null) {
            fixture = new Fixture();
        }
        return fixture;
    }

    // ================================================================== 1. plain traffic

    /** What the applet may have granted in this session: the interface token (media | 1) of each, or 0. */
    private static final class Grants {
        int password;
        int pin;
        int biometric;
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void plainTraffic(@ForAll("sessions") List<Step> session) throws Exception {
        Fixture f = fixture();
        AppletHarness h = f.h;
        restoreSecrets(f);
        h.se.usePhoneApp();
        h.client.select();
        Grants grants = new Grants();
        boolean contactless = false;
        Map<String, String> before = f.probe.persistent();
        Set<Long> secrets = f.probe.secretWindows(AppletHarness.PASSWORD, LONG_PASSWORD);
        for (Step step : session) {
            if (step instanceof SwitchInterface) {
                contactless = !contactless;
                if (contactless) {
                    h.se.useContactless();
                } else {
                    h.se.usePhoneApp();
                }
                continue;
            }
            if (step instanceof BiometricUnlock) {
                int sw = legitBiometricUnlock(f);
                if (sw == 0x9000) {
                    grants.biometric = token(contactless);
                }
                continue;
            }
            if (step instanceof LegitChange change) {
                int sw = legitChange(f, change.kind());
                Map<String, String> now = f.probe.persistent();
                String tries = change.kind() == SecretKind.SIGNING_PASSWORD ? "passwordTries" : "pinTries";
                if (sw == 0x9000) {
                    CHANGES.incrementAndGet();
                    assertThat(contactless).as("a change is refused at a reader").isFalse();
                    assertThat(now.get("transportCounter")).as("the blob consumed").isNotEqualTo(before.get("transportCounter"));
                    assertThat(now.get(tries)).isEqualTo(String.valueOf(change.kind().tryLimit()));
                    if (change.kind() == SecretKind.SIGNING_PASSWORD) {
                        grants.password = 0;
                    } else {
                        grants.pin = 0;
                        grants.biometric = 0;
                    }
                } else {
                    assertThat(sw).as("a genuine change refused only at a reader or for a blocked secret").isIn(0x6985, 0x6983);
                    assertThat(now.get("transportCounter")).isEqualTo(before.get("transportCounter"));
                }
                for (String k : new String[] {"lifecycle", "keyPresent", "secretSet", "certificate0", "certificate1",
                    "publicKey0", "publicKey1", "biometricRegistered", "biometricKey", "replacementRole", "replacementKey"}) {
                    assertThat(now.get(k)).as("%s after a change", k).isEqualTo(before.get(k));
                }
                before = now;
                continue;
            }
            byte[] apdu = ((Send) step).apdu();
            byte[] r;
            try {
                r = h.se.transmit(apdu.clone());
            } catch (IllegalArgumentException | IndexOutOfBoundsException notAnApdu) {
                // jcardsim's parser refused the framing before the applet saw it (a card's transport layer would)
                assertRefusedBySimulator(notAnApdu);
                TRANSPORT_REJECTED.incrementAndGet();
                assertThat(f.probe.persistent()).isEqualTo(before);
                continue;
            }
            PLAIN_SENT.incrementAndGet();
            int sw = SimulatedSecureElement.sw(r);
            assertThat(sw).as("status word for %s", step)
                    .matches(s -> ALLOWED_SW.contains(s) || (s & 0xFF00) == 0x6100 || (s & 0xFFF0) == 0x63C0);
            assertNoSecret(f, secrets, r, step);
            int ins = apdu.length > 1 ? apdu[1] & 0xFF : -1;
            int p2 = apdu.length > 3 ? apdu[3] & 0xFF : -1;
            int cla = apdu[0] & 0xFF;
            boolean hasData = apdu.length > 5 && (apdu[4] & 0xFF) > 0;

            Map<String, String> now = f.probe.persistent();
            for (String k : new String[] {"lifecycle", "keyPresent", "secretSet", "transportCounter", "certificate0",
                "certificate1", "publicKey0", "publicKey1", "replacementRole", "replacementKey"}) {
                assertThat(now.get(k)).as("%s after %s", k, step).isEqualTo(before.get(k));
            }
            if (!now.get("passwordTries").equals(before.get("passwordTries")) || !now.get("pinTries").equals(before.get("pinTries"))) {
                // VERIFY, or CHANGE REFERENCE DATA checking its current secret (ISO class: no 0x80 bit)
                assertThat(ins == 0x20 || (ins == 0x24 && (cla & 0x80) == 0))
                        .as("retry counters change only by VERIFY or a change's check (%s)", step).isTrue();
            }
            if (!now.get("biometricRegistered").equals(before.get("biometricRegistered"))
                    || !now.get("biometricKey").equals(before.get("biometricKey"))) {
                assertThat(ins).as("biometric registration changed by %s", step).isIn(0xE1, 0xE3);
                assertThat(sw).isEqualTo(0x9000);
                assertThat(grants.pin).as("with the PIN verified on this interface").isEqualTo(token(contactless));
                assertThat(contactless).isFalse();
            }
            before = now;

            // the model of what this session has been granted
            if (ins == 0xA4 && sw == 0x9000) {
                grants = new Grants();
            }
            if (ins == 0x20 && cla == 0x00 && hasData && (p2 == 1 || p2 == 2)) {
                if (sw == 0x9000) {
                    if (p2 == 1) {
                        grants.password = token(contactless);
                    } else {
                        grants.pin = token(contactless);
                    }
                } else if ((sw & 0xFFF0) == 0x63C0 || sw == 0x6983) {
                    if (p2 == 1) {
                        grants.password = 0;
                    } else {
                        grants.pin = 0;
                        grants.biometric = 0;
                    }
                }
            }
            if ((ins == 0xE1 || ins == 0xE3) && sw == 0x9000) {
                grants.biometric = 0;
            }
            // a change withdraws the kind's authorization whenever its current secret was checked (or found blocked);
            // the model drops it only where that is certain, so that it never expects less than the applet grants
            if (ins == 0x24 && (cla & 0x80) == 0 && (p2 == 1 || p2 == 2)
                    && (sw == 0x9000 || (sw & 0xFFF0) == 0x63C0 || sw == 0x6983)) {
                if (p2 == 1) {
                    grants.password = 0;
                } else {
                    grants.pin = 0;
                    grants.biometric = 0;
                }
            }
            if (ins == 0x2A && r.length > 2) {
                checkSignature(r, p2, contactless, grants, step);
            }
        }
    }

    /**
     * A signature came out: its identification info must name an authorization the session really had,
     * on this interface, for this role. (A fuzzed Le may cut the first piece short: what is there is checked,
     * and the method the applet must have used is then inferred: biometric before PIN, as in the applet.)
     */
    private static void checkSignature(byte[] r, int p2, boolean contactless, Grants grants, Step step) {
        SIGNATURES.incrementAndGet();
        int len = r.length - 2;
        int now = token(contactless);
        byte[] expectedPrefix = {0x71, 0x09, (byte) 0x80, 0x01};
        assertThat(Arrays.copyOf(r, Math.min(len, 4))).as("identification info of %s", step)
                .isEqualTo(Arrays.copyOf(expectedPrefix, Math.min(len, 4)));
        int method = len >= 5 ? r[4] : p2 == 1 ? 1 : grants.biometric == now ? 3 : 2;
        if (len >= 8) {
            assertThat(r[7]).as("interface").isEqualTo((byte) (contactless ? 2 : 1));
        }
        if (len >= 11) {
            assertThat(r[10]).as("role").isEqualTo((byte) p2);
        }
        switch (method) {
            case 1 -> {
                assertThat(p2).isEqualTo(1);
                assertThat(grants.password).as("signing-key signature without a password verification on this interface").isEqualTo(now);
                grants.password = 0;
            }
            case 2 -> {
                assertThat(p2).isEqualTo(2);
                assertThat(grants.pin).as("user-auth signature without a PIN verification on this interface").isEqualTo(now);
                assertThat(grants.biometric).as("the applet spends a biometric assertion first").isNotEqualTo(now);
            }
            case 3 -> {
                assertThat(p2).isEqualTo(2);
                assertThat(grants.biometric).as("user-auth signature without a biometric assertion on this interface").isEqualTo(now);
                grants.biometric = 0;
            }
            default -> fail("unknown unlock method " + method);
        }
    }

    /**
     * An exception out of jcardsim's transmit comes from its APDU parser, never from the applet (whose
     * exceptions become 6F00): checked on the stack trace.
     */
    private static void assertRefusedBySimulator(RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            assertThat(frame.getClassName()).as("thrown by the applet, not the simulator's parser").doesNotStartWith("org.mjpki.applet.card");
        }
        assertThat(e.getStackTrace()).as("thrown inside jcardsim").anyMatch(f -> f.getClassName().startsWith("com.licel.jcardsim"));
    }

    private static int token(boolean contactless) {
        return contactless ? 0x81 : 0x01;
    }

    /** The holder's app doing a real biometric unlock in the middle of the noise. */
    private static int legitBiometricUnlock(Fixture f) throws Exception {
        byte[] c = f.h.se.transmit(Hex.decode("8084000000"));
        if (SimulatedSecureElement.sw(c) != 0x9000) {
            return SimulatedSecureElement.sw(c);
        }
        byte[] sig = ecdsa(f.keystore, Arrays.copyOf(c, 32));
        return SimulatedSecureElement.sw(f.h.se.transmit(ApduChannel.encode(0x80, 0xE2, 0, 0, sig)));
    }

    /** The holder's app changing {@code kind} to the same value: GET TRANSPORT KEY, then CHANGE REFERENCE DATA. */
    private static int legitChange(Fixture f, SecretKind kind) {
        byte[] same = kind == SecretKind.SIGNING_PASSWORD ? AppletHarness.PASSWORD : AppletHarness.PIN;
        byte[] blob = f.h.client.encryptNewSecret(kind, same).blob();
        byte[] data = new byte[1 + same.length + blob.length];
        data[0] = (byte) same.length;
        System.arraycopy(same, 0, data, 1, same.length);
        System.arraycopy(blob, 0, data, 1 + same.length, blob.length);
        return SimulatedSecureElement.sw(f.h.se.transmit(ApduChannel.encode(0x00, 0x24, 0, kind.code(), data)));
    }

    /** Between sessions: undo blocked secrets and a removed biometric key, outside the fuzzed traffic. */
    private static void restoreSecrets(Fixture f) {
        AppletHarness h = f.h;
        h.se.usePhoneApp();
        h.client.select();
        AppletStatus st = h.client.status();
        if (st.blocked(SecretKind.SIGNING_PASSWORD)) {
            h.issuer().releaseLock(SecretKind.SIGNING_PASSWORD, h.client.encryptNewSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD));
        }
        if (st.blocked(SecretKind.USER_AUTH_PIN)) {
            h.issuer().releaseLock(SecretKind.USER_AUTH_PIN, h.client.encryptNewSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN));
        }
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        if (!h.client.status().biometricRegistered()) {
            h.client.registerBiometricKey((ECPublicKey) f.keystore.getPublic());
        }
    }

    private static void assertNoSecret(Fixture f, Set<Long> secrets, byte[] r, Object what) {
        int len = r.length - 2;
        if (AppletProbe.containsWindow(secrets, r, len) || AppletProbe.containsWindow(f.probe.sessionKeyWindows(), r, len)) {
            throw new AssertionError("response to " + what + " contains secret material");
        }
        byte[] pin = AppletHarness.PIN;
        for (int i = 0; i + pin.length <= len; i++) {
            if (Arrays.equals(r, i, i + pin.length, pin, 0, pin.length) && !inPublicMaterial(f, r, i, pin.length)) {
                throw new AssertionError("response to " + what + " contains the PIN");
            }
        }
    }

    private static boolean inPublicMaterial(Fixture f, byte[] r, int off, int len) {
        for (byte[] p : f.publicMaterial) {
            for (int i = 0; i + len <= p.length; i++) {
                if (Arrays.equals(p, i, i + len, r, off, off + len)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Provide
    Arbitrary<List<Step>> sessions() throws Exception {
        Fixture f = fixture();
        Arbitrary<Step> send = apdus(f).map(Send::new);
        return Arbitraries.frequencyOf(
                Tuple.of(96, send),
                Tuple.of(2, Arbitraries.just(new SwitchInterface())),
                Tuple.of(2, Arbitraries.just(new BiometricUnlock())),
                Tuple.of(1, Arbitraries.of(new LegitChange(SecretKind.SIGNING_PASSWORD), new LegitChange(SecretKind.USER_AUTH_PIN))))
                .list().ofSize(125);
    }

    private static final int[] KNOWN_INS = {0x10, 0x12, 0x20, 0x24, 0x2A, 0x47, 0xCA, 0x84, 0xE1, 0xE2, 0xE3, 0x50, 0x82, 0x46,
        0xDA, 0x2C, 0xFE, 0xC0};

    /**
     * Bytes come from a seeded java.util.Random rather than from jqwik's byte arbitraries: the latter
     * build a shrinkable per byte, which for 11,000 APDUs of up to 255 bytes costs far more than the
     * applet itself (shrinking is off anyway; a failure report names the jqwik seed).
     */
    private static Arbitrary<byte[]> randomBytes(int min, int max) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs())
                .as((n, seed) -> {
                    byte[] b = new byte[n];
                    new java.util.Random(seed).nextBytes(b);
                    return b;
                });
    }

    private static Arbitrary<byte[]> apdus(Fixture f) {
        Arbitrary<byte[]> recorded = Arbitraries.of(f.recorded).map(byte[]::clone);
        Arbitrary<List<Integer>> ops = Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(1, 4).map(n -> {
            java.util.Random r = new java.util.Random(seed);
            List<Integer> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(r.nextInt());
            }
            return l;
        }));
        Arbitrary<byte[]> mutated = Combinators.combine(recorded, ops).as(ApduFuzzTest::mutate);
        Arbitrary<byte[]> reframed = Combinators.combine(recorded, Arbitraries.integers().between(0, 9), Arbitraries.integers())
                .as(ApduFuzzTest::reframe);
        Arbitrary<byte[]> random = Combinators.combine(randomBytes(4, 4), randomBytes(0, 255)).as(ApduFuzzTest::wellFormed);
        Arbitrary<byte[]> knownIns = Combinators.combine(Arbitraries.of(0x00, 0x80, 0x84, 0x90, 0x94, 0x8C),
                Arbitraries.of(Arrays.stream(KNOWN_INS).boxed().toList()), Arbitraries.of(0, 1, 2, 3, 0x30, 0xFF),
                Arbitraries.of(0, 1, 2, 3, 0xFF), randomBytes(0, 255))
                .as((cla, ins, p1, p2, data) -> wellFormed(new byte[] {(byte) (int) cla, (byte) (int) ins, (byte) (int) p1, (byte) (int) p2}, data));
        Arbitrary<byte[]> blobs = Combinators.combine(Arbitraries.of(f.blobs), Arbitraries.of(0x24, 0x2C), Arbitraries.of(1, 2), ops,
                Arbitraries.of(true, false))
                .as((blob, ins, p2, o, asIs) -> {
                    byte[] a = ApduChannel.encode(0x80, ins, 0, p2, blob);
                    return asIs ? a : mutate(a, o);
                });
        Arbitrary<byte[]> shortJunk = randomBytes(0, 8).map(ApduFuzzTest::basicChannel);
        return Arbitraries.frequencyOf(
                Tuple.of(3, recorded), Tuple.of(7, mutated), Tuple.of(1, reframed), Tuple.of(2, random),
                Tuple.of(5, knownIns), Tuple.of(2, blobs), Tuple.of(1, shortJunk));
    }

    /** A short APDU of this header and data (Le = 00 when it fits jcardsim's 260-byte buffer). */
    private static byte[] wellFormed(byte[] header, byte[] data) {
        byte[] apdu = ApduChannel.encode(header[0] & 0xFC, header[1] & 0xFF, header[2] & 0xFF, header[3] & 0xFF, data);
        return limit(safeIns(apdu));
    }

    /** Byte and bit changes, inserted or removed data with Lc kept right, header bytes set to telling values. */
    private static byte[] mutate(byte[] seed, List<Integer> ops) {
        byte[] a = seed.clone();
        for (int op : ops) {
            int kind = Math.floorMod(op, 6);
            int arg = op >>> 3;
            switch (kind) {
                case 0 -> { // set a byte (never Lc, so the APDU stays parseable)
                    int pos = Math.floorMod(arg >> 8, a.length);
                    if (pos != 4) {
                        a[pos] = (byte) arg;
                    }
                }
                case 1 -> { // flip a bit
                    int pos = Math.floorMod(arg >> 3, a.length);
                    if (pos != 4) {
                        a[pos] ^= (byte) (1 << (arg & 7));
                    }
                }
                case 2 -> a = resizeData(a, 1 + Math.floorMod(arg, 40), true, arg);
                case 3 -> a = resizeData(a, 1 + Math.floorMod(arg, 40), false, arg);
                case 4 -> { // a header byte to a value the applet distinguishes
                    int pos = Math.floorMod(arg, 4);
                    int[][] values = {{0x00, 0x80, 0x84, 0x90, 0x94, 0x8C, 0x0C, 0x10, 0xE0}, KNOWN_INS, {0x00, 0x01, 0x02, 0x30, 0xFF},
                        {0x00, 0x01, 0x02, 0x03, 0xFF}};
                    int[] v = values[pos];
                    if (a.length > pos) {
                        a[pos] = (byte) v[Math.floorMod(arg >> 2, v.length)];
                    }
                }
                default -> { // replace the last 8 data bytes (where a C-MAC would be)
                    int dataEnd = dataEnd(a);
                    for (int i = Math.max(5, dataEnd - 8); i < dataEnd; i++) {
                        a[i] = (byte) (arg * (i + 1));
                    }
                }
            }
        }
        return limit(safeIns(basicChannel(a)));
    }

    private static int dataEnd(byte[] a) {
        if (a.length <= 5) {
            return a.length;
        }
        return Math.min(a.length, 5 + (a[4] & 0xFF));
    }

    /** Grows (insert) or shrinks (remove) the data field by n bytes and fixes Lc; keeps Le. */
    private static byte[] resizeData(byte[] a, int n, boolean grow, int fill) {
        if (a.length <= 5) {
            return a;
        }
        int lc = a[4] & 0xFF;
        int end = 5 + lc;
        if (end > a.length) {
            return a;
        }
        byte[] data = Arrays.copyOfRange(a, 5, end);
        byte[] rest = Arrays.copyOfRange(a, end, a.length);
        byte[] d;
        if (grow) {
            d = Arrays.copyOf(data, Math.min(255, data.length + n));
            for (int i = data.length; i < d.length; i++) {
                d[i] = (byte) (fill + i);
            }
        } else {
            d = Arrays.copyOf(data, Math.max(0, data.length - n));
        }
        if (d.length == 0) {
            return Arrays.copyOf(a, 4);
        }
        byte[] out = new byte[5 + d.length + rest.length];
        System.arraycopy(a, 0, out, 0, 4);
        out[4] = (byte) d.length;
        System.arraycopy(d, 0, out, 5, d.length);
        System.arraycopy(rest, 0, out, 5 + d.length, rest.length);
        return out;
    }

    /** Malformed Lc/Le framings of a recorded command. */
    private static byte[] reframe(byte[] a, int how, int arg) {
        byte[] out;
        int lc = a.length > 5 ? a[4] & 0xFF : 0;
        switch (how) {
            case 0 -> out = Arrays.copyOf(a, Math.max(4, a.length - 1));               // Le (or a data byte) missing
            case 1 -> out = Arrays.copyOf(a, a.length + 1 + Math.floorMod(arg, 3));     // trailing bytes
            case 2 -> { out = a.clone(); if (out.length > 4) { out[4] = (byte) (lc + 1 + Math.floorMod(arg, 4)); } } // Lc too long
            case 3 -> { out = a.clone(); if (out.length > 5 && lc > 1) { out[4] = (byte) (lc - 1 - Math.floorMod(arg, lc - 1)); } }
            case 4 -> { out = Arrays.copyOf(a, Math.max(5, a.length)); out[4] = 0; } // Lc = 00 followed by data
            case 5 -> out = Arrays.copyOf(a, Math.floorMod(arg, 4));                    // fewer than 4 header bytes
            case 6 -> out = Arrays.copyOf(a, 4);                                        // case 1, header only
            case 7 -> { // extended-length shape: 00 | Lc(2) | data | Le(2)
                byte[] data = a.length > 5 ? Arrays.copyOfRange(a, 5, Math.min(a.length, 5 + lc)) : new byte[0];
                out = new byte[7 + data.length + 2];
                System.arraycopy(a, 0, out, 0, 4);
                out[5] = (byte) (data.length >> 8);
                out[6] = (byte) data.length;
                System.arraycopy(data, 0, out, 7, data.length);
            }
            case 8 -> { out = Arrays.copyOf(a, 5); out[4] = (byte) (arg | 1); }      // Lc without data, or Le alone
            default -> { out = Arrays.copyOf(a, Math.min(MAX_APDU, a.length + 255)); Arrays.fill(out, a.length, out.length, (byte) arg); }
        }
        return limit(safeIns(basicChannel(out)));
    }

    private static byte[] basicChannel(byte[] a) {
        if (a.length > 0) {
            a[0] = (byte) (a[0] & 0xFC); // jcardsim has no logical channels: stay on the basic one
        }
        return a;
    }

    private static byte[] safeIns(byte[] a) {
        if (a.length > 1 && ((a[1] & 0xFF) == 0xA4 || (a[1] & 0xFF) == 0x70)) {
            a[1] = 0x10; // never select another applet or open a channel (the recorded SELECT is sent as is)
        }
        return a;
    }

    private static byte[] limit(byte[] a) {
        return a.length > MAX_APDU ? Arrays.copyOf(a, MAX_APDU) : a;
    }

    // ================================================================== 2. inside the secure channel

    /**
     * The issuer operations: GENERATE KEY PAIR P1=01 (ENSURE_KEY), P1=00 (GENERATE_FRESH) and P1=02 (REPLACE_KEY), STORE
     * CERTIFICATE P1=00 (STORE_CERTIFICATE) and P1=01 (STORE_REPLACEMENT), RESET RETRY COUNTER (RELEASE_LOCK), TERMINATE.
     */
    enum Operation { ENSURE_KEY, GENERATE_FRESH, REPLACE_KEY, STORE_CERTIFICATE, STORE_REPLACEMENT, RELEASE_LOCK, TERMINATE }

    /**
     * role: the secret kind for RELEASE_LOCK (1 password, 2 PIN); ENSURE_KEY and GENERATE_FRESH are for user auth, the
     * others for signing.
     */
    record SessionCase(int level, Operation op, int role, int target, int mutation, int arg) {
    }

    /** The issuer target's pending replacement of the signing key, and the certificate made for it. */
    private static java.security.interfaces.RSAPublicKey replacementKey;
    private static byte[] replacementCertificate;

    /**
     * Both keys and secrets, only the signing certificate, and a replacement of the signing key pending (a re-issue
     * under way): GENERATE P1=01 for user authentication, GENERATE P1=02 and STORE CERTIFICATE P1=00 for signing are
     * then accepted when not mutated and change nothing persistent; STORE CERTIFICATE P1=01 is accepted and puts the
     * replacement in the signing key's place.
     */
    private static synchronized AppletHarness issuerTarget() {
        if (issuerTarget == null) {
            AppletHarness h = AppletHarness.installed();
            IssuerSession s = h.issuer();
            h.signingKey = s.ensureKeyPair(AppletKey.SIGNING);
            h.userAuthKey = s.ensureKeyPair(AppletKey.USER_AUTH);
            h.signingCert = TestCertificates.issue(h.signingKey, AppletKey.SIGNING, 2000);
            s.storeCertificate(AppletKey.SIGNING, h.signingCert);
            h.client.setInitialSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
            h.client.setInitialSecret(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
            armReplacement(h);
            issuerTarget = h;
        }
        return issuerTarget;
    }

    /** A new replacement of the signing key on the issuer target, and its certificate. */
    private static void armReplacement(AppletHarness h) {
        replacementKey = h.issuer().generateReplacementKeyPair(AppletKey.SIGNING);
        replacementCertificate = TestCertificates.issue(replacementKey, AppletKey.SIGNING, 2000);
    }

    /** A transport that mutates the n-th wrapped APDU and remembers what happened to it. */
    private static final class MutatingTransport implements ApduTransport {
        final SimulatedSecureElement se;
        final SessionCase c;
        final List<byte[]> wrapped = new ArrayList<>();
        final List<byte[]> responses = new ArrayList<>();
        byte[] earlierSessionEa;
        int mutatedSw = -1;
        boolean rejectedByTransport;
        boolean mutateOn;

        MutatingTransport(SimulatedSecureElement se, SessionCase c) {
            this.se = se;
            this.c = c;
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            boolean isWrapped = (apdu[0] & 0x04) != 0 && (apdu[1] & 0xFF) != 0xC0;
            byte[] toSend = apdu;
            boolean mutatedNow = false;
            if (isWrapped && mutateOn) {
                if (wrapped.size() == c.target()) {
                    toSend = mutateWrapped(apdu);
                    mutatedNow = true;
                }
                wrapped.add(apdu.clone());
            }
            byte[] r;
            try {
                r = se.transmit(toSend);
            } catch (IllegalArgumentException | IndexOutOfBoundsException notAnApdu) {
                assertRefusedBySimulator(notAnApdu);
                rejectedByTransport = true;
                r = new byte[] {0x67, 0x00};
            }
            responses.add(r.clone());
            if (mutatedNow) {
                mutatedSw = SimulatedSecureElement.sw(r);
            }
            return r;
        }

        private byte[] mutateWrapped(byte[] apdu) {
            byte[] a = apdu.clone();
            int lc = a[4] & 0xFF;
            int macEnd = 5 + lc; // everything before is covered by the C-MAC
            int arg = c.arg();
            switch (c.mutation()) {
                case 0 -> { // one bit anywhere in CLA INS P1 P2 | data | MAC
                    int pos = Math.floorMod(arg >> 3, macEnd - 1);
                    pos = pos >= 4 ? pos + 1 : pos; // not Lc
                    a[pos] ^= (byte) (1 << (arg & 7));
                    if ((a[1] & 0xFF) == 0xA4 || (a[1] & 0xFF) == 0x70) {
                        a[1] ^= 0x01;
                    }
                }
                case 1 -> a = resizeData(a, 1 + Math.floorMod(arg, Math.max(1, lc)), false, arg); // truncated
                case 2 -> a = limit(resizeData(a, 1 + Math.floorMod(arg, 32), true, arg));        // extended
                case 3 -> { // a different MAC
                    for (int i = macEnd - 8; i < macEnd; i++) {
                        a[i] = (byte) (arg * 31 + i);
                    }
                    if (Arrays.equals(a, apdu)) {
                        a[macEnd - 1] ^= 1;
                    }
                }
                case 4 -> { // replay: the previous wrapped APDU of this session, or an EXTERNAL AUTHENTICATE of another
                    a = wrapped.isEmpty() ? earlierSessionEa.clone() : wrapped.get(wrapped.size() - 1).clone();
                }
                case 5 -> { // Lc that does not match the data
                    a[4] = (byte) (lc + 1 + Math.floorMod(arg, 3));
                }
                default -> { // another class: plain, chained, ISO, other SM bits
                    int[] classes = {0x80, 0x00, 0x04, 0x8C, 0x88, 0x94, 0x84 ^ 0x10, 0xC4, 0x85};
                    int cla = classes[Math.floorMod(arg, classes.length)];
                    a[0] = (byte) (cla == (a[0] & 0xFF) ? a[0] ^ 0x10 : cla);
                }
            }
            return a;
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void insideTheSecureChannel(@ForAll("sessionCases") SessionCase c) throws Exception {
        AppletHarness h = issuerTarget();
        AppletProbe probe = new AppletProbe(h.se);
        h.se.usePhoneApp();
        h.client.select();
        // an EXTERNAL AUTHENTICATE from a finished session, for the replay mutation
        List<byte[]> ea = new ArrayList<>();
        new JpkiAppletClient(apdu -> {
            if ((apdu[1] & 0xFF) == 0x82) {
                ea.add(apdu.clone());
            }
            return h.se.transmit(apdu);
        }).openIssuerSession(h.keys, c.level());
        EncryptedHolderSecret blob = c.op() == Operation.RELEASE_LOCK
                ? h.client.encryptNewSecret(c.role() == 1 ? SecretKind.SIGNING_PASSWORD : SecretKind.USER_AUTH_PIN,
                        c.role() == 1 ? AppletHarness.PASSWORD : AppletHarness.PIN)
                : null;
        Map<String, String> before = probe.persistent();

        MutatingTransport t = new MutatingTransport(h.se, c);
        t.earlierSessionEa = ea.get(0);
        JpkiAppletClient client = new JpkiAppletClient(t);
        t.mutateOn = true;
        Set<Long> secrets = null;
        try {
            IssuerSession s = client.openIssuerSession(h.keys, c.level());
            secrets = probe.secretWindows(AppletHarness.PASSWORD);
            run(s, c, h, blob);
        } catch (AppletException refused) { // SecureChannelException included
            // expected: the mutated APDU is refused (checked below)
        }
        t.mutateOn = false;
        SESSION_MUTATIONS.incrementAndGet();
        assertThat(t.mutatedSw).as("the mutated APDU was sent").isNotEqualTo(-1);
        assertThat(t.mutatedSw).as("mutated wrapped APDU %s", c).isNotEqualTo(0x9000).matches(sw -> (sw & 0xFF00) != 0x6100);
        assertThat(ALLOWED_SW).contains(t.mutatedSw);
        assertThat(probe.persistent()).as("after %s", c).isEqualTo(before);
        if (t.mutatedSw == 0x6982) {
            assertThat(probe.channelOpen()).as("a MAC failure closes the channel").isFalse();
        }
        Set<Long> all = secrets == null ? probe.secretWindows(AppletHarness.PASSWORD) : secrets;
        for (byte[] r : t.responses) {
            if (AppletProbe.containsWindow(all, r, r.length - 2)) {
                throw new AssertionError("a response in " + c + " contains secret material");
            }
        }
        // control: unmutated, the non-destructive operations go through, and change nothing either
        if (c.op() == Operation.ENSURE_KEY || c.op() == Operation.STORE_CERTIFICATE || c.op() == Operation.REPLACE_KEY) {
            run(h.client.openIssuerSession(h.keys, c.level()), c, h, null);
            assertThat(probe.persistent()).isEqualTo(before);
        }
        // and the store of the replacement's certificate puts key and certificate in place together (a quarter of the
        // cases: arming the next replacement costs a key generation)
        if (c.op() == Operation.STORE_REPLACEMENT && Math.floorMod(c.arg(), 4) == 0) {
            run(h.client.openIssuerSession(h.keys, c.level()), c, h, null);
            Map<String, String> now = probe.persistent();
            assertThat(h.client.readPublicKey(AppletKey.SIGNING)).isEqualTo(replacementKey);
            assertThat(h.client.readCertificate(AppletKey.SIGNING)).isEqualTo(replacementCertificate);
            assertThat(now.get("replacementRole")).isEqualTo("-1");
            assertThat(now.get("replacementKey")).as("the old key erased").isEqualTo("-");
            for (String unchanged : List.of("lifecycle", "keyPresent", "secretSet", "transportCounter", "certificate1", "publicKey1",
                    "passwordTries", "pinTries", "biometricRegistered", "biometricKey")) {
                assertThat(now.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
            }
            REPLACEMENTS_STORED.incrementAndGet();
            h.signingKey = replacementKey;
            h.signingCert = replacementCertificate;
            armReplacement(h);
        }
    }

    private static void run(IssuerSession s, SessionCase c, AppletHarness h, EncryptedHolderSecret blob) {
        switch (c.op()) {
            case ENSURE_KEY -> s.ensureKeyPair(AppletKey.USER_AUTH);
            case GENERATE_FRESH -> s.generateKeyPair(AppletKey.USER_AUTH);
            case REPLACE_KEY -> assertThat(s.generateReplacementKeyPair(AppletKey.SIGNING)).as("the pending replacement")
                    .isEqualTo(replacementKey);
            case STORE_CERTIFICATE -> s.storeCertificate(AppletKey.SIGNING, h.signingCert);
            case STORE_REPLACEMENT -> s.storeReplacementCertificate(AppletKey.SIGNING, replacementCertificate);
            case RELEASE_LOCK -> s.releaseLock(c.role() == 1 ? SecretKind.SIGNING_PASSWORD : SecretKind.USER_AUTH_PIN, blob);
            default -> s.terminate();
        }
    }

    @Provide
    Arbitrary<SessionCase> sessionCases() {
        AppletHarness h = issuerTarget();
        Arbitrary<Integer> level = Arbitraries.of(0x01, 0x03, 0x11, 0x13);
        Arbitrary<Operation> op = Arbitraries.of(Operation.values());
        return Combinators.combine(level, op, Arbitraries.of(1, 2), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 1 << 20))
                .as((l, o, role, pick, mutation, arg) -> new SessionCase(l, o, role, pick % (1 + links(h, o, role, l)), mutation, arg));
    }

    /** Wrapped APDUs the operation sends after EXTERNAL AUTHENTICATE (target 0 is EXTERNAL AUTHENTICATE itself). */
    private static int links(AppletHarness h, Operation op, int role, int level) {
        if (op != Operation.STORE_CERTIFICATE && op != Operation.STORE_REPLACEMENT) {
            return 1;
        }
        int size = (op == Operation.STORE_CERTIFICATE ? h.signingCert : replacementCertificate).length;
        int chunk = (level & 0x02) != 0 ? 239 : 246; // Scp03Host.maxPlainChunk
        return (size + chunk - 1) / chunk;
    }

    // ================================================================== 3. holder-secret blobs

    record BlobCase(boolean longPassword, boolean pin, int mutation, int arg) {
    }

    private static AppletHarness blobTarget;

    /** An installed applet on which this kind is not set yet (a new one once the control has set it). */
    private static synchronized AppletHarness blobTarget(SecretKind kind) {
        if (blobTarget == null || blobTarget.client.status().secretSet(kind)) {
            blobTarget = AppletHarness.installed();
        }
        return blobTarget;
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void holderSecretBlobs(@ForAll("blobCases") BlobCase c) {
        SecretKind kind = c.pin() ? SecretKind.USER_AUTH_PIN : SecretKind.SIGNING_PASSWORD;
        AppletHarness h = blobTarget(kind);
        AppletProbe probe = new AppletProbe(h.se);
        byte[] secret = c.pin() ? AppletHarness.PIN : c.longPassword() ? LONG_PASSWORD : AppletHarness.PASSWORD;
        byte[] blob = h.client.encryptNewSecret(kind, secret).blob();
        assertThat(blob).hasSize(!c.pin() && c.longPassword() ? 119 : 103);
        byte[] good = ApduChannel.encode(0x80, 0x24, 0, kind.code(), blob);
        Map<String, String> before = probe.persistent();
        byte[] bad = mutateBlobApdu(good, c);
        int sw;
        try {
            sw = SimulatedSecureElement.sw(h.se.transmit(bad));
        } catch (IllegalArgumentException | IndexOutOfBoundsException notAnApdu) {
            assertRefusedBySimulator(notAnApdu);
            sw = -1;
        }
        BLOB_MUTATIONS.incrementAndGet();
        assertThat(sw).as("mutated blob %s", c).isNotEqualTo(0x9000);
        assertThat(probe.persistent()).isEqualTo(before);
        if (Math.floorMod(c.arg(), 4) == 0) { // control (a quarter of the cases: it costs a new applet afterwards)
            assertThat(SimulatedSecureElement.sw(h.se.transmit(good))).as("the unmutated blob").isEqualTo(0x9000);
            h.client.verify(kind, secret);
        }
    }

    private static byte[] mutateBlobApdu(byte[] good, BlobCase c) {
        byte[] a = good.clone();
        int blobLen = a[4] & 0xFF;
        int arg = c.arg();
        switch (c.mutation()) {
            case 0 -> { // a bit anywhere in the blob: header, counter, point, ciphertext, tag
                int pos = 5 + Math.floorMod(arg >> 3, blobLen);
                a[pos] ^= (byte) (1 << (arg & 7));
            }
            case 1 -> a = resizeData(a, 1 + Math.floorMod(arg, 20), false, arg);
            case 2 -> a = resizeData(a, 1 + Math.floorMod(arg, 20), true, arg);
            case 3 -> System.arraycopy(BiometricTest.otherCurvePoint(), 0, a, 5 + 6, 65); // invalid-curve point
            case 4 -> { // P1, P2 (kind) or the class, never the logical-channel bits
                int[][] choices = {{0x90, 0x84, 0x00, 0xC0, 0x8C}, {0x01}, {0x03, 0x00}};
                int which = Math.floorMod(arg, 3);
                int[] v = choices[which];
                int pos = which == 0 ? 0 : which == 1 ? 2 : 3;
                a[pos] = (byte) v[Math.floorMod(arg >> 2, v.length)];
                if (pos == 3 && a[3] == good[3]) {
                    a[3] = (byte) (good[3] == 1 ? 2 : 1);
                }
            }
            case 5 -> { // the blob sent for the other kind
                a[3] = (byte) (a[3] == 1 ? 2 : 1);
            }
            default -> a[4 + 3 + Math.floorMod(arg, 4)] ^= 0x01; // the counter: a stale or future blob
        }
        return a;
    }

    @Provide
    Arbitrary<BlobCase> blobCases() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 1 << 20)).as(BlobCase::new);
    }

    // ================================================================== 4. secret changes

    /** pin: the PIN, else the password; mutation: what is wrong with the CHANGE REFERENCE DATA (see mutateChange). */
    record ChangeCase(boolean pin, int mutation, int arg) {
    }

    private static AppletHarness changeTarget;
    /** Per kind, a blob a change consumed: its counter is behind the applet's for good. */
    private static final Map<SecretKind, byte[]> CONSUMED_BLOBS = new java.util.EnumMap<>(SecretKind.class);

    /** A personalized applet, with a blob one genuine change to the same password consumed. */
    private static synchronized AppletHarness changeTarget() {
        if (changeTarget == null) {
            AppletHarness h = AppletHarness.personalized();
            byte[] blob = h.client.encryptNewSecret(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD).blob();
            assertThat(SimulatedSecureElement.sw(h.se.transmit(changeApdu(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD,
                    blob)))).isEqualTo(0x9000);
            CONSUMED_BLOBS.put(SecretKind.SIGNING_PASSWORD, blob);
            changeTarget = h;
        }
        return changeTarget;
    }

    /** 00 24 00 kind | length of the current secret | current secret | blob of the new one. */
    private static byte[] changeApdu(SecretKind kind, byte[] current, byte[] blob) {
        byte[] data = new byte[1 + current.length + blob.length];
        data[0] = (byte) current.length;
        System.arraycopy(current, 0, data, 1, current.length);
        System.arraycopy(blob, 0, data, 1 + current.length, blob.length);
        return ApduChannel.encode(0x00, 0x24, 0, kind.code(), data);
    }

    /**
     * CHANGE REFERENCE DATA on a personalized applet with a fresh blob, made wrong in one way: a bit of the blob, a wrong
     * current secret, a wrong length of it, data cut or added, other parameters or class, a consumed blob, the other
     * kind's blob, or sent at a contactless reader. It must be refused; nothing persistent changes but the kind's retry
     * counter, by one, and only when the current secret was checked and wrong (63Cx). The unmutated change is accepted
     * afterwards (a quarter of the cases).
     */
    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void secretChanges(@ForAll("changeCases") ChangeCase c) {
        AppletHarness h = changeTarget();
        AppletProbe probe = new AppletProbe(h.se);
        SecretKind kind = c.pin() ? SecretKind.USER_AUTH_PIN : SecretKind.SIGNING_PASSWORD;
        byte[] secret = c.pin() ? AppletHarness.PIN : AppletHarness.PASSWORD;
        h.se.usePhoneApp();
        h.client.select();
        byte[] blob = h.client.encryptNewSecret(kind, secret).blob();
        byte[] good = changeApdu(kind, secret, blob);
        Map<String, String> before = probe.persistent();
        byte[] bad = mutateChange(h, good, kind, secret, c);
        if (c.mutation() == 6) {
            h.se.useContactless();
        }
        int sw;
        try {
            sw = SimulatedSecureElement.sw(h.se.transmit(bad));
        } catch (IllegalArgumentException | IndexOutOfBoundsException notAnApdu) {
            assertRefusedBySimulator(notAnApdu);
            sw = -1;
        }
        h.se.usePhoneApp();
        CHANGE_MUTATIONS.incrementAndGet();
        assertThat(sw).as("mutated change %s", c).isNotEqualTo(0x9000);
        assertThat(sw == -1 || ALLOWED_SW.contains(sw) || (sw & 0xFFF0) == 0x63C0).as("status word %04X for %s", sw, c).isTrue();
        Map<String, String> now = new java.util.LinkedHashMap<>(probe.persistent());
        String tries = c.pin() ? "pinTries" : "passwordTries";
        if ((sw & 0xFFF0) == 0x63C0) {
            WRONG_CURRENT_SECRETS.incrementAndGet();
            assertThat(Integer.parseInt(now.get(tries))).as("a wrong current secret costs one try")
                    .isEqualTo(Integer.parseInt(before.get(tries)) - 1).isEqualTo(sw & 0x0F);
            now.put(tries, before.get(tries));
        }
        assertThat(now).as("after %s", c).isEqualTo(before);
        h.client.verify(kind, secret); // the try given back: every case starts from a full counter
        if (Math.floorMod(c.arg(), 4) == 0) {
            assertThat(SimulatedSecureElement.sw(h.se.transmit(good))).as("the unmutated change").isEqualTo(0x9000);
            assertThat(probe.persistent().get("transportCounter")).isNotEqualTo(before.get("transportCounter"));
            h.client.verify(kind, secret);
            CONSUMED_BLOBS.put(kind, blob);
        }
    }

    private static byte[] mutateChange(AppletHarness h, byte[] good, SecretKind kind, byte[] secret, ChangeCase c) {
        byte[] a = good.clone();
        int arg = c.arg();
        int currentEnd = 5 + 1 + secret.length;
        int dataEnd = 5 + (a[4] & 0xFF);
        switch (c.mutation()) {
            case 0 -> { // a bit of the blob: header, counter, point, ciphertext, tag
                int pos = currentEnd + Math.floorMod(arg >> 3, dataEnd - currentEnd);
                a[pos] ^= (byte) (1 << (arg & 7));
            }
            case 1 -> { // a wrong current secret: one bit of it (a digit or letter becomes another, or a character
                        // outside the secret's alphabet)
                int pos = 6 + Math.floorMod(arg >> 3, secret.length);
                a[pos] ^= (byte) (1 << (arg & 3));
            }
            case 2 -> { // the current secret's length byte
                int[] lengths = {0, 1, secret.length - 1, secret.length + 1, secret.length + 3, 0x7F, 0xFF};
                int length = lengths[Math.floorMod(arg, lengths.length)];
                a[5] = (byte) length;
            }
            case 3 -> a = resizeData(a, 1 + Math.floorMod(arg, 20), Math.floorMod(arg >> 5, 2) == 0, arg);
            case 4 -> { // P1, P2 or the class
                int which = Math.floorMod(arg, 3);
                int[][] values = {{0x80, 0x84, 0x04, 0x0C, 0x10, 0x90}, {0x01, 0x02, 0xFF}, {0x00, 0x03, 0xFF}};
                int[] v = values[which];
                a[which == 0 ? 0 : which == 1 ? 2 : 3] = (byte) v[Math.floorMod(arg >> 2, v.length)];
            }
            case 5 -> { // a blob already consumed, or (none yet for the PIN) one whose counter moved
                byte[] stale = CONSUMED_BLOBS.get(kind);
                a = stale != null ? changeApdu(kind, secret, stale) : flipCounter(a, currentEnd, arg);
            }
            case 6 -> { } // as it is, at a contactless reader
            default -> { // a blob sealed for the other kind
                SecretKind other = kind == SecretKind.SIGNING_PASSWORD ? SecretKind.USER_AUTH_PIN : SecretKind.SIGNING_PASSWORD;
                byte[] otherSecret = other == SecretKind.SIGNING_PASSWORD ? AppletHarness.PASSWORD : AppletHarness.PIN;
                a = changeApdu(kind, secret, h.client.encryptNewSecret(other, otherSecret).blob());
            }
        }
        return a;
    }

    /** The blob's counter (bytes 2..5 of the blob) moved: a stale or a future blob. */
    private static byte[] flipCounter(byte[] a, int blobStart, int arg) {
        a[blobStart + 2 + Math.floorMod(arg, 4)] ^= 0x01;
        return a;
    }

    @Provide
    Arbitrary<ChangeCase> changeCases() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 1 << 20)).as(ChangeCase::new);
    }

    // ================================================================== report

    @AfterContainer
    static void report() {
        System.out.println("fuzz: " + PLAIN_SENT.get() + " plain APDUs (" + TRANSPORT_REJECTED.get()
                + " more refused by the simulator's framing), " + SIGNATURES.get() + " signatures released, "
                + SESSION_MUTATIONS.get() + " mutated SCP03 sessions (" + REPLACEMENTS_STORED.get() + " replacements stored after), "
                + BLOB_MUTATIONS.get() + " mutated secret blobs, " + CHANGE_MUTATIONS.get() + " mutated secret changes ("
                + WRONG_CURRENT_SECRETS.get() + " with a wrong current secret), " + CHANGES.get()
                + " genuine secret changes among the noise; tries: plainTraffic " + FuzzRounds.tries("plainTraffic")
                + ", insideTheSecureChannel " + FuzzRounds.tries("insideTheSecureChannel") + ", holderSecretBlobs "
                + FuzzRounds.tries("holderSecretBlobs") + ", secretChanges " + FuzzRounds.tries("secretChanges"));
        int sessions = FuzzRounds.tries("plainTraffic");
        if (fixture != null) { // plainTraffic ran (not only one property picked with -Dtest)
            // a session of 125 steps sends about 110 APDUs the applet sees
            assertThat(PLAIN_SENT.get()).isGreaterThanOrEqualTo(90 * sessions);
            if (sessions >= 100) { // too few sessions may by chance release no signature or change no secret
                assertThat(SIGNATURES.get()).as("signatures do come out, so the signature check is exercised").isPositive();
                assertThat(CHANGES.get()).as("genuine changes go through between the fuzzed APDUs").isPositive();
            }
        }
        if (FuzzRounds.tries("insideTheSecureChannel") >= 300) {
            assertThat(REPLACEMENTS_STORED.get()).as("stored replacements, so the swap's control runs").isPositive();
        }
        if (FuzzRounds.tries("secretChanges") >= 150) {
            assertThat(WRONG_CURRENT_SECRETS.get()).as("wrong current secrets do get checked").isPositive();
        }
    }

    private static byte[] ecdsa(KeyPair kp, byte[] msg) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(msg);
        return s.sign();
    }
}
