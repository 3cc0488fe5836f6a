package org.mjpki.simulator.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;

/**
 * When each of the holder's moments of one issuance happened, as the app saw them. For the holder's-wait
 * benchmark (R11): how long the holder waits once the password and PIN are typed, against seed 004's ~24 s.
 *
 * @param started                 the holder starts the application
 * @param submitted               the app has sent it (the server has it)
 * @param secretsTyped            the holder has typed the password and PIN (the end of the holder's input)
 * @param secretsSet              both are set in the applet and reported
 * @param operationCheckReady     the server asks for the operation check: the certificates are on the phone
 * @param operationCheckSubmitted the holder has signed the challenge with both keys
 * @param finished                the server says the issuance is over
 * @param outcome                 how it ended
 */
public record IssuanceTimeline(String applicationId, Instant started, Instant submitted, Instant secretsTyped,
                               Instant secretsSet, Instant operationCheckReady, Instant operationCheckSubmitted,
                               Instant finished, ApplicationStatus outcome) {

    public boolean completed() {
        return "COMPLETED".equals(outcome.stage());
    }

    /** R11: from the end of the holder's password and PIN input until the set is on the phone (seed 004: ~24 s). */
    public Duration waitForCertificates() {
        return Duration.between(secretsTyped, operationCheckReady);
    }

    /** From the holder's last signature of the operation check until the set is usable. */
    public Duration waitForActivation() {
        return Duration.between(operationCheckSubmitted, finished);
    }

    /** The holder's whole issuance, first input to usable set (seed 004: ~91 s). */
    public Duration endToEnd() {
        return Duration.between(started, finished);
    }

    /** Collects the moments while the issuance runs. */
    static final class Recorder {
        private final String applicationId;
        private final Instant started;
        private final Instant submitted;
        private final Clock clock;
        private Instant secretsTyped;
        private Instant secretsSet;
        private Instant operationCheckReady;
        private Instant operationCheckSubmitted;

        Recorder(String applicationId, Instant started, Instant submitted, Clock clock) {
            this.applicationId = applicationId;
            this.started = started;
            this.submitted = submitted;
            this.clock = clock;
        }

        void secretsTyped() {
            secretsTyped = clock.instant();
        }

        void secretsSet() {
            secretsSet = clock.instant();
        }

        void operationCheckReady() {
            operationCheckReady = clock.instant();
        }

        void operationCheckSubmitted() {
            operationCheckSubmitted = clock.instant();
        }

        IssuanceTimeline finish(ApplicationStatus outcome) {
            return new IssuanceTimeline(applicationId, started, submitted, secretsTyped, secretsSet, operationCheckReady,
                    operationCheckSubmitted, clock.instant(), outcome);
        }
    }
}
