package org.mjpki.serviceprovider;

import java.time.Instant;

/**
 * A return URL as registered: its own id, the exact text, when it was registered and, once withdrawn, when. A withdrawn
 * URL stays (history); registering the same text again makes a new row.
 */
public record RegisteredReturnUrl(String returnUrlId, String url, Instant registeredAt, Instant withdrawnAt) {

    /** Whether a signature may go back to it (while its provider is active). */
    public boolean current() {
        return withdrawnAt == null;
    }
}
