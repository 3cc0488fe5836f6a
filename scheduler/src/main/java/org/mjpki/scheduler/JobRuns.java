package org.mjpki.scheduler;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records every run of a periodic job — which job, the schedule time it fired for, when and on which node — in
 * {@code quartz.MJPKI_JOB_RUN} (issue 16): the clustered job store promises one run per schedule on one node, and this is
 * where that is seen, by a test counting and by an operator asking when a job last ran. A failure to record is logged
 * and never stops the job.
 */
final class JobRuns extends TriggerListenerSupport {

    static final Duration KEPT = Duration.ofDays(30);
    private static final Duration CLEAN_EVERY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicReference<Instant> lastCleaned = new AtomicReference<>(Instant.EPOCH);

    JobRuns(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return "mjpki-job-runs";
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO " + QuartzSchema.SCHEMA + ".MJPKI_JOB_RUN (JOB_NAME, SCHEDULED_FIRE_TIME, FIRED_AT, INSTANCE_ID)"
                    + " VALUES (?, ?, ?, ?)", trigger.getJobKey().getName(),
                    Timestamp.from(context.getScheduledFireTime() != null ? context.getScheduledFireTime().toInstant() : now),
                    Timestamp.from(now), context.getScheduler().getSchedulerInstanceId());
            Instant cleaned = lastCleaned.get();
            if (Duration.between(cleaned, now).compareTo(CLEAN_EVERY) > 0 && lastCleaned.compareAndSet(cleaned, now)) {
                jdbc.update("DELETE FROM " + QuartzSchema.SCHEMA + ".MJPKI_JOB_RUN WHERE FIRED_AT < ?", Timestamp.from(now.minus(KEPT)));
            }
        } catch (RuntimeException | SchedulerException e) {
            log.warn("the run of job {} could not be recorded ({}); the job runs all the same", trigger.getJobKey().getName(),
                    e.getClass().getSimpleName());
        }
    }
}
