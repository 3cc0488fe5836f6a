package org.mjpki.registry;

/** Another writer changed the credential between read and write; retrying on fresh state is safe. */
public class ConcurrentCredentialUpdateException extends RuntimeException {
    public ConcurrentCredentialUpdateException(String applicationId) {
        super("credential " + applicationId + " was changed concurrently; retry");
    }
}
