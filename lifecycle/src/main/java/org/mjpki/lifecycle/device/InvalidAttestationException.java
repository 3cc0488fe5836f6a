package org.mjpki.lifecycle.device;

/** The attestation token is missing, malformed, or not signed by a trusted attestation service. */
public class InvalidAttestationException extends RuntimeException {
    public InvalidAttestationException(String message) {
        super(message);
    }

    public InvalidAttestationException(String message, Throwable cause) {
        super(message, cause);
    }
}
