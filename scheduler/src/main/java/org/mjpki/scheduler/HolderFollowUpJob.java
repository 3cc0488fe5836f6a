package org.mjpki.scheduler;

import org.mjpki.linked.HolderFollowUps;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Drains the follow-up queue (pushes and remote deletes the linked-revocation sweep and the expiry job left for the
 * phones), a page at a time until nothing due is left or a run has done {@link #MOST_PER_RUN}; the rest waits for the
 * next firing. One node at a time (clustered Quartz); each follow-up is idempotent by its id anyway.
 */
@DisallowConcurrentExecution
public class HolderFollowUpJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(HolderFollowUpJob.class);
    static final int PAGE = 200;
    static final int MOST_PER_RUN = 20_000;

    private final HolderFollowUps followUps;

    public HolderFollowUpJob(HolderFollowUps followUps) {
        this.followUps = followUps;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        int done = 0;
        int postponed = 0;
        HolderFollowUps.Drained page;
        do {
            page = followUps.drain(PAGE);
            done += page.done();
            postponed += page.postponed();
        } while (page.done() + page.postponed() == PAGE && done + postponed < MOST_PER_RUN);
        if (done > 0 || postponed > 0) {
            log.info("follow-ups: {} done, {} waiting for the phone or the push service", done, postponed);
        }
    }
}
