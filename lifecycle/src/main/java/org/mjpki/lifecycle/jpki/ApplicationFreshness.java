package org.mjpki.lifecycle.jpki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * R1's "the application is fresh" (ADR 0008): the card-signed application says when it was made and until when it
 * may be used, and both are judged against when the server received it, so an application queued behind an outage
 * still verifies later. The nonce makes it single-use; these rules keep a signed application from being kept for
 * later or dated ahead:
 *
 * <ul>
 *   <li>its validity window ({@code expiresAt − issuedAt}) is at most {@code maxValidity} — without a bound, a card
 *       could sign an application that stays usable for years;</li>
 *   <li>it had not expired when it was received;</li>
 *   <li>it was not made later than {@code clockSkew} after it was received (the phone's clock may run a little ahead);</li>
 *   <li>the receipt time itself is not later than {@code clockSkew} from now (a registry row no honest server writes).</li>
 * </ul>
 *
 * Settings: {@code mjpki.workers.application-max-validity} (default 15 minutes) and
 * {@code mjpki.workers.application-clock-skew} (default 5 minutes), ISO-8601 or Spring Boot durations.
 */
public class ApplicationFreshness {

    public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofMinutes(15);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Duration maxValidity;
    private final Duration clockSkew;
    private final Clock clock;

    public ApplicationFreshness(Duration maxValidity, Duration clockSkew, Clock clock) {
        if (maxValidity == null || maxValidity.isNegative() || maxValidity.isZero()) {
            throw new IllegalArgumentException("mjpki.workers.application-max-validity must be a positive duration");
        }
        if (clockSkew == null || clockSkew.isNegative()) {
            throw new IllegalArgumentException("mjpki.workers.application-clock-skew must not be negative");
        }
        this.maxValidity = maxValidity;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    /**
     * Checks the signed application's times against its receipt.
     *
     * @throws InvalidApplicationException naming the rule it breaks
     */
    public void check(ApplicationContent signed, Instant receivedAt) {
        Duration window = Duration.between(signed.issuedAt(), signed.expiresAt());
        if (window.compareTo(maxValidity) > 0) {
            throw new InvalidApplicationException("the application is valid for " + window + ", longer than the "
                    + maxValidity + " allowed");
        }
        if (!signed.expiresAt().isAfter(receivedAt)) {
            throw new InvalidApplicationException("the application had expired when it was received");
        }
        if (signed.issuedAt().isAfter(receivedAt.plus(clockSkew))) {
            throw new InvalidApplicationException("the application is dated in the future");
        }
        if (receivedAt.isAfter(clock.instant().plus(clockSkew))) {
            throw new InvalidApplicationException("the application's receipt time is in the future");
        }
    }

    public Duration maxValidity() {
        return maxValidity;
    }
}
