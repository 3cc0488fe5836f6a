package org.mjpki.registry.followup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.mjpki.registry.persistence.HolderFollowUpMapper;

/**
 * The queue of pushes and remote deletes that bulk steps leave for the phones (the linked-revocation sweep, the expiry
 * job). Queuing the same follow-up again is a no-op; a job drains it, one follow-up at a time, each postponed on its own
 * when its phone or the push service is away.
 */
public class HolderFollowUpQueue {

    private final HolderFollowUpMapper mapper;
    private final Clock clock;

    public HolderFollowUpQueue(HolderFollowUpMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Queues a push ({@code notification}: a {@code HolderNotification} name) or a delete; the same one again is a no-op. */
    public void queue(String credentialSetId, HolderFollowUp.Kind kind, String caseId, String notification) {
        try {
            mapper.queueFollowUp(credentialSetId, kind, caseId, notification, clock.instant());
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // queued by a concurrent repeat of the same step
        }
    }

    public List<HolderFollowUp> due(int limit) {
        return mapper.findFollowUpsDue(clock.instant(), limit);
    }

    public void done(HolderFollowUp followUp) {
        mapper.markFollowUpDone(followUp.credentialSetId(), followUp.kind(), followUp.caseId(), clock.instant());
    }

    /** Tries again after {@code wait} (the phone was offline, the push service down). */
    public void postpone(HolderFollowUp followUp, Duration wait) {
        mapper.postponeFollowUp(followUp.credentialSetId(), followUp.kind(), followUp.caseId(), clock.instant().plus(wait));
    }

    /** The phone said something happened (the app's delete-complete notice): its open follow-ups of that kind are due now. */
    public int retryNow(String credentialSetId, HolderFollowUp.Kind kind) {
        return mapper.retryNow(credentialSetId, kind, clock.instant());
    }

    /** Follow-ups of the kind not yet done (for DELETE_APPLET: the remote deletes still pending). */
    public long open(HolderFollowUp.Kind kind) {
        return mapper.countOpenFollowUps(kind);
    }
}
