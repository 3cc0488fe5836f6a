package org.mjpki.applet.client;

/** The holder's two secrets (R6). */
public enum SecretKind {
    /** 6–16 characters, A–Z and 0–9, 5 tries. */
    SIGNING_PASSWORD(0x01, 5),
    /** 4 digits, 3 tries. */
    USER_AUTH_PIN(0x02, 3);

    private final int code;
    private final int tryLimit;

    SecretKind(int code, int tryLimit) {
        this.code = code;
        this.tryLimit = tryLimit;
    }

    /** The P2 value that names this secret in the applet's commands. */
    public int code() {
        return code;
    }

    public int tryLimit() {
        return tryLimit;
    }

    /** True when the secret has the format the applet accepts (checked again on the card). */
    public boolean isWellFormed(byte[] secret) {
        if (secret == null) {
            return false;
        }
        if (this == SIGNING_PASSWORD ? secret.length < 6 || secret.length > 16 : secret.length != 4) {
            return false;
        }
        for (byte c : secret) {
            boolean digit = c >= '0' && c <= '9';
            boolean upper = c >= 'A' && c <= 'Z';
            if (!(digit || (this == SIGNING_PASSWORD && upper))) {
                return false;
            }
        }
        return true;
    }
}
