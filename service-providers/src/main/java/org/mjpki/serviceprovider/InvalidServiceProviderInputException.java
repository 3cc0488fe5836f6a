package org.mjpki.serviceprovider;

/** Input an operator sent that is refused before anything changes (a blank name, a malformed URL or app id, ...). */
public class InvalidServiceProviderInputException extends IllegalArgumentException {

    public InvalidServiceProviderInputException(String message) {
        super(message);
    }
}
