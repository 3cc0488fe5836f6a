package org.mjpki.workers.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one lane's tasks on its own threads. The external task client hands over the tasks of a fetch one after
 * another on its single thread; this hands each to a free thread and returns, so the tasks of one fetch run side
 * by side. When every thread is busy the hand-over waits, which holds back the client's next fetch: no task is
 * locked and left waiting in a queue while its lock runs out.
 *
 * <p>A task is locked for a {@link TaskLease lease} at most, which this renews while its worker works, up to the
 * topic's lock duration: a task whose worker process died is fetched again within a lease, not after the longest time
 * its step may take (ADR 0033).
 */
final class LaneExecutor implements AutoCloseable, TaskTransport.LaneCapacity {

    private static final Logger log = LoggerFactory.getLogger(LaneExecutor.class);
    private final WorkerLane lane;
    private final Semaphore freeThreads;
    private final ExecutorService threads;
    private final TaskLease lease;
    /** Renews the leases of the lane's running tasks (a call to the engine every third of a lease, per task). */
    private final ScheduledExecutorService renewals;

    LaneExecutor(WorkerLane lane, int threadCount) {
        this(lane, threadCount, TaskLease.DEFAULT);
    }

    LaneExecutor(WorkerLane lane, int threadCount, TaskLease lease) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("lane " + lane.id() + " needs at least one thread, not " + threadCount);
        }
        this.lane = lane;
        this.lease = lease;
        this.freeThreads = new Semaphore(threadCount);
        this.threads = Executors.newFixedThreadPool(threadCount, namedThreads("mjpki-worker-" + lane.id() + "-"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(namedThreads("mjpki-lease-" + lane.id() + "-"));
    }

    @Override
    public int awaitFreeThreads(long millis) throws InterruptedException {
        // take one to wait for it, give it back: the hand-over takes it again for the task
        if (!freeThreads.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            return 0;
        }
        freeThreads.release();
        return Math.max(1, freeThreads.availablePermits());
    }

    /** The handler the lane's client calls: hands the task to a free thread of the lane. */
    ExternalTaskHandler handing(ExternalTaskHandler worker, ExternalTaskTopic topic) {
        return (task, service) -> handOver(worker, topic, task, service);
    }

    private void handOver(ExternalTaskHandler worker, ExternalTaskTopic topic, ExternalTask task, ExternalTaskService service) {
        try {
            freeThreads.acquire();
        } catch (InterruptedException e) {
            // shutting down: the task is not handled here and comes back to a fetch once its lock ends
            Thread.currentThread().interrupt();
            return;
        }
        try {
            long fetchedAt = System.nanoTime();
            threads.execute(() -> {
                ScheduledFuture<?> renewing = renewWhileWorking(topic, task, service, fetchedAt);
                try {
                    worker.execute(task, service);
                } catch (RuntimeException | Error e) {
                    // MjpkiWorker never throws; anything else is logged here instead of dying with the thread
                    log.error("{} task {} of lane {} escaped its worker; it comes back when its lock ends",
                            task.getTopicName(), task.getId(), lane.id(), e);
                } finally {
                    if (renewing != null) {
                        renewing.cancel(false);
                    }
                    freeThreads.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            freeThreads.release();
        }
    }

    /**
     * Renews the task's lock every third of a lease while its worker works, until the topic's lock duration since the
     * fetch is used up (then the lock lapses as it always did); null when the topic's lock is no longer than a lease.
     */
    private ScheduledFuture<?> renewWhileWorking(ExternalTaskTopic topic, ExternalTask task, ExternalTaskService service,
                                                 long fetchedAt) {
        if (!lease.renews(topic)) {
            return null;
        }
        long every = lease.renewEvery().toMillis();
        long until = fetchedAt + TimeUnit.MILLISECONDS.toNanos(topic.lockDuration());
        // a renewal that throws ends the renewals (ScheduledExecutorService suppresses the later runs)
        return renewals.scheduleWithFixedDelay(() -> {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left <= 0) {
                throw NoMoreRenewals.INSTANCE;         // the step's longest time is up: the lock lapses from here
            }
            try {
                service.extendLock(task, Math.min(lease.length().toMillis(), left));
            } catch (RuntimeException e) {
                // completed meanwhile, cancelled, or the lock lost to another worker: nothing left to keep
                log.info("{} task {}: lock not renewed ({}); no more renewals", task.getTopicName(), task.getId(),
                        e.getMessage());
                throw NoMoreRenewals.INSTANCE;
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private static final class NoMoreRenewals extends RuntimeException {
        static final NoMoreRenewals INSTANCE = new NoMoreRenewals();

        private NoMoreRenewals() {
            super("no more renewals", null, false, false);
        }
    }

    /**
     * Lets running tasks finish, for up to ten seconds; a task cut off then comes back to a fetch when its lock
     * ends, and its worker is idempotent.
     */
    @Override
    public void close() {
        renewals.shutdownNow();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
