package org.mjpki.applet.client;

/**
 * What GET STATUS reports. Never secret: safe to log and to put in a process variable.
 *
 * @param lifecycle                     the applet's lifecycle state
 * @param signingKeyPresent             a signing key pair has been generated
 * @param userAuthKeyPresent            a user-auth key pair has been generated
 * @param signingCertificatePresent     a signing certificate is stored
 * @param userAuthCertificatePresent    a user-auth certificate is stored
 * @param signingPasswordSet            the holder has set the signing password
 * @param userAuthPinSet                the holder has set the user-auth PIN
 * @param signingPasswordTriesRemaining 0..5 (0 also when not set)
 * @param userAuthPinTriesRemaining     0..3 (0 also when not set)
 * @param biometricRegistered           a biometric (keystore) public key is registered
 */
public record AppletStatus(
        AppletLifecycle lifecycle,
        boolean signingKeyPresent,
        boolean userAuthKeyPresent,
        boolean signingCertificatePresent,
        boolean userAuthCertificatePresent,
        boolean signingPasswordSet,
        boolean userAuthPinSet,
        int signingPasswordTriesRemaining,
        int userAuthPinTriesRemaining,
        boolean biometricRegistered) {

    public boolean keyPresent(AppletKey role) {
        return role == AppletKey.SIGNING ? signingKeyPresent : userAuthKeyPresent;
    }

    public boolean certificatePresent(AppletKey role) {
        return role == AppletKey.SIGNING ? signingCertificatePresent : userAuthCertificatePresent;
    }

    public boolean secretSet(SecretKind kind) {
        return kind == SecretKind.SIGNING_PASSWORD ? signingPasswordSet : userAuthPinSet;
    }

    public int remainingTries(SecretKind kind) {
        return kind == SecretKind.SIGNING_PASSWORD ? signingPasswordTriesRemaining : userAuthPinTriesRemaining;
    }

    public boolean blocked(SecretKind kind) {
        return secretSet(kind) && remainingTries(kind) == 0;
    }

    static AppletStatus decode(byte[] b) {
        if (b.length != 8 || b[0] != 1) {
            throw new AppletException("GET STATUS returned a malformed response", 0x9000);
        }
        return new AppletStatus(AppletLifecycle.fromCode(b[1] & 0xFF),
                (b[2] & 1) != 0, (b[2] & 2) != 0,
                (b[3] & 1) != 0, (b[3] & 2) != 0,
                (b[4] & 1) != 0, (b[4] & 2) != 0,
                b[5] & 0xFF, b[6] & 0xFF, b[7] != 0);
    }
}
