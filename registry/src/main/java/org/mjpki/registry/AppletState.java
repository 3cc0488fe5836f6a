package org.mjpki.registry;

/**
 * The JPKI applet on the holder's phone, as far as the back end knows. A remote delete that an offline phone never let
 * happen ends LEFT_ON_PHONE: its keys cannot be read out, and they are overwritten when someone issues on that phone
 * (seed 004).
 */
public enum AppletState { NONE, INSTALLED, DELETE_PENDING, DELETED, LEFT_ON_PHONE }
