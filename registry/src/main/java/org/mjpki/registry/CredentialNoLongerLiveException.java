package org.mjpki.registry;

/** The credential was rolled back (or ended) while a step was still working on it. */
public class CredentialNoLongerLiveException extends RuntimeException {
    private final CredentialState state;

    public CredentialNoLongerLiveException(String credentialSetId, CredentialState state) {
        super("credential set " + credentialSetId + " is " + state + " and takes no more certificates");
        this.state = state;
    }

    public CredentialState state() {
        return state;
    }
}
