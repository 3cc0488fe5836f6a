package org.mjpki.applet.client;

/**
 * What a command APDU asks the JPKI applet to do, read from its header alone (never its data, which may be a
 * holder's encrypted secret or under SCP03). For simulated secure elements that take as long as a real one
 * would for the work a command causes; the protocol's bytes stay in this module.
 *
 * @param kind       the work the command causes on the card
 * @param keyRole    the key it concerns (key generation, certificate storage, signature), else null
 * @param secretKind the secret it concerns (initial secret, change), else null
 */
public record AppletCommand(Kind kind, AppletKey keyRole, SecretKind secretKind) {

    public enum Kind {
        /** Generates a new RSA-2048 key pair on the card (GENERATE KEY PAIR, P1 = 00). */
        GENERATE_KEY_PAIR,
        /** The last part of a certificate upload: the card writes the whole certificate now. */
        STORE_CERTIFICATE,
        /** The holder's first password or PIN: decrypt, check the format, store. */
        SET_INITIAL_SECRET,
        /** A known password or PIN changed: check the current one, decrypt the new one, check its format, store. */
        CHANGE_SECRET,
        /** A signature with one of the holder's keys. */
        SIGN,
        /** Anything else: status, reads, verification, secure-channel set-up, chained parts. */
        OTHER
    }

    private static final AppletCommand OTHER = new AppletCommand(Kind.OTHER, null, null);

    public static AppletCommand of(byte[] apdu) {
        if (apdu == null || apdu.length < 4) {
            return OTHER;
        }
        boolean chainedPart = (apdu[0] & 0x10) != 0;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (ins == IssuerSession.INS_GENERATE_KEY_PAIR && p1 == 0x00) {
            return withKey(Kind.GENERATE_KEY_PAIR, p2);
        }
        if (ins == IssuerSession.INS_STORE_CERTIFICATE && !chainedPart) {
            return withKey(Kind.STORE_CERTIFICATE, p2);
        }
        if (ins == JpkiAppletClient.INS_SIGN && !chainedPart) {
            return withKey(Kind.SIGN, p2);
        }
        if (ins == JpkiAppletClient.INS_SET_INITIAL_SECRET && !chainedPart) {
            // the same INS: SET INITIAL SECRET in the proprietary class, CHANGE REFERENCE DATA in the ISO one
            Kind kind = (apdu[0] & 0x80) != 0 ? Kind.SET_INITIAL_SECRET : Kind.CHANGE_SECRET;
            for (SecretKind secret : SecretKind.values()) {
                if (secret.code() == p2) {
                    return new AppletCommand(kind, null, secret);
                }
            }
        }
        return OTHER;
    }

    private static AppletCommand withKey(Kind kind, int p2) {
        for (AppletKey role : AppletKey.values()) {
            if (role.code() == p2) {
                return new AppletCommand(kind, role, null);
            }
        }
        return OTHER;
    }
}
