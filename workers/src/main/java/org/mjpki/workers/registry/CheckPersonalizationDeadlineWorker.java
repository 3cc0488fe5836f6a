package org.mjpki.workers.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Whether an issuance's personalization has had its time (issue 16): the personalization deadline counts the phone's
 * time, not the JPKI system's. Expired unless the issuance waited for the JPKI system within the last period — then
 * it is given another one, and an outage of any length holds the issuance up without ever abandoning it.
 */
@Component
@ExternalTaskTopic(value = Topics.CHECK_PERSONALIZATION_DEADLINE, lane = WorkerLane.REGISTRY,
        variables = Variables.PERSONALIZATION_TIMEOUT)
public class CheckPersonalizationDeadlineWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final Clock clock;

    public CheckPersonalizationDeadlineWorker(CredentialRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        Duration period = period(task.optionalString(Variables.PERSONALIZATION_TIMEOUT));
        Optional<Instant> waited = registry.lastWaitForTheJpkiSystem(task.caseId());
        boolean expired = waited.isEmpty() || waited.get().isBefore(clock.instant().minus(period));
        if (!expired) {
            log.info("case {}: the personalization waited for the JPKI system at {}; it is given another {}", task.caseId(),
                    waited.get(), period);
        }
        return Map.of(Variables.PERSONALIZATION_EXPIRED, expired);
    }

    private static Duration period(Optional<String> timeout) {
        try {
            return Duration.parse(timeout.orElse(Variables.DEFAULT_PERSONALIZATION_TIMEOUT));
        } catch (DateTimeParseException e) {
            // the app API writes the variable; a value it could not have written is the default's
            return Duration.parse(Variables.DEFAULT_PERSONALIZATION_TIMEOUT);
        }
    }

    @Override
    protected String step(LifecycleTask task) {
        return "check the personalization deadline";
    }

    @Override
    protected String retryEffect() {
        return "retrying checks again from now";
    }
}
