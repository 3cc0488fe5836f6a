package org.mjpki.registry;

/** A state change the credential's life cycle does not allow. */
public class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String applicationId, CredentialState from, CredentialState to) {
        super("credential " + applicationId + " cannot move from " + from + " to " + to);
    }
}
