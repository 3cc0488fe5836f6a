package org.mjpki.applet.client;

/** The link to the phone (or its secure element) dropped; transport implementations throw it. */
public class ApduTransportException extends RuntimeException {
    public ApduTransportException(String message) {
        super(message);
    }

    public ApduTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
