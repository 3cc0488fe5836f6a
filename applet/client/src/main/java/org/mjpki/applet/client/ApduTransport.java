package org.mjpki.applet.client;

/**
 * Sends one command APDU to the applet and returns the response as data || SW1 SW2.
 * Implementations: OMAPI on the phone, the TSM proxy relay, jcardsim in tests. A dropped link
 * is reported as {@link ApduTransportException}.
 */
public interface ApduTransport {
    byte[] transmit(byte[] commandApdu);
}
