package org.mjpki.registry;

/** No credential set with that id (or none made from that application yet). */
public class UnknownCredentialSetException extends RuntimeException {
    public UnknownCredentialSetException(String what) {
        super("no credential set " + what + " in the registry");
    }
}
