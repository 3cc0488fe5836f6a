package org.mjpki.processes;

import java.util.List;

/**
 * Values of {@link CaseVariables#NOTIFICATION_KIND}: what a push tells the holder's app. The names are those of
 * {@code org.mjpki.lifecycle.port.HolderNotification}.
 */
public final class NotificationKinds {
  /** R18: the smartphone set is issued and usable. */
  public static final String ISSUANCE_COMPLETED = "ISSUANCE_COMPLETED";
  /** The issuance was rolled back or abandoned and nothing of it is left; the app stops waiting. */
  public static final String ISSUANCE_CANCELLED = "ISSUANCE_CANCELLED";
  /** The credential set is revoked: both certificates are no longer good; the app says so. */
  public static final String CREDENTIAL_SET_REVOKED = "CREDENTIAL_SET_REVOKED";
  /** R8: the app lets the SEI-TSM delete the applet (its proxy agent connects), then sends the delete-complete notice. */
  public static final String DELETE_APPLET = "DELETE_APPLET";

  /** R10: the set is on hold (the call center was told the phone is lost); the app shows it and offers the release. */
  public static final String CREDENTIAL_SET_ON_HOLD = "CREDENTIAL_SET_ON_HOLD";
  /** The hold is released: the user-auth certificate works again, the signing certificate was re-issued. */
  public static final String CREDENTIAL_SET_HOLD_RELEASED = "CREDENTIAL_SET_HOLD_RELEASED";

  /** R9: the password or PIN lock is released; the app says so (and for the PIN offers biometrics again). */
  public static final String LOCK_RELEASED = "LOCK_RELEASED";

  /** R4: the signing certificate is registered again (after a linked revocation) and states the card's new facts. */
  public static final String SIGNING_CERTIFICATE_REGISTERED = "SIGNING_CERTIFICATE_REGISTERED";

  public static final List<String> ALL = List.of(ISSUANCE_COMPLETED, ISSUANCE_CANCELLED, CREDENTIAL_SET_REVOKED, DELETE_APPLET,
      CREDENTIAL_SET_ON_HOLD, CREDENTIAL_SET_HOLD_RELEASED, LOCK_RELEASED, SIGNING_CERTIFICATE_REGISTERED);

  private NotificationKinds() {}
}
