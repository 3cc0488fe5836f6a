package org.mjpki.ca.crl;

/** A CRL that must not be used: not authentic, truncated, malformed, or with something this reader does not understand. */
public class InvalidCrlException extends RuntimeException {
    public InvalidCrlException(String message) {
        super(message);
    }
}
