package org.mjpki.lifecycle.port;

/** The phone is offline now; the step waits and tries again, it does not fail (R12). */
public class PhoneUnreachableException extends RuntimeException {
    public PhoneUnreachableException(String seId, Throwable cause) {
        super("phone with SE " + seId + " is not reachable", cause);
    }

    public PhoneUnreachableException(String seId) {
        this(seId, null);
    }
}
