package org.mjpki.simulator.tsm;

/** The SEI-TSM knows no secure element with that id. */
public class UnknownSecureElementException extends RuntimeException {
    public UnknownSecureElementException(String seId) {
        super("the SEI-TSM knows no secure element " + seId);
    }
}
