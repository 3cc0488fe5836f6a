package org.mjpki.applet.client;

/** The SCP03 channel could not be opened or a response failed its R-MAC: the session is closed. */
public class SecureChannelException extends AppletException {
    public SecureChannelException(String message, int statusWord) {
        super(message, statusWord);
    }
}
