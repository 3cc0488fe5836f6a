package org.mjpki.serviceprovider;

/** A service provider is ACTIVE from its registration until it is WITHDRAWN, which is final. */
public enum ServiceProviderStatus {
    ACTIVE,
    WITHDRAWN
}
