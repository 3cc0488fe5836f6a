package org.mjpki.webapp.api;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answer while the database cannot be reached (restarting, failing over; issue 16): 503 with Retry-After, so that an
 * app waits and sends the same request again — safe, as starts are idempotent for their caller (ADR 0026) and steps
 * are refused when taken already — instead of reading a 500 as the end of its operation.
 */
public final class Unavailable {

    /** Seconds an app waits before it sends again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private Unavailable() {}

    public static ResponseEntity<Map<String, String>> answer() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "unavailable", "message", "the service cannot answer now; send the same request again shortly"));
    }
}
