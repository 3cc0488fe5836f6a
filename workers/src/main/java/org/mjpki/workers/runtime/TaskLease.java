package org.mjpki.workers.runtime;

import java.time.Duration;

/**
 * How long a fetched task stays locked before its worker renews the lock (ADR 0033). A topic's
 * {@link ExternalTaskTopic#lockDuration() lock duration} is the longest its step may take — ten minutes for the
 * linked-revocation sweep's detection, two for a phone's key generation; a task is fetched with a lock of at most a lease
 * and its lane renews it every third of a lease while the worker works, up to that longest time. A worker process that
 * dies stops renewing, and another fetches the task within a lease.
 *
 * @param length     the lock a task is fetched with and renewed to; topics locked no longer than this are not renewed
 * @param renewEvery how often a running task's lock is renewed; well inside {@code length}, so a renewal may be late
 */
public record TaskLease(Duration length, Duration renewEvery) {
    public static final TaskLease DEFAULT = new TaskLease(Duration.ofSeconds(60), Duration.ofSeconds(20));

    public TaskLease {
        if (length == null || renewEvery == null || renewEvery.isNegative() || renewEvery.isZero()
                || renewEvery.compareTo(length.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("a lease is renewed at least twice within its length: " + length + ", every "
                    + renewEvery);
        }
    }

    /** The lock to fetch a task of this topic with. */
    public long fetchLockMillis(ExternalTaskTopic topic) {
        return Math.min(topic.lockDuration(), length.toMillis());
    }

    /** Whether tasks of this topic are renewed while they run (their step may take longer than a lease). */
    public boolean renews(ExternalTaskTopic topic) {
        return topic.lockDuration() > length.toMillis();
    }
}
