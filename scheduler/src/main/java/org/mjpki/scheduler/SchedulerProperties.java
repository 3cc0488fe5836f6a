package org.mjpki.scheduler;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the periodic jobs run (Quartz cron expressions, server time zone).
 *
 * @param expiryCron          moving credentials past their card certificate's end to EXPIRED (R3)
 * @param crlRepublicationCron republishing every CRL before its nextUpdate
 */
@ConfigurationProperties(prefix = "mjpki.scheduler")
public record SchedulerProperties(String expiryCron, String crlRepublicationCron) {
    public SchedulerProperties {
        expiryCron = expiryCron == null ? "0 5 0 * * ?" : expiryCron;
        crlRepublicationCron = crlRepublicationCron == null ? "0 0 * * * ?" : crlRepublicationCron;
    }
}
