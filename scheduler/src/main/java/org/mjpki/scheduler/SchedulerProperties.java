package org.mjpki.scheduler;

import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the periodic jobs run (Quartz cron expressions, server time zone).
 *
 * @param expiryCron           moving credentials past their card certificate's end to EXPIRED (R3)
 * @param crlRepublicationCron republishing every CRL before its nextUpdate
 * @param expiryReminderCron   pushing the reminders before a set's card-aligned end
 * @param expiryReminderDays   how many days before the end each reminder goes (distinct, positive; kept in descending
 *                             order)
 * @param followUpCron         draining the follow-up queue: pushes and remote deletes the sweep and the expiry job left
 * @param deleteRecheck        how long an offline phone's remote delete waits before the SEI-TSM is asked again
 * @param reconciliationCron   checking every live link against the card CA again (a missed feed, a restored backup)
 */
@ConfigurationProperties(prefix = "mjpki.scheduler")
public record SchedulerProperties(String expiryCron, String crlRepublicationCron, String expiryReminderCron,
                                  List<Integer> expiryReminderDays, String followUpCron, java.time.Duration deleteRecheck,
                                  String reconciliationCron) {
    public SchedulerProperties {
        // weekly, Sunday 02:30: before the day's sweep (03:00), which then handles what it found
        reconciliationCron = reconciliationCron == null ? "0 30 2 ? * SUN" : reconciliationCron;
        followUpCron = followUpCron == null ? "0 * * * * ?" : followUpCron;
        deleteRecheck = deleteRecheck == null ? java.time.Duration.ofHours(1) : deleteRecheck;
        if (deleteRecheck.isNegative() || deleteRecheck.isZero()) {
            throw new IllegalArgumentException("mjpki.scheduler.delete-recheck must be positive");
        }
        expiryCron = expiryCron == null ? "0 5 0 * * ?" : expiryCron;
        crlRepublicationCron = crlRepublicationCron == null ? "0 0 * * * ?" : crlRepublicationCron;
        expiryReminderCron = expiryReminderCron == null ? "0 15 9 * * ?" : expiryReminderCron;
        expiryReminderDays = expiryReminderDays == null ? List.of(90, 30, 7) : expiryReminderDays;
        if (expiryReminderDays.stream().anyMatch(d -> d == null || d <= 0)
                || expiryReminderDays.stream().distinct().count() != expiryReminderDays.size()) {
            throw new IllegalArgumentException("mjpki.scheduler.expiry-reminder-days must be distinct positive day counts");
        }
        expiryReminderDays = expiryReminderDays.stream().sorted(Comparator.reverseOrder()).toList();
    }
}
