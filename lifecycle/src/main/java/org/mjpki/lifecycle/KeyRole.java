package org.mjpki.lifecycle;

/** The two key pairs (and certificates) of a smartphone set. */
public enum KeyRole { SIGNING, USER_AUTH }
