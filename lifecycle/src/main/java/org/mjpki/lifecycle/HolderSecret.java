package org.mjpki.lifecycle;

/**
 * The holder's two secrets on the phone (R6): the signing password unlocks the signing key, the user-auth PIN (or
 * biometrics standing in for it) the user-auth key. Only their names ever reach the server, never a value.
 */
public enum HolderSecret {
    /** 6–16 characters A–Z and 0–9; 5 wrong tries lock it. */
    SIGNING_PASSWORD,
    /** 4 digits; 3 wrong tries lock it. Biometrics stand in for it and end with its lock release. */
    USER_AUTH_PIN
}
