package org.mjpki.applet.client;

/** VERIFY with a wrong password or PIN (SW 63Cx). */
public class WrongSecretException extends AppletException {
    private final int remainingTries;

    public WrongSecretException(String message, int statusWord, int remainingTries) {
        super(message, statusWord);
        this.remainingTries = remainingTries;
    }

    public int remainingTries() {
        return remainingTries;
    }
}
