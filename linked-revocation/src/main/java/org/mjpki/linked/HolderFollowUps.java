package org.mjpki.linked;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.Cause;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.followup.HolderFollowUp;
import org.mjpki.registry.followup.HolderFollowUpQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the follow-up queue (R4, R8, R18) that the sweep and the expiry job fill: pushes, and remote deletes of the
 * applets of sets the sweep ended.
 * A push goes out under the follow-up's id (the push service delivers an id once); a delete asks the SEI-TSM, and an
 * offline phone leaves the applet DELETE_PENDING and is asked again after {@code recheck}, until the delete period
 * from the sweep is over: then the applet is recorded LEFT_ON_PHONE (its certificates revoked, its keys unreadable).
 * A failure postpones that one follow-up and never stops the others.
 */
public final class HolderFollowUps {

    private static final Logger log = LoggerFactory.getLogger(HolderFollowUps.class);

    public record Drained(int done, int postponed) {}

    private final HolderFollowUpQueue queue;
    private final CredentialRegistry registry;
    private final PushService push;
    private final SeiTsm tsm;
    private final LinkedRevocationPolicy policy;
    private final Duration recheck;
    private final Clock clock;

    public HolderFollowUps(HolderFollowUpQueue queue, CredentialRegistry registry, PushService push, SeiTsm tsm,
                           LinkedRevocationPolicy policy, Duration recheck, Clock clock) {
        this.queue = queue;
        this.registry = registry;
        this.push = push;
        this.tsm = tsm;
        this.policy = policy;
        this.recheck = recheck;
        this.clock = clock;
    }

    /** Works through at most {@code limit} due follow-ups. */
    public Drained drain(int limit) {
        int done = 0;
        int postponed = 0;
        List<HolderFollowUp> due = queue.due(limit);
        for (HolderFollowUp followUp : due) {
            try {
                if (handle(followUp)) {
                    queue.done(followUp);
                    done++;
                } else {
                    queue.postpone(followUp, recheck);
                    postponed++;
                }
            } catch (RuntimeException e) {
                // the push service or the TSM is down: this one waits, growing with its attempts, the rest go on
                queue.postpone(followUp, backoff(followUp.attempts()));
                postponed++;
                log.warn("follow-up {} of set {} postponed: {}", followUp.kind(), followUp.credentialSetId(),
                        e.getClass().getSimpleName());
            }
        }
        return new Drained(done, postponed);
    }

    /** True when the follow-up is done; false when it waits for the phone. */
    private boolean handle(HolderFollowUp followUp) {
        CredentialSet set = registry.set(followUp.credentialSetId()).orElse(null);
        if (set == null) {
            return true;
        }
        if (followUp.kind() == HolderFollowUp.Kind.PUSH) {
            push.notify(followUp.id(), set.seId(), HolderNotification.valueOf(followUp.notification()));
            return true;
        }
        if (set.appletState() == AppletState.NONE || set.appletState() == AppletState.DELETED
                || set.appletState() == AppletState.LEFT_ON_PHONE) {
            return true;
        }
        Cause cause = Cause.of(Actor.SWEEP, followUp.caseId(), "linked revocation: applet delete");
        if (tsm.deleteApplet(set.seId())) {
            registry.recordAppletState(set.credentialSetId(), AppletState.DELETED, cause);
            return true;
        }
        if (!clock.instant().isBefore(followUp.queuedAt().plus(policy.deletePeriod()))) {
            registry.recordAppletState(set.credentialSetId(), AppletState.LEFT_ON_PHONE,
                    Cause.of(Actor.SWEEP, followUp.caseId(), "applet left on the phone: it did not come back within the delete period"));
            return true;
        }
        if (set.appletState() != AppletState.DELETE_PENDING) {
            registry.recordAppletState(set.credentialSetId(), AppletState.DELETE_PENDING,
                    Cause.of(Actor.SWEEP, followUp.caseId(), "applet delete pending: phone offline"));
        }
        return false;
    }

    private Duration backoff(int attempts) {
        // 1, 2, 4 … minutes, never longer than the recheck of an offline phone
        Duration wait = Duration.ofMinutes(1L << Math.min(attempts, 10));
        return wait.compareTo(recheck) > 0 ? recheck : wait;
    }
}
