package org.mjpki.applet.client;

/** ISO 7816-4 status words used by the applet. */
public final class StatusWords {
    public static final int OK = 0x9000;
    public static final int WRONG_LENGTH = 0x6700;
    public static final int SECURE_MESSAGING_NOT_SUPPORTED = 0x6882;
    public static final int LAST_COMMAND_EXPECTED = 0x6883;
    public static final int CHAINING_NOT_SUPPORTED = 0x6884;
    public static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;
    public static final int AUTHENTICATION_BLOCKED = 0x6983;
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    public static final int WRONG_DATA = 0x6A80;
    public static final int FILE_NOT_FOUND = 0x6A82;
    public static final int NOT_ENOUGH_MEMORY = 0x6A84;
    public static final int INCORRECT_P1P2 = 0x6A86;
    public static final int REFERENCED_DATA_NOT_FOUND = 0x6A88;
    public static final int INS_NOT_SUPPORTED = 0x6D00;
    public static final int CLA_NOT_SUPPORTED = 0x6E00;
    public static final int UNKNOWN = 0x6F00;

    private StatusWords() {
    }

    public static String describe(int sw) {
        if ((sw & 0xFFF0) == 0x63C0) {
            return "verification failed, " + (sw & 0x0F) + " tries left";
        }
        if ((sw & 0xFF00) == 0x6100) {
            return "more data available";
        }
        return switch (sw) {
            case OK -> "success";
            case WRONG_LENGTH -> "wrong length";
            case SECURE_MESSAGING_NOT_SUPPORTED -> "secure messaging not supported";
            case LAST_COMMAND_EXPECTED -> "last command of the chain expected";
            case CHAINING_NOT_SUPPORTED -> "command chaining not supported";
            case SECURITY_STATUS_NOT_SATISFIED -> "security status not satisfied";
            case AUTHENTICATION_BLOCKED -> "authentication method blocked";
            case CONDITIONS_NOT_SATISFIED -> "conditions of use not satisfied";
            case WRONG_DATA -> "incorrect data";
            case FILE_NOT_FOUND -> "applet not found";
            case NOT_ENOUGH_MEMORY -> "not enough memory";
            case INCORRECT_P1P2 -> "incorrect P1/P2";
            case REFERENCED_DATA_NOT_FOUND -> "referenced data not found";
            case INS_NOT_SUPPORTED -> "instruction not supported";
            case CLA_NOT_SUPPORTED -> "class not supported";
            case UNKNOWN -> "no precise diagnosis";
            default -> "unexpected status";
        };
    }
}
