package org.mjpki.registry;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The card certificate a credential set follows (R0, R3, R4): the issuing CA and serial of the card signing certificate
 * the holder's application was signed with. The linked-revocation sweep, device change and lock release find sets by it;
 * the holder reference alone is wrong after a card renewal.
 */
public record CardCertificateLink(String issuingCa, BigInteger serial) {
    public CardCertificateLink {
        Objects.requireNonNull(issuingCa, "issuingCa");
        Objects.requireNonNull(serial, "serial");
    }

    /** The serial as the card CA and its CRLs write it: lowercase hex, no leading zeros. */
    public String serialHex() {
        return serial.toString(16);
    }

    /** The link from the two columns of a row; {@code null} when the row has none (a set from before V3). */
    public static CardCertificateLink ofNullable(String issuingCa, BigInteger serial) {
        return issuingCa == null || serial == null ? null : new CardCertificateLink(issuingCa, serial);
    }
}
