package org.mjpki.webapp.issuance;

public class ApplicationNotFoundException extends RuntimeException {
    public ApplicationNotFoundException(String applicationId) {
        super("no application " + applicationId);
    }
}
