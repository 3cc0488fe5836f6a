package org.mjpki.lifecycle.port;

/** What the holder's phone is told. */
public enum HolderNotification {
    /** R18: the smartphone set is issued and usable. */
    ISSUANCE_COMPLETED,
    /** The application was rolled back or abandoned; nothing was left on the phone. */
    ISSUANCE_CANCELLED,
    /** R8: the app deletes its applet (device change, revocation). */
    DELETE_APPLET
}
