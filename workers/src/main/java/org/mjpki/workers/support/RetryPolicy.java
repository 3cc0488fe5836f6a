package org.mjpki.workers.support;

import java.time.Duration;

/**
 * How a worker retries a technical failure: {@code retries} attempts with exponential backoff from
 * {@code firstBackoff} up to {@code maxBackoff}; then an incident.
 */
public record RetryPolicy(int retries, Duration firstBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(5), Duration.ofMinutes(5));

    public RetryPolicy {
        if (retries < 1) {
            throw new IllegalArgumentException("retries must be at least 1");
        }
    }

    /** Retries left after this failure, given what the engine reported (null on the first failure). */
    public int remainingAfterFailure(Integer reported) {
        int current = reported == null ? retries : reported;
        return Math.max(0, current - 1);
    }

    /** Backoff before the next attempt, growing as retries run out. */
    public long backoffMillis(int remaining) {
        int attempt = Math.max(0, retries - remaining - 1);
        long millis = firstBackoff.toMillis() << Math.min(attempt, 20);
        return Math.min(millis, maxBackoff.toMillis());
    }
}
