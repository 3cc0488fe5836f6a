package org.mjpki.applet.client;

import java.util.Arrays;

/**
 * Signature identification info (R13, R16): how the key was unlocked and through which
 * interface. The applet appends {@link #encoded()} to the signed data, so the signature covers
 * it: signature = SHA256withRSA(data || encoded).
 * <p>
 * Encoding (11 bytes): 71 09 | 80 01 method | 81 01 interface | 82 01 key role.
 */
public record SignatureIdentification(UnlockMethod unlockMethod, AccessInterface accessInterface,
                                      AppletKey keyRole, byte[] encoded) {

    /** How the signing key was unlocked. */
    public enum UnlockMethod {
        SIGNING_PASSWORD(0x01), USER_AUTH_PIN(0x02), BIOMETRIC(0x03);

        private final int code;

        UnlockMethod(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Where the signature command came from (APDU.getProtocol() media bits on the card). */
    public enum AccessInterface {
        /** The app on the phone, through the SE's internal (contact/SPI) interface. */
        PHONE_APP(0x01),
        /** An external contactless (NFC) reader. */
        CONTACTLESS_READER(0x02);

        private final int code;

        AccessInterface(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static final int LENGTH = 11;

    public SignatureIdentification {
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Parses and strictly validates the 11-byte TLV. */
    public static SignatureIdentification decode(byte[] tlv) {
        if (tlv == null || tlv.length != LENGTH || (tlv[0] & 0xFF) != 0x71 || tlv[1] != 9
                || (tlv[2] & 0xFF) != 0x80 || tlv[3] != 1 || (tlv[5] & 0xFF) != 0x81 || tlv[6] != 1
                || (tlv[8] & 0xFF) != 0x82 || tlv[9] != 1) {
            throw new IllegalArgumentException("malformed signature identification info");
        }
        UnlockMethod m = Arrays.stream(UnlockMethod.values()).filter(v -> v.code == tlv[4]).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown unlock method"));
        AccessInterface i = Arrays.stream(AccessInterface.values()).filter(v -> v.code == tlv[7]).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown access interface"));
        return new SignatureIdentification(m, i, AppletKey.fromCode(tlv[10]), tlv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureIdentification s && Arrays.equals(encoded, s.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "SignatureIdentification[" + unlockMethod + ", " + accessInterface + ", " + keyRole + "]";
    }
}
