package org.mjpki.applet.client;

/**
 * What the SEI-TSM passes when it installs the applet.
 * <p>
 * {@link #encode} gives the application-specific install parameters (the value of tag C9 in
 * GlobalPlatform INSTALL [for install]): version 0x01 | KVN 0x30 | ENC(16) | MAC(16) | DEK(16),
 * 50 bytes. The card manager hands them to {@code JpkiApplet.install} inside the usual
 * GlobalPlatform install data, which {@link #installData} builds for simulators that call
 * {@code install(bArray, offset, length)} directly.
 */
public final class InstallParameters {

    public static final int LENGTH = 50;

    private InstallParameters() {
    }

    public static byte[] encode(SecureChannelKeys keys) {
        byte[] out = new byte[LENGTH];
        out[0] = 0x01;
        out[1] = (byte) SecureChannelKeys.KEY_VERSION;
        System.arraycopy(keys.enc(), 0, out, 2, 16);
        System.arraycopy(keys.mac(), 0, out, 18, 16);
        System.arraycopy(keys.dek(), 0, out, 34, 16);
        return out;
    }

    /**
     * The full {@code bArray} of {@code Applet.install}: Li | instance AID | Lc=00 (no control
     * info) | La | {@link #encode}(keys).
     */
    public static byte[] installData(byte[] instanceAid, SecureChannelKeys keys) {
        byte[] params = encode(keys);
        byte[] out = new byte[1 + instanceAid.length + 1 + 1 + params.length];
        out[0] = (byte) instanceAid.length;
        System.arraycopy(instanceAid, 0, out, 1, instanceAid.length);
        int o = 1 + instanceAid.length;
        out[o++] = 0;
        out[o++] = (byte) params.length;
        System.arraycopy(params, 0, out, o, params.length);
        return out;
    }
}
