package org.mjpki.lifecycle.jpki;

/** The signed application is malformed, not signed by a card signing certificate, stale or tampered with. */
public class InvalidApplicationException extends RuntimeException {
    public InvalidApplicationException(String message) {
        super(message);
    }

    public InvalidApplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
