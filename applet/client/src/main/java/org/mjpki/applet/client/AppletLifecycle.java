package org.mjpki.applet.client;

/** The applet's lifecycle: INSTALLED → PERSONALIZED → TERMINATED. */
public enum AppletLifecycle {
    /** Installed by the SEI-TSM; keys, certificates and secrets are being put in place. */
    INSTALLED(0x01),
    /** Both certificates stored and both secrets set: signatures can be made. */
    PERSONALIZED(0x0F),
    /** Keys, certificates and secrets erased; only GET STATUS answers. */
    TERMINATED(0x7F);

    private final int code;

    AppletLifecycle(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static AppletLifecycle fromCode(int code) {
        for (AppletLifecycle l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        throw new AppletException("GET STATUS returned an unknown lifecycle " + code, 0x9000);
    }
}
