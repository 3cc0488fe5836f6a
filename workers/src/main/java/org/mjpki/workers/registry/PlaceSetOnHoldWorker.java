package org.mjpki.workers.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Errors;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialRegistry.HoldDecision;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * R10: records the set ON_HOLD for the case (the audit row names the call center) and answers when the hold period
 * ends, counted from the moment the registry recorded the hold, so a retried step answers the same instant.
 */
@Component
@ExternalTaskTopic(value = Topics.PLACE_SET_ON_HOLD, lane = WorkerLane.REGISTRY,
        variables = {CaseVariables.CREDENTIAL_SET_ID, CaseVariables.ACTOR, Variables.HOLD_PERIOD})
public class PlaceSetOnHoldWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;

    public PlaceSetOnHoldWorker(CredentialRegistry registry, CaseSets sets) {
        this.registry = registry;
        this.sets = sets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String setId = sets.of(task).credentialSetId();
        Duration period = holdPeriod(task);
        HoldDecision decision = registry.placeOnHold(setId, CaseSets.cause(task, "phone reported lost"));
        if (decision != HoldDecision.DONE) {
            throw new BusinessOutcome(Errors.SET_NOT_HOLDABLE, answer(decision));
        }
        List<CredentialTransition> moves = registry.transitions(setId);
        Instant heldAt = moves.stream()
                .filter(t -> t.aspect() == CredentialTransition.Aspect.SET && CredentialState.ON_HOLD.name().equals(t.to())
                        && task.caseId().equals(t.caseId()))
                .reduce((first, second) -> second).map(CredentialTransition::at).orElseThrow();
        return Map.of(Variables.HOLD_ENDS_AT, heldAt.plus(period).toString());
    }

    /** What staff tell the caller; it names no person and no set. */
    static String answer(HoldDecision decision) {
        return switch (decision) {
            case ALREADY_ON_HOLD -> "Nothing was changed: the caller's phone set is already on hold (an earlier report).";
            case BEING_REVOKED -> "Nothing was changed: the caller's phone set is already being revoked.";
            case NOT_YET_ACTIVE -> "Nothing was changed: the caller's phone set is still being issued; it cannot be held yet.";
            case NO_LONGER_LIVE -> "Nothing was changed: the caller's phone set has already ended (revoked or expired).";
            default -> "Nothing was changed.";
        };
    }

    /** A set is not held for longer than a year: after that the holder has to apply again anyway (ADR 0019). */
    static final Duration LONGEST_HOLD = Duration.ofDays(366);

    static Duration holdPeriod(LifecycleTask task) {
        String value = task.optionalString(Variables.HOLD_PERIOD).orElse(LostDeviceHoldProcess.DEFAULT_HOLD_PERIOD);
        try {
            // days and times (P90D, PT1H); months and years have no fixed length and are refused
            Duration period = Duration.parse(value);
            if (period.isNegative() || period.isZero() || period.compareTo(LONGEST_HOLD) > 0) {
                throw new DateTimeParseException("not positive", value, 0);
            }
            return period;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("holdPeriod '" + value + "' is not an ISO-8601 duration between PT1S and "
                    + LONGEST_HOLD.toDays() + " days, such as P90D");
        }
    }

    @Override
    protected String step(LifecycleTask task) {
        return "record the credential set on hold";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the set already held by this case and answers the same end of the hold period";
    }
}
