package org.mjpki.applet.client;

/** The applet's two RSA-2048 key pairs. */
public enum AppletKey {
    /** 署名用: the signing key, unlocked by the signing password. */
    SIGNING(0x01),
    /** 利用者証明用: the user-authentication key, unlocked by the PIN or a biometric assertion. */
    USER_AUTH(0x02);

    private final int code;

    AppletKey(int code) {
        this.code = code;
    }

    /** The P2 value that names this key in the applet's commands. */
    public int code() {
        return code;
    }

    static AppletKey fromCode(int code) {
        for (AppletKey r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown key role code " + code);
    }
}
