package org.mjpki.applet.client;

/** The password or PIN is blocked (SW 6983): only a lock release over the secure channel helps. */
public class SecretBlockedException extends AppletException {
    public SecretBlockedException(String message, int statusWord) {
        super(message, statusWord);
    }
}
