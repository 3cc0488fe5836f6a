package org.mjpki.scheduler;

import org.mjpki.linked.LinkedRevocations;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * R3/R4 reconciliation (ADR 0022): every live link is checked against the card CA again — not only what is new to the
 * feed — so that a missed feed or a restored backup cannot leave a phone certificate following a card certificate that
 * is not good: one revoked, or one the card CA has no record of. What it finds it hands to the sweep as findings, which
 * the next sweep revokes after the grace period and behind the safety valve; it revokes nothing itself. A notAfter is
 * fixed at issuance: nothing here "repairs" one.
 */
@DisallowConcurrentExecution
public class LinkedReconciliationJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(LinkedReconciliationJob.class);

    private final LinkedRevocations sweep;

    public LinkedReconciliationJob(LinkedRevocations sweep) {
        this.sweep = sweep;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        LinkedRevocations.Detection found = sweep.reconcile();
        log.info("linked-revocation reconciliation: {} links of live sets checked, {} handed to the sweep",
                found.linksChecked(), found.newlyFound());
    }
}
