package org.mjpki.registry;

/** The JPKI applet on the holder's phone, as far as the back end knows. */
public enum AppletState { NONE, INSTALLED, DELETE_PENDING, DELETED }
