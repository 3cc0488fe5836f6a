package org.mjpki.lifecycle.jpki;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The freshness rules of a card-signed application, at their edges (ADR 0008). */
class ApplicationFreshnessTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant RECEIVED = NOW.minusSeconds(60);
    private final ApplicationFreshness freshness = new ApplicationFreshness(Duration.ofMinutes(15), Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static ApplicationContent issued(Instant issuedAt, Instant expiresAt) {
        return new ApplicationContent("APP-freshness-test", "SE-0001", "nonce-0123456789abcdef", issuedAt, expiresAt,
                "SimPhone", "SP-100", 14, "GP-SE-JAVACARD");
    }

    @Test
    void anApplicationAsTheAppMakesItIsFresh() {
        assertThatCode(() -> freshness.check(issued(RECEIVED.minusSeconds(2), RECEIVED.plus(Duration.ofMinutes(10))), RECEIVED))
                .doesNotThrowAnyException();
    }

    @Test
    void theValidityWindowMayBeTheMaximumButNotLonger() {
        Instant issuedAt = RECEIVED.minusSeconds(1);
        assertThatCode(() -> freshness.check(issued(issuedAt, issuedAt.plus(Duration.ofMinutes(15))), RECEIVED))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> freshness.check(issued(issuedAt, issuedAt.plus(Duration.ofMinutes(15)).plusSeconds(1)), RECEIVED))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("longer than the PT15M allowed");
        assertThatThrownBy(() -> freshness.check(issued(issuedAt, issuedAt.plus(Duration.ofDays(3650))), RECEIVED))
                .isInstanceOf(InvalidApplicationException.class);
    }

    @Test
    void anApplicationThatExpiredBeforeItWasReceivedIsRefused() {
        assertThatThrownBy(() -> freshness.check(issued(RECEIVED.minus(Duration.ofMinutes(10)), RECEIVED), RECEIVED))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("expired");
        assertThatCode(() -> freshness.check(issued(RECEIVED.minus(Duration.ofMinutes(10)), RECEIVED.plusMillis(1)), RECEIVED))
                .doesNotThrowAnyException();
    }

    @Test
    void itIsJudgedAgainstItsReceiptNotAgainstNow() {
        // received at 09:00, verified at 10:00 after an outage: still fresh, because it was fresh when it arrived
        Instant receivedEarlier = NOW.minus(Duration.ofHours(1));
        assertThatCode(() -> freshness.check(issued(receivedEarlier, receivedEarlier.plus(Duration.ofMinutes(10))), receivedEarlier))
                .doesNotThrowAnyException();
    }

    @Test
    void anApplicationDatedAheadIsRefusedBeyondTheClockSkew() {
        Instant atSkew = RECEIVED.plus(Duration.ofMinutes(5));
        assertThatCode(() -> freshness.check(issued(atSkew, atSkew.plus(Duration.ofMinutes(10))), RECEIVED))
                .doesNotThrowAnyException();
        Instant beyond = atSkew.plusSeconds(1);
        assertThatThrownBy(() -> freshness.check(issued(beyond, beyond.plus(Duration.ofMinutes(10))), RECEIVED))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("dated in the future");
    }

    @Test
    void aReceiptTimeInTheFutureIsRefused() {
        Instant receivedLater = NOW.plus(Duration.ofMinutes(6));
        assertThatThrownBy(() -> freshness.check(issued(receivedLater, receivedLater.plus(Duration.ofMinutes(10))), receivedLater))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("receipt time");
    }

    @Test
    void refusesSettingsThatWouldDisableTheRules() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new ApplicationFreshness(Duration.ZERO, Duration.ofMinutes(5), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApplicationFreshness(Duration.ofMinutes(15), Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
