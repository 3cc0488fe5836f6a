package org.mjpki.registry;

/** No application with that id. */
public class UnknownApplicationException extends RuntimeException {
    public UnknownApplicationException(String applicationId) {
        super("no application " + applicationId + " in the registry");
    }
}
