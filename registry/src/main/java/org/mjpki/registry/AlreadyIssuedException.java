package org.mjpki.registry;

/** The holder already has a live smartphone set (R2); the way forward is a device change. */
public class AlreadyIssuedException extends RuntimeException {
    public AlreadyIssuedException(String applicationId) {
        super("holder of application " + applicationId + " already has a live smartphone set; use device change");
    }
}
