package org.mjpki.applet.card;

/**
 * Protocol constants of the JPKI applet: AID, instruction codes, status words, tags, sizes
 * and lifecycle states. The host side (applet/client) mirrors every value; applet/README.md
 * is the normative table.
 */
public final class Constants {

    private Constants() {
    }

    /** Applet instance AID (RID of the project's private range + PIX "JPKI" 01). */
    public static final byte[] AID = {
        (byte) 0xF0, (byte) 0x4D, (byte) 0x4A, (byte) 0x50, (byte) 0x4B, (byte) 0x49,
        (byte) 0x01, (byte) 0x01
    };

    // ---- CLA ----
    public static final byte CLA_ISO = (byte) 0x00;
    public static final byte CLA_PROPRIETARY = (byte) 0x80;
    public static final byte CLA_MASK_CHANNEL = (byte) 0x03;
    public static final byte CLA_BIT_CHAINING = (byte) 0x10;
    public static final byte CLA_BIT_SM = (byte) 0x04;

    // ---- INS ----
    public static final byte INS_SELECT = (byte) 0xA4;
    public static final byte INS_GET_RESPONSE = (byte) 0xC0;
    public static final byte INS_GET_STATUS = (byte) 0x10;
    public static final byte INS_GET_TRANSPORT_KEY = (byte) 0x12;
    public static final byte INS_VERIFY = (byte) 0x20;
    public static final byte INS_SET_INITIAL_SECRET = (byte) 0x24;
    /** ISO CHANGE REFERENCE DATA: CLA 00 with the same INS as SET INITIAL SECRET (CLA 80). */
    public static final byte INS_CHANGE_REFERENCE_DATA = (byte) 0x24;
    public static final byte INS_SIGN = (byte) 0x2A;
    public static final byte INS_READ_PUBLIC_KEY = (byte) 0x47;
    public static final byte INS_READ_CERTIFICATE = (byte) 0xCA;
    public static final byte INS_GET_CHALLENGE = (byte) 0x84;
    public static final byte INS_REGISTER_BIOMETRIC_KEY = (byte) 0xE1;
    public static final byte INS_BIOMETRIC_ASSERTION = (byte) 0xE2;
    public static final byte INS_REMOVE_BIOMETRIC_KEY = (byte) 0xE3;
    // secure channel and issuer operations
    public static final byte INS_INITIALIZE_UPDATE = (byte) 0x50;
    public static final byte INS_EXTERNAL_AUTHENTICATE = (byte) 0x82;
    public static final byte INS_GENERATE_KEY_PAIR = (byte) 0x46;
    public static final byte INS_STORE_CERTIFICATE = (byte) 0xDA;
    public static final byte INS_RESET_RETRY_COUNTER = (byte) 0x2C;
    public static final byte INS_TERMINATE = (byte) 0xFE;

    // ---- P1/P2 values ----
    public static final byte ROLE_SIGNING = (byte) 0x01;
    public static final byte ROLE_USER_AUTH = (byte) 0x02;
    public static final byte KIND_SIGNING_PASSWORD = (byte) 0x01;
    public static final byte KIND_USER_AUTH_PIN = (byte) 0x02;
    public static final byte GENERATE_FRESH = (byte) 0x00;
    public static final byte GENERATE_IF_ABSENT = (byte) 0x01;
    /**
     * A replacement key pair for a personalized key (re-issue of a certificate): kept beside the live one, which
     * still signs, until STORE CERTIFICATE with {@link #STORE_FOR_REPLACEMENT} puts both in its place. Idempotent.
     */
    public static final byte GENERATE_REPLACEMENT = (byte) 0x02;
    public static final byte STORE_FOR_CURRENT_KEY = (byte) 0x00;
    public static final byte STORE_FOR_REPLACEMENT = (byte) 0x01;
    /** No replacement key pair pending. */
    public static final short NO_REPLACEMENT = (short) -1;

    // ---- status words not in ISO7816 ----
    public static final short SW_PIN_TRIES_BASE = (short) 0x63C0;
    public static final short SW_AUTH_BLOCKED = (short) 0x6983;
    public static final short SW_BYTES_REMAINING_BASE = (short) 0x6100;
    public static final short SW_NOT_ENOUGH_MEMORY = (short) 0x6A84;
    public static final short SW_REFERENCED_DATA_NOT_FOUND = (short) 0x6A88;

    // ---- lifecycle ----
    public static final byte LIFECYCLE_INSTALLED = (byte) 0x01;
    public static final byte LIFECYCLE_PERSONALIZED = (byte) 0x0F;
    public static final byte LIFECYCLE_TERMINATED = (byte) 0x7F;

    // ---- secrets ----
    public static final byte PASSWORD_TRY_LIMIT = (byte) 5;
    public static final byte PASSWORD_MIN = (byte) 6;
    public static final byte PASSWORD_MAX = (byte) 16;
    public static final byte PIN_TRY_LIMIT = (byte) 3;
    public static final byte PIN_LENGTH = (byte) 4;

    // ---- sizes ----
    public static final short RSA_BITS = (short) 2048;
    public static final short RSA_BYTES = (short) 256;
    public static final short CERT_MAX = (short) 4096;
    public static final short EC_POINT_LENGTH = (short) 65;
    public static final short EC_FIELD_LENGTH = (short) 32;
    public static final short BIO_CHALLENGE_LENGTH = (short) 32;
    public static final short STATUS_LENGTH = (short) 8;
    public static final short SIG_INFO_LENGTH = (short) 11;
    public static final short CHUNK = (short) 256;

    // ---- tags ----
    public static final byte TAG_MODULUS = (byte) 0x81;
    public static final byte TAG_EXPONENT = (byte) 0x82;
    public static final byte TAG_SIG_INFO = (byte) 0x71;
    public static final byte TAG_SIG_INFO_METHOD = (byte) 0x80;
    public static final byte TAG_SIG_INFO_INTERFACE = (byte) 0x81;
    public static final byte TAG_SIG_INFO_ROLE = (byte) 0x82;

    // signature identification values (R13, R16)
    public static final byte UNLOCK_SIGNING_PASSWORD = (byte) 0x01;
    public static final byte UNLOCK_USER_AUTH_PIN = (byte) 0x02;
    public static final byte UNLOCK_BIOMETRIC = (byte) 0x03;
    public static final byte INTERFACE_PHONE_APP = (byte) 0x01;
    public static final byte INTERFACE_CONTACTLESS = (byte) 0x02;

    // ---- holder-secret blob (app -> applet) ----
    public static final byte BLOB_VERSION = (byte) 0x01;
    public static final short BLOB_HEADER = (short) 6;      // version | kind | counter(4)
    public static final short BLOB_EPK_OFFSET = (short) 6;
    public static final short BLOB_CT_OFFSET = (short) 71;
    public static final short BLOB_TAG_LENGTH = (short) 16;
    /** A whole blob: header, point, 16 or 32 bytes of ciphertext, tag. */
    public static final short BLOB_SHORT = (short) 103;
    public static final short BLOB_LONG = (short) 119;
    public static final short TRANSPORT_COUNTER_LENGTH = (short) 4;

    // ---- SCP03 ----
    public static final byte SCP03_KVN = (byte) 0x30;
    public static final byte SCP03_ID = (byte) 0x03;
    /**
     * SCP03 "i" (Amendment D): b5 0x10 = pseudo-random card challenge (0 = random), b6 0x20 = R-MAC
     * supported, b7 0x40 = R-ENC supported too. This applet: random challenge, R-MAC, no R-ENC.
     */
    public static final byte SCP03_I_PARAM = (byte) 0x20;
    public static final byte SL_C_MAC = (byte) 0x01;
    public static final byte SL_C_DECRYPTION = (byte) 0x02;
    public static final byte SL_R_MAC = (byte) 0x10;
    public static final byte DC_CARD_CRYPTOGRAM = (byte) 0x00;
    public static final byte DC_HOST_CRYPTOGRAM = (byte) 0x01;
    public static final byte DC_S_ENC = (byte) 0x04;
    public static final byte DC_S_MAC = (byte) 0x06;
    public static final byte DC_S_RMAC = (byte) 0x07;
    public static final byte INSTALL_PARAMS_VERSION = (byte) 0x01;
    public static final short INSTALL_PARAMS_LENGTH = (short) 50;  // version | kvn | ENC | MAC | DEK

    // ---- NIST P-256 domain parameters ----
    public static final byte[] P256_P = {
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x01,
        (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00,
        (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
    };
    public static final byte[] P256_A = {
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x01,
        (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00,
        (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFC
    };
    public static final byte[] P256_B = {
        (byte) 0x5A, (byte) 0xC6, (byte) 0x35, (byte) 0xD8, (byte) 0xAA, (byte) 0x3A, (byte) 0x93, (byte) 0xE7,
        (byte) 0xB3, (byte) 0xEB, (byte) 0xBD, (byte) 0x55, (byte) 0x76, (byte) 0x98, (byte) 0x86, (byte) 0xBC,
        (byte) 0x65, (byte) 0x1D, (byte) 0x06, (byte) 0xB0, (byte) 0xCC, (byte) 0x53, (byte) 0xB0, (byte) 0xF6,
        (byte) 0x3B, (byte) 0xCE, (byte) 0x3C, (byte) 0x3E, (byte) 0x27, (byte) 0xD2, (byte) 0x60, (byte) 0x4B
    };
    public static final byte[] P256_G = {
        (byte) 0x04,
        (byte) 0x6B, (byte) 0x17, (byte) 0xD1, (byte) 0xF2, (byte) 0xE1, (byte) 0x2C, (byte) 0x42, (byte) 0x47,
        (byte) 0xF8, (byte) 0xBC, (byte) 0xE6, (byte) 0xE5, (byte) 0x63, (byte) 0xA4, (byte) 0x40, (byte) 0xF2,
        (byte) 0x77, (byte) 0x03, (byte) 0x7D, (byte) 0x81, (byte) 0x2D, (byte) 0xEB, (byte) 0x33, (byte) 0xA0,
        (byte) 0xF4, (byte) 0xA1, (byte) 0x39, (byte) 0x45, (byte) 0xD8, (byte) 0x98, (byte) 0xC2, (byte) 0x96,
        (byte) 0x4F, (byte) 0xE3, (byte) 0x42, (byte) 0xE2, (byte) 0xFE, (byte) 0x1A, (byte) 0x7F, (byte) 0x9B,
        (byte) 0x8E, (byte) 0xE7, (byte) 0xEB, (byte) 0x4A, (byte) 0x7C, (byte) 0x0F, (byte) 0x9E, (byte) 0x16,
        (byte) 0x2B, (byte) 0xCE, (byte) 0x33, (byte) 0x57, (byte) 0x6B, (byte) 0x31, (byte) 0x5E, (byte) 0xCE,
        (byte) 0xCB, (byte) 0xB6, (byte) 0x40, (byte) 0x68, (byte) 0x37, (byte) 0xBF, (byte) 0x51, (byte) 0xF5
    };
    public static final byte[] P256_N = {
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x00,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xBC, (byte) 0xE6, (byte) 0xFA, (byte) 0xAD, (byte) 0xA7, (byte) 0x17, (byte) 0x9E, (byte) 0x84,
        (byte) 0xF3, (byte) 0xB9, (byte) 0xCA, (byte) 0xC2, (byte) 0xFC, (byte) 0x63, (byte) 0x25, (byte) 0x51
    };
}
