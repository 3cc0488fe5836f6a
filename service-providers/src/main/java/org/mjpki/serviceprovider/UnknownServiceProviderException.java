package org.mjpki.serviceprovider;

/** No service provider (or no return URL of it) has this id. */
public class UnknownServiceProviderException extends RuntimeException {

    public UnknownServiceProviderException(String message) {
        super(message);
    }
}
