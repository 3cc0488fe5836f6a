package org.mjpki.webapp.issuance;

/** The app asked for something the application is not ready for (or no longer needs). */
public class WrongStepException extends RuntimeException {
    public WrongStepException(String applicationId, String why) {
        super("application " + applicationId + ": " + why);
    }
}
