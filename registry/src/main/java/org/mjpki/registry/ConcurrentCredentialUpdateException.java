package org.mjpki.registry;

/** Another writer changed the credential between read and write; retrying on fresh state is safe. */
public class ConcurrentCredentialUpdateException extends RuntimeException {
    public ConcurrentCredentialUpdateException(String credentialSetId) {
        super("credential set " + credentialSetId + " was changed concurrently; retry");
    }
}
