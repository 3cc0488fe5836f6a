package org.mjpki.lifecycle;

/** Who caused a change to a credential set; every audit row names one. */
public enum Actor {
    /** The holder, through the app (an application, a phone-signed or card-signed request). */
    HOLDER,
    /** Call-center staff, on the holder's call (a lost phone). */
    CALL_CENTER,
    /** The linked-revocation sweep (R4): the card certificate it is linked to was revoked. */
    SWEEP,
    /** A scheduled job (expiry, R3). */
    SCHEDULER,
    /** An operator, by hand in Cockpit or the engine API. */
    OPERATOR,
    /** The back end itself, undoing its own unfinished work (an issuance rolled back or abandoned). */
    SYSTEM
}
