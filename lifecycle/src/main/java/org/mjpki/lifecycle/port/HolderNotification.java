package org.mjpki.lifecycle.port;

/** What the holder's phone is told. The names are the models' notification kinds ({@code processes.NotificationKinds}). */
public enum HolderNotification {
    /** R18: the smartphone set is issued and usable. */
    ISSUANCE_COMPLETED,
    /** The application was rolled back or abandoned; nothing was left on the phone. */
    ISSUANCE_CANCELLED,
    /** The credential set is revoked: neither certificate is good any more. */
    CREDENTIAL_SET_REVOKED,
    /** R8: the app lets the SEI-TSM delete the applet (device change, revocation), then sends the delete-complete notice. */
    DELETE_APPLET,
    /** R10: the set is on hold after a lost-phone report; the app shows it and offers the release with the card. */
    CREDENTIAL_SET_ON_HOLD,
    /** The hold is released: the user-auth certificate works again, the signing certificate was re-issued. */
    CREDENTIAL_SET_HOLD_RELEASED,
    /** R9: the signing password or user-auth PIN lock is released with the holder's new secret. */
    LOCK_RELEASED,
    /**
     * R3: the set ends with its card certificate soon (a reminder some days before, ADR 0021): renew the card
     * certificate, then register the phone again.
     */
    CREDENTIAL_EXPIRY_REMINDER,
    /** R3: the set ended with its card certificate: renew the card certificate, then register the phone again. */
    CREDENTIAL_SET_EXPIRED,
    /**
     * R4: the card signing certificate was revoked (its facts changed, or it was renewed), so the phone signing
     * certificate is revoked too; the user-auth certificate still works. Register the signing certificate again on this
     * phone with the new card signing certificate.
     */
    SIGNING_CERTIFICATE_REVOKED,
    /** R4: the card user-auth certificate was revoked, so the phone user-auth certificate is revoked too. */
    USER_AUTH_CERTIFICATE_REVOKED,
    /** R4: the signing certificate is registered again on this phone, stating the new card certificate's facts. */
    SIGNING_CERTIFICATE_REGISTERED
}
