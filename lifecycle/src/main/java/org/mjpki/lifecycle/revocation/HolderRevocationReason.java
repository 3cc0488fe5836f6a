package org.mjpki.lifecycle.revocation;

/**
 * The reasons the app offers a holder who revokes their set on the phone (R9), and the RFC 5280 reason each becomes at
 * the CA (ADR 0015). The seeds name 使用停止 — the phone is no longer used: sold, handed on, replaced — as the reason
 * of a revocation by the holder (001 ~L201, 004 ~L1199); a holder who believes someone else used the phone or learnt
 * the password says so; anything else is unspecified.
 */
public enum HolderRevocationReason {
    /** 使用停止: the phone is no longer used (sold, handed on, discarded, replaced). */
    NO_LONGER_USED("CESSATION_OF_OPERATION"),
    /** The holder believes the phone or its signing password was used by someone else. */
    PHONE_COMPROMISED("KEY_COMPROMISE"),
    /** Any other reason; the CA records none in particular. */
    OTHER("UNSPECIFIED");

    private final String rfc5280Reason;

    HolderRevocationReason(String rfc5280Reason) {
        this.rfc5280Reason = rfc5280Reason;
    }

    /** The CA's reason, a name of {@code org.mjpki.ca.RevocationReason}. */
    public String rfc5280Reason() {
        return rfc5280Reason;
    }
}
