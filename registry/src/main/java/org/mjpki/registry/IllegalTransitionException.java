package org.mjpki.registry;

/** A state change the credential's life cycle does not allow. */
public class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String credentialSetId, CredentialState from, CredentialState to) {
        super("credential set " + credentialSetId + " cannot move from " + from + " to " + to);
    }
}
