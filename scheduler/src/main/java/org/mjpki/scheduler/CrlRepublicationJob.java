package org.mjpki.scheduler;

import org.mjpki.ca.CrlPublisher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Republishes every CRL (complete and delta, both CAs, every partition) well before its nextUpdate, so
 * relying parties always find a fresh CRL even when no status changed (R5: verification never waits on issuance).
 */
@DisallowConcurrentExecution
public class CrlRepublicationJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(CrlRepublicationJob.class);
    private final CrlPublisher publisher;

    public CrlRepublicationJob(CrlPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        int published = publisher.republishAll();
        log.info("republished {} CRLs", published);
    }
}
