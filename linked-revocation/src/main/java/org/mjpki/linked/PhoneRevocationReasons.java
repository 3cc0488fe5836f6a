package org.mjpki.linked;

import org.mjpki.ca.RevocationReason;

/**
 * The reason a phone certificate is revoked with when the card certificate it follows was revoked (ADR 0022). The
 * phone's own key was never at risk, so a card's key compromise is not passed on as one; what a relying party learns
 * is why the phone certificate stopped standing for the holder:
 * <ul>
 *   <li>the card certificate's facts changed (affiliationChanged: name, address, sex, date of birth) → affiliationChanged;</li>
 *   <li>the card certificate was renewed (superseded) → superseded;</li>
 *   <li>anything else (keyCompromise, cessationOfOperation, privilegeWithdrawn, unspecified, …) → cessationOfOperation:
 *       the card the phone followed is no longer in use.</li>
 * </ul>
 */
public final class PhoneRevocationReasons {

    private PhoneRevocationReasons() {}

    /** @param cardReason the card certificate's reason as its CA recorded it (a {@link RevocationReason} name) */
    public static RevocationReason forCardReason(String cardReason) {
        RevocationReason card;
        try {
            card = cardReason == null ? RevocationReason.UNSPECIFIED : RevocationReason.valueOf(cardReason);
        } catch (IllegalArgumentException e) {
            card = RevocationReason.UNSPECIFIED;
        }
        return switch (card) {
            case AFFILIATION_CHANGED -> RevocationReason.AFFILIATION_CHANGED;
            case SUPERSEDED -> RevocationReason.SUPERSEDED;
            default -> RevocationReason.CESSATION_OF_OPERATION;
        };
    }
}
