package org.mjpki.lifecycle.port;

import java.util.function.Function;
import org.mjpki.applet.client.ApduTransport;

/**
 * Sends APDU scripts to the JPKI applet on one phone. In production it is relayed by the app's TSM proxy
 * agent over the phone's own connection, which can drop at any moment (R12): the transport then throws
 * {@link org.mjpki.applet.client.ApduTransportException} and the caller retries later.
 */
public interface SecureElementChannel {

    /**
     * Runs {@code script} with exclusive use of the applet on {@code seId}: no other script reaches that
     * applet until it returns, so a secure-channel session is never interleaved with another.
     *
     * @throws PhoneUnreachableException when the phone cannot be reached now
     */
    <T> T withApplet(String seId, Function<ApduTransport, T> script);
}
