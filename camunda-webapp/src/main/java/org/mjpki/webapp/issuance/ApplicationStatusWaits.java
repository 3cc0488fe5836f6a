package org.mjpki.webapp.issuance;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The app's status call, answered when something changed: the app sends the entity tag of the status it has
 * ({@code If-None-Match}) and how long it will wait ({@code Prefer: wait=N}, RFC 7240); the answer comes as soon
 * as the application reaches another stage, or as {@code 304 Not Modified} when the wait ends. So the app learns at
 * once that the phone is ready for the password, without polling the server every fraction of a second.
 */
@Component
class ApplicationStatusWaits implements AutoCloseable {

    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    private final ApplicationStatuses applications;
    private final ApplicationProgress progress;
    /** Re-reads the status of a woken wait, off the thread that committed the engine's transaction. */
    private final ExecutorService readers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "mjpki-status-wait");
        thread.setDaemon(true);
        return thread;
    });

    ApplicationStatusWaits(ApplicationStatuses applications, ApplicationProgress progress) {
        this.applications = applications;
        this.progress = progress;
    }

    /** The status now if it differs from {@code seenTag} or {@code wait} is zero; else when it changes or the wait ends. */
    DeferredResult<ResponseEntity<ApplicationStatus>> status(String applicationId, String seenTag, Duration wait) {
        DeferredResult<ResponseEntity<ApplicationStatus>> answer = new DeferredResult<>(Math.max(1, wait.toMillis()));
        if (seenTag == null || wait.isZero()) {
            answer.setResult(ok(applications.status(applicationId)));
            return answer;
        }
        Runnable onChange = new Rereader(answer, applicationId, seenTag);
        // watch first, then read: a step reached in between wakes the watcher instead of being missed
        progress.watch(applicationId, onChange);
        answer.onCompletion(() -> progress.unwatch(applicationId, onChange));
        answer.onTimeout(() -> {
            ApplicationStatus now = readQuietly(applicationId);
            answer.setResult(now == null || tag(now).equals(seenTag)
                    ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(seenTag).build() : ok(now));
        });
        try {
            answerIfChanged(answer, applicationId, seenTag);
        } catch (RuntimeException e) {
            progress.unwatch(applicationId, onChange);
            throw e; // not found: the controller advice answers 404
        }
        return answer;
    }

    /**
     * Re-reads the status after a step was reported, on the readers' pool, one read at a time per wait. A step
     * reported while a read runs makes it read once more afterwards: that read may have started before the step's
     * transaction committed, and a missed step would leave the app waiting until its wait ends.
     */
    private final class Rereader implements Runnable {
        private final DeferredResult<ResponseEntity<ApplicationStatus>> answer;
        private final String applicationId;
        private final String seenTag;
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();

        Rereader(DeferredResult<ResponseEntity<ApplicationStatus>> answer, String applicationId, String seenTag) {
            this.answer = answer;
            this.applicationId = applicationId;
            this.seenTag = seenTag;
        }

        @Override
        public void run() {
            again.set(true);
            if (!answer.isSetOrExpired() && reading.compareAndSet(false, true)) {
                readers.execute(this::readWhileAsked);
            }
        }

        private void readWhileAsked() {
            try {
                while (again.getAndSet(false) && !answer.isSetOrExpired()) {
                    answerIfChanged(answer, applicationId, seenTag);
                }
            } catch (RuntimeException e) {
                answer.setErrorResult(e); // the app API's error advice answers it
            } finally {
                reading.set(false);
            }
            if (again.get() && !answer.isSetOrExpired() && reading.compareAndSet(false, true)) {
                readers.execute(this::readWhileAsked); // asked again between the last read and letting go
            }
        }
    }

    private void answerIfChanged(DeferredResult<ResponseEntity<ApplicationStatus>> answer, String applicationId, String seenTag) {
        ApplicationStatus now = applications.status(applicationId);
        if (!tag(now).equals(seenTag)) {
            answer.setResult(ok(now));
        }
    }

    private ApplicationStatus readQuietly(String applicationId) {
        try {
            return applications.status(applicationId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static ResponseEntity<ApplicationStatus> ok(ApplicationStatus status) {
        return ResponseEntity.ok().eTag(tag(status)).body(status);
    }

    /** A strong entity tag that changes exactly when what the holder sees changes. */
    static String tag(ApplicationStatus status) {
        return "\"" + status.stage() + "." + (status.nextAction() == null ? "-" : status.nextAction()) + "."
                + (status.reason() == null ? "-" : status.reason()) + "." + (status.delayed() ? "delayed" : "on-time") + "\"";
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
