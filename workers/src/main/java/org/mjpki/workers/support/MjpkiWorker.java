package org.mjpki.workers.support;

import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.client.exception.RestException;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every worker: one topic, one step. It ends every task in exactly one of complete,
 * BPMN error (a modelled business outcome) or failure — never lets an exception escape, because the
 * external task client only logs an escaped exception and the task would silently come back forever.
 *
 * <p>A technical failure counts the retries down itself (the client does not) with growing backoff and
 * ends in an incident whose message leads with the process, the case and the step and says what a retry does.
 * An unreachable phone is not a failure (R12): the task waits and tries again without using up retries. Nor is the JPKI
 * system (the CA) being away: the task waits for it the same way, for as long as the outage lasts, with no incident and
 * nothing for an operator to do, and goes on by itself within a wait ({@link Waits}) of its return (issue 16); nor the
 * database being restarted under it.
 */
public abstract class MjpkiWorker implements ExternalTaskHandler {

    private static final int INCIDENT_MESSAGE_LIMIT = 600; // the engine cuts at 666
    /** How the message of a task waiting for the JPKI system begins: the app status reads it as "delayed". */
    public static final String WAITING_FOR_THE_JPKI_SYSTEM = "Waiting for the JPKI system: ";

    protected final Logger log = LoggerFactory.getLogger(getClass());
    private final RetryPolicy retryPolicy;
    private volatile Waits waits = Waits.DEFAULT;

    /**
     * How soon a task that waits for something outside is tried again — without counting it as a failure: an unreachable
     * phone (R12), the JPKI system away, the database restarting.
     */
    public record Waits(Duration phone, Duration jpkiSystem, Duration database) {
        public static final Waits DEFAULT = new Waits(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(5));

        public Waits {
            phone = phone == null ? Duration.ofSeconds(30) : phone;
            jpkiSystem = jpkiSystem == null ? Duration.ofMinutes(1) : jpkiSystem;
            database = database == null ? Duration.ofSeconds(5) : database;
            for (Duration d : new Duration[] {phone, jpkiSystem, database}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("every wait between tries is positive");
                }
            }
        }
    }

    protected MjpkiWorker(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    protected MjpkiWorker() {
        this(RetryPolicy.DEFAULT);
    }

    /** Sets the waits between tries (the runtime does, from {@code mjpki.workers.waits}). */
    public void waitBetweenTries(Waits waits) {
        this.waits = java.util.Objects.requireNonNull(waits, "waits");
    }

    /** Does the step; returns the variables to complete with. Throws {@link BusinessOutcome} for a modelled outcome. */
    protected abstract Map<String, Object> work(LifecycleTask task) throws Exception;

    /** The step in the holder's or operator's words, e.g. "issue the signing certificate". */
    protected abstract String step(LifecycleTask task);

    /** What retrying does, for the incident message, e.g. "asks the CA again with the same request id (no second certificate)". */
    protected abstract String retryEffect();

    @Override
    public final void execute(ExternalTask externalTask, ExternalTaskService service) {
        LifecycleTask task = new LifecycleTask(externalTask);
        String caseId = safeCaseId(task);
        // every line logged while this task is worked on names its case (logging.pattern.level: %X{case})
        try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("case", caseId)) {
            executeFor(externalTask, service, task, caseId);
        }
    }

    private void executeFor(ExternalTask externalTask, ExternalTaskService service, LifecycleTask task, String caseId) {
        Map<String, Object> result;
        try {
            result = work(task);
        } catch (BusinessOutcome outcome) {
            log.info("{} for case {}: business outcome {}: {}", externalTask.getTopicName(), caseId,
                    outcome.errorCode(), outcome.getMessage());
            // not taken (the task was cancelled meanwhile, its lock ran out, the engine is down): an open task comes
            // back after its lock and meets the same outcome again
            report(externalTask, caseId, "business outcome " + outcome.errorCode(),
                    () -> service.handleBpmnError(externalTask, outcome.errorCode(), outcome.getMessage()));
            return;
        } catch (OperatorDecisionNeeded decision) {
            log.info("{} for case {}: waiting for an operator's decision", externalTask.getTopicName(), caseId);
            String message = cut(describe(task, caseId) + ": " + decision.getMessage());
            report(externalTask, caseId, "the incident for the operator",
                    () -> service.handleFailure(externalTask, message, decision.getMessage(), 0, 0));
            return;
        } catch (PhoneUnreachableException | ApduTransportException offline) {
            Integer retries = externalTask.getRetries();
            int keep = retries == null ? retryPolicy.retries() : retries;
            long phoneRetryMillis = waits.phone().toMillis();
            log.info("{} for case {}: phone unreachable, waiting {} ms", externalTask.getTopicName(), caseId, phoneRetryMillis);
            String waiting = cut("Waiting for the phone: " + describe(task, caseId)
                    + " could not reach the phone; it is tried again automatically when it is back");
            report(externalTask, caseId, "the wait for the phone",
                    () -> service.handleFailure(externalTask, waiting, null, keep, phoneRetryMillis));
            return;
        } catch (org.mjpki.ca.CertificateAuthorityUnavailableException away) {
            Integer retries = externalTask.getRetries();
            int keep = retries == null ? retryPolicy.retries() : retries;
            long jpkiRetryMillis = waits.jpkiSystem().toMillis();
            log.info("{} for case {}: the JPKI system is unavailable, waiting {} ms", externalTask.getTopicName(), caseId,
                    jpkiRetryMillis);
            String waiting = cut(WAITING_FOR_THE_JPKI_SYSTEM + describe(task, caseId)
                    + " could not reach the JPKI system; it is tried again automatically when it is back");
            report(externalTask, caseId, "the wait for the JPKI system",
                    () -> service.handleFailure(externalTask, waiting, null, keep, jpkiRetryMillis));
            return;
        } catch (Exception | Error e) {
            if (org.mjpki.registry.DatabaseAvailability.unreachable(e)) {
                // the database is restarting or failing over: nothing was done, nothing to count; the same step later
                Integer retries = externalTask.getRetries();
                int keep = retries == null ? retryPolicy.retries() : retries;
                long databaseRetryMillis = waits.database().toMillis();
                log.info("{} for case {}: the database is unreachable, waiting {} ms", externalTask.getTopicName(), caseId,
                        databaseRetryMillis);
                String waiting = cut("Waiting for the database: " + describe(task, caseId)
                        + " could not reach the database; it is tried again automatically");
                report(externalTask, caseId, "the wait for the database",
                        () -> service.handleFailure(externalTask, waiting, null, keep, databaseRetryMillis));
                return;
            }
            fail(externalTask, service, task, caseId, e);
            return;
        }
        // not taken (lock expired, engine down): the task comes back after its lock, and the step is idempotent
        report(externalTask, caseId, "completion", () -> service.complete(externalTask, result));
    }

    /**
     * Tells the engine how the task ended. A collision with another transaction on the same process instance
     * (optimistic locking, a deadlock or a foreign key broken under it: parallel branches, compensation handlers
     * completing side by side; {@link TransactionCollided}) stored nothing, so it is sent again at once; anything else is
     * left to the task coming back after its lock — and a business outcome not taken then may be decided differently
     * by the next try (measured: a refusal the CA gave once, lost to such a collision, became an issued certificate).
     */
    private void report(ExternalTask externalTask, String caseId, String what, Runnable call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (RuntimeException e) {
                if (attempt < REPORT_ATTEMPTS && collided(e)) {
                    pause(attempt);
                    continue;
                }
                log.warn("{} for case {}: {} not accepted ({}); the task will be fetched again",
                        externalTask.getTopicName(), caseId, what, e.getClass().getSimpleName());
                return;
            }
        }
    }

    private static final int REPORT_ATTEMPTS = 5;

    static boolean collided(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RestException rest && ("OptimisticLockingException".equals(rest.getType())
                    || TransactionCollided.ENGINE_CODES.contains(rest.getCode()))) {
                return true;
            }
            if (t instanceof TransactionCollided) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(ExternalTask externalTask, ExternalTaskService service, LifecycleTask task, String caseId,
                      Throwable e) {
        int remaining = retryPolicy.remainingAfterFailure(externalTask.getRetries());
        String head = describe(task, caseId) + " failed: ";
        String tail = ". " + (remaining > 0 ? "Retrying automatically (" + remaining + " left); "
                                            : "Retries used up; retrying in Cockpit ")
                + retryEffect() + ".";
        // the cause gives way, not what a retry does: a long cause (a database error runs to pages) is cut to fit,
        // on one line; the whole of it is in the incident's details
        String message = head + cut(summary(e).replaceAll("\\s+", " ").strip(),
                INCIDENT_MESSAGE_LIMIT - head.length() - tail.length()) + tail;
        log.warn("{} for case {} failed ({} retries left): {}", externalTask.getTopicName(), caseId, remaining, summary(e));
        String details = stackTrace(e);
        report(externalTask, caseId, "failure report",
                () -> service.handleFailure(externalTask, cut(message), details, remaining, retryPolicy.backoffMillis(remaining)));
    }

    private String describe(LifecycleTask task, String caseId) {
        String step;
        try {
            step = step(task);
        } catch (RuntimeException e) {
            step = task.raw().getTopicName();
        }
        // the process names what kind of case it is: "issuance app-…", "revocation rev-…"
        return capitalized(task.process()) + " " + caseId + ": " + step;
    }

    private static String safeCaseId(LifecycleTask task) {
        try {
            return task.caseId();
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String summary(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String cut(String message) {
        return cut(message, INCIDENT_MESSAGE_LIMIT);
    }

    private static String cut(String text, int limit) {
        int max = Math.max(limit, 40);
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
