package org.mjpki.applet.client;

import com.licel.jcardsim.base.Simulator;
import com.licel.jcardsim.utils.AIDUtil;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javacard.framework.AID;
import javacard.framework.OwnerPIN;
import javacard.security.AESKey;
import javacard.security.ECPrivateKey;
import javacard.security.ECPublicKey;
import javacard.security.KeyPair;
import javacard.security.RSAPrivateCrtKey;
import javacard.security.RSAPublicKey;

/**
 * Looks inside the applet instance in jcardsim (reflection, tests only): its persistent state as
 * comparable values, whether the secure channel is open, and the secret bytes no response may contain
 * (private key components, a pending replacement key's included, static and current session keys). Never prints any
 * of them.
 */
final class AppletProbe {

    private final Object state;
    private final Object channel;
    private final byte[] ramFlags;
    private final int scStateFlag;
    private final Set<Long> staticSecretWindows = new HashSet<>();

    AppletProbe(SimulatedSecureElement se) {
        try {
            Field runtimeField = Simulator.class.getDeclaredField("runtime");
            runtimeField.setAccessible(true);
            Object runtime = runtimeField.get(se.simulator);
            Method getApplet = runtime.getClass().getDeclaredMethod("getApplet", AID.class);
            getApplet.setAccessible(true);
            Object applet = getApplet.invoke(runtime, AIDUtil.create(JpkiAppletClient.AID));
            state = field(applet, "state");
            channel = field(applet, "channel");
            Object ram = field(applet, "ram");
            ramFlags = (byte[]) field(ram, "flags");
            Field f = ram.getClass().getDeclaredField("F_SC_STATE");
            f.setAccessible(true);
            scStateFlag = f.getShort(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot look into the applet", e);
        }
        byte[] buf = new byte[256];
        java.util.List<KeyPair> rsaKeyPairs = new java.util.ArrayList<>(Arrays.asList((KeyPair[]) get(state, "rsaKeys")));
        // a replacement key pair made for a re-issue is as secret as the live ones
        rsaKeyPairs.add((KeyPair) get(state, "replacementKeys"));
        for (KeyPair kp : rsaKeyPairs) {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
            if (k.isInitialized()) {
                addWindows(staticSecretWindows, buf, k.getP(buf, (short) 0));
                addWindows(staticSecretWindows, buf, k.getQ(buf, (short) 0));
                addWindows(staticSecretWindows, buf, k.getDP1(buf, (short) 0));
                addWindows(staticSecretWindows, buf, k.getDQ1(buf, (short) 0));
                addWindows(staticSecretWindows, buf, k.getPQ(buf, (short) 0));
            }
        }
        ECPrivateKey t = (ECPrivateKey) ((KeyPair) get(state, "transportKeys")).getPrivate();
        addWindows(staticSecretWindows, buf, t.getS(buf, (short) 0));
        for (String name : new String[] {"scpEnc", "scpMac", "scpDek"}) {
            addWindows(staticSecretWindows, buf, ((AESKey) get(state, name)).getKey(buf, (short) 0));
        }
    }

    /** True while an SCP03 session is open on the card (EXTERNAL AUTHENTICATE passed, no failure since). */
    boolean channelOpen() {
        return ramFlags[scStateFlag] == 2;
    }

    /** Persistent state as name -> value (hashes for certificates and keys), for equality checks. */
    Map<String, String> persistent() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lifecycle", Byte.toString((Byte) get(state, "lifecycle")));
        m.put("keyPresent", Arrays.toString((boolean[]) get(state, "keyPresent")));
        m.put("secretSet", Arrays.toString((boolean[]) get(state, "secretSet")));
        m.put("transportCounter", Hex.encode((byte[]) get(state, "transportCounter")));
        Object[] slots = (Object[]) get(state, "certSlot");
        short[] lengths = (short[]) get(state, "certLength");
        for (int r = 0; r < 2; r++) {
            m.put("certificate" + r, sha256((byte[]) slots[r], lengths[r]));
        }
        byte[] buf = new byte[256];
        KeyPair[] rsa = (KeyPair[]) get(state, "rsaKeys");
        for (int r = 0; r < 2; r++) {
            RSAPublicKey pub = (RSAPublicKey) rsa[r].getPublic();
            m.put("publicKey" + r, pub.isInitialized() ? sha256(buf, pub.getModulus(buf, (short) 0)) : "-");
        }
        m.put("replacementRole", Short.toString((Short) get(state, "replacementRole")));
        RSAPublicKey replacement = (RSAPublicKey) ((KeyPair) get(state, "replacementKeys")).getPublic();
        m.put("replacementKey", replacement.isInitialized() ? sha256(buf, replacement.getModulus(buf, (short) 0)) : "-");
        m.put("passwordTries", Byte.toString(((OwnerPIN) get(state, "signingPassword")).getTriesRemaining()));
        m.put("pinTries", Byte.toString(((OwnerPIN) get(state, "userAuthPin")).getTriesRemaining()));
        m.put("biometricRegistered", String.valueOf(get(state, "biometricRegistered")));
        ECPublicKey bio = (ECPublicKey) get(state, "biometricKey");
        m.put("biometricKey", bio.isInitialized() ? sha256(buf, bio.getW(buf, (short) 0)) : "-");
        return m;
    }

    /** 8-byte windows of every secret the applet holds right now, plus the given extra secrets. */
    Set<Long> secretWindows(byte[]... extra) {
        Set<Long> w = new HashSet<>(staticSecretWindows);
        w.addAll(sessionKeyWindows());
        for (byte[] e : extra) {
            addWindows(w, e, (short) e.length);
        }
        return w;
    }

    /** 8-byte windows of the current SCP03 session keys (empty when no INITIALIZE UPDATE is in force). */
    Set<Long> sessionKeyWindows() {
        Set<Long> w = new HashSet<>();
        byte[] buf = new byte[32];
        for (String name : new String[] {"sEnc", "sMac", "sRmac"}) {
            AESKey k = (AESKey) get(channel, name);
            if (k.isInitialized()) {
                addWindows(w, buf, k.getKey(buf, (short) 0));
            }
        }
        return w;
    }

    /** True if some 8 consecutive bytes of data[0..len) are one of the windows. */
    static boolean containsWindow(Set<Long> windows, byte[] data, int len) {
        for (int i = 0; i + 8 <= len; i++) {
            if (windows.contains(window(data, i))) {
                return true;
            }
        }
        return false;
    }

    private static void addWindows(Set<Long> windows, byte[] b, short len) {
        for (int i = 0; i + 8 <= len; i++) {
            windows.add(window(b, i));
        }
    }

    private static long window(byte[] b, int off) {
        long w = 0;
        for (int j = 0; j < 8; j++) {
            w = (w << 8) | (b[off + j] & 0xFF);
        }
        return w;
    }

    private static String sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return len + ":" + Hex.encode(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object get(Object o, String name) {
        try {
            return field(o, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + name, e);
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
