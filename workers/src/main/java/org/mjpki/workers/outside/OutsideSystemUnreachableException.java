package org.mjpki.workers.outside;

/** The outside system's endpoint could not be reached at all; the step is retried like any technical failure. */
public class OutsideSystemUnreachableException extends RuntimeException {
    public OutsideSystemUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
