package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A holder's status is read again after every step its application reaches while the app waits (long polling), so
 * what one read costs is paid ~20 times an issuance: all its engine and registry queries share one read-only
 * transaction (issue 17, ADR 0035) — before, each query was a transaction of its own, four or more a read.
 */
class ApplicationStatusReadEndToEndTest extends EndToEndOnPostgres {

    private static final int READS = 20;

    @Autowired private ApplicationStatuses statuses;
    @Autowired private MeterRegistry meters;

    @Test
    void aStatusReadTakesOneConnectionForOneTransaction() {
        String applicationId = world.app().apply(newHolder()).applicationId();
        awaitAppStatus(applicationId, "asks for the password and PIN",
                s -> "SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));

        long before = connectionsBorrowed();
        for (int i = 0; i < READS; i++) {
            assertThat(statuses.status(applicationId).nextAction()).isEqualTo("SET_PASSWORD_AND_PIN");
        }
        long borrowed = connectionsBorrowed() - before;

        // one each, and some slack for what the idle server does meanwhile (job acquisition, Quartz): a read with a
        // transaction per query borrowed at least four each (80)
        assertThat(borrowed).as("connections borrowed from the pool during %d status reads", READS)
                .isBetween((long) READS, 2L * READS);
    }

    /** Every borrow from every connection pool (Hikari's own meter, bound by Spring Boot's actuator). */
    private long connectionsBorrowed() {
        return meters.find("hikaricp.connections.usage").timers().stream().mapToLong(Timer::count).sum();
    }
}
