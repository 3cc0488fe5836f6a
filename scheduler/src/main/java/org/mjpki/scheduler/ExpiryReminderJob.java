package org.mjpki.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.ExpiryReminderDue;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * R3: reminds the holder by push some days before the set ends with its card certificate (ADR 0021), at each of the
 * configured offsets (90, 30 and 7 days by default). A set is reminded only of the nearest window it is in — one that
 * was issued 20 days before its end gets the 30-day reminder, not the 90-day one as well — and of each at most once:
 * the reminder is claimed in the registry, pushed under the id {@code expiry-reminder/<set>/<days>} (the push service
 * delivers an id once), then marked sent. A run that stops between the two, on any node, is finished by the next.
 */
@DisallowConcurrentExecution
public class ExpiryReminderJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(ExpiryReminderJob.class);
    static final int BATCH = 500;

    private final CredentialRegistry registry;
    private final PushService push;
    private final SchedulerProperties properties;
    private final Clock clock;

    public ExpiryReminderJob(CredentialRegistry registry, PushService push, SchedulerProperties properties, Clock clock) {
        this.registry = registry;
        this.push = push;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        Instant now = clock.instant();
        List<Integer> offsets = properties.expiryReminderDays(); // descending
        int sent = 0;
        int failed = 0;
        for (int i = 0; i < offsets.size(); i++) {
            int days = offsets.get(i);
            int nearer = i + 1 < offsets.size() ? offsets.get(i + 1) : 0;
            String after = "";
            List<ExpiryReminderDue> page;
            do {
                page = registry.remindersDue(now, days, nearer, after, BATCH);
                for (ExpiryReminderDue due : page) {
                    after = due.credentialSetId();
                    try {
                        registry.claimReminder(due.credentialSetId(), days);
                        push.notify(id(due.credentialSetId(), days), due.seId(), HolderNotification.CREDENTIAL_EXPIRY_REMINDER);
                        if (registry.markReminderSent(due.credentialSetId(), days)) {
                            sent++;
                        }
                    } catch (RuntimeException e) {
                        // the push service is down or refused: the claim stays unsent, the next run pushes again
                        failed++;
                        log.warn("expiry reminder {} days before for set {} not sent now: {}", days, due.credentialSetId(),
                                e.getClass().getSimpleName());
                    }
                }
            } while (page.size() == BATCH);
        }
        if (sent > 0 || failed > 0) {
            log.info("expiry reminders: {} sent, {} to retry on the next run", sent, failed);
        }
    }

    static String id(String credentialSetId, int days) {
        return "expiry-reminder/" + credentialSetId + "/" + days;
    }
}
