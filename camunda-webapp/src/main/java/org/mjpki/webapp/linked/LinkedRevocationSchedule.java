package org.mjpki.webapp.linked;

import org.mjpki.processes.linked.LinkedRevocationSweepProcess;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The engine bean the sweep model's timer start event reads when it is deployed: {@code mjpki.linked-revocation.cycle},
 * a cron expression of six fields (seconds first, no year: Camunda 7.24) or an ISO-8601 repeating interval
 * ({@code R/2027-01-01T03:00:00Z/P1D}); daily at 03:00 by default.
 */
@Component(LinkedRevocationSweepProcess.SCHEDULE_BEAN)
public class LinkedRevocationSchedule {

    private final String cycle;

    public LinkedRevocationSchedule(@Value("${mjpki.linked-revocation.cycle:0 0 3 * * ?}") String cycle) {
        if (cycle == null || cycle.isBlank()) {
            throw new IllegalArgumentException("mjpki.linked-revocation.cycle must be a cron expression or an ISO-8601 cycle");
        }
        this.cycle = cycle.strip();
    }

    public String getCycle() {
        return cycle;
    }
}
