package org.mjpki.scheduler;

import java.time.Clock;
import org.mjpki.registry.CredentialRegistry;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * R3: a smartphone set ends when its card certificate does. Moves every live credential past its card
 * certificate's notAfter to EXPIRED, in batches, until none is left.
 */
@DisallowConcurrentExecution
public class CredentialExpiryJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(CredentialExpiryJob.class);
    static final int BATCH = 500;

    private final CredentialRegistry registry;
    private final Clock clock;

    public CredentialExpiryJob(CredentialRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        int total = 0;
        int moved;
        do {
            moved = registry.expireDue(clock.instant(), BATCH);
            total += moved;
        } while (moved == BATCH);
        if (total > 0) {
            log.info("expired {} smartphone credentials whose card certificate ended", total);
        }
    }
}
