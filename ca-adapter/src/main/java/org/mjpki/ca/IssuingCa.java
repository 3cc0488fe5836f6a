package org.mjpki.ca;

/** The two JPKI issuing CAs, each with one key for card and smartphone certificates alike. */
public enum IssuingCa {
    /** 署名用: issues signing certificates. */
    SIGNING,
    /** 利用者証明用: issues user-authentication certificates. */
    USER_AUTH
}
