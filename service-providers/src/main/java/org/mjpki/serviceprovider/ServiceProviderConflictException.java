package org.mjpki.serviceprovider;

/** A change that the whitelist's current state refuses; nothing changed. */
public class ServiceProviderConflictException extends RuntimeException {

    /** Stable codes, answered by the operator API. */
    public enum Conflict {
        /** The app is registered already (to this or another service provider): an app belongs to one provider. */
        APP_ALREADY_REGISTERED,
        /** The URL is a current return URL of this provider already. */
        RETURN_URL_ALREADY_REGISTERED,
        /** The return URL was withdrawn already. */
        RETURN_URL_ALREADY_WITHDRAWN,
        /** The provider is withdrawn: a withdrawn provider changes no more. */
        PROVIDER_WITHDRAWN
    }

    private final Conflict conflict;

    public ServiceProviderConflictException(Conflict conflict, String message) {
        super(message);
        this.conflict = conflict;
    }

    public Conflict conflict() {
        return conflict;
    }
}
