package org.mjpki.webapp;

import java.security.SecureRandom;
import java.util.Base64;
import org.mjpki.simulator.app.AppApiClient.AppApiException;

/** For tests of what the app API must refuse: the refusal's stable code, and fresh nonces for signed requests. */
public final class AppApiRefusals {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AppApiRefusals() {}

    /** The error code the app API answered {@code call} with; a call that is not refused fails the test. */
    public static String refusal(Runnable call) {
        try {
            call.run();
        } catch (AppApiException e) {
            return e.error();
        }
        throw new AssertionError("the call was not refused");
    }

    /** A nonce of the form signed requests take (18 random bytes, base64url). */
    public static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
