package org.mjpki.webapp.revocation;

/**
 * Where a holder's revocation stands, in the holder's terms.
 *
 * @param stage    REVOKING (the certificates are being revoked), DELETING_APPLET (both revoked, the set is REVOKED; the
 *                 applet's remote delete waits for the phone), COMPLETED (the applet is gone too), APPLET_LEFT_ON_PHONE
 *                 (the phone did not come back within the delete period: its keys stay, unreadable, and are
 *                 overwritten when someone issues on that phone)
 * @param finished true once nothing more happens
 * @param delayed  true while a technical problem holds it up; it continues by itself when resolved
 */
public record RevocationStatus(String revocationId, String credentialSetId, String reason, String stage, boolean finished,
                               boolean delayed) {
}
