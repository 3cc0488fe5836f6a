package org.mjpki.workers.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
final class LaneExecutor implements AutoCloseable, TaskTransport.LaneCapacity {

    private static final Logger log = LoggerFactory.getLogger(LaneExecutor.class);
    private final WorkerLane lane;
    private final Semaphore freeThreads;
    private final ExecutorService threads;

    LaneExecutor(WorkerLane lane, int threadCount) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("lane " + lane.id() + " needs at least one thread, not " + threadCount);
        }
        this.lane = lane;
        this.freeThreads = new Semaphore(threadCount);
        this.threads = Executors.newFixedThreadPool(threadCount, namedThreads("mjpki-worker-" + lane.id() + "-"));
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
    ExternalTaskHandler handing(ExternalTaskHandler worker) {
        return (task, service) -> handOver(worker, task, service);
    }

    private void handOver(ExternalTaskHandler worker, ExternalTask task, ExternalTaskService service) {
        try {
            freeThreads.acquire();
        } catch (InterruptedException e) {
            // shutting down: the task is not handled here and comes back to a fetch once its lock ends
            Thread.currentThread().interrupt();
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    worker.execute(task, service);
                } catch (RuntimeException | Error e) {
                    // MjpkiWorker never throws; anything else is logged here instead of dying with the thread
                    log.error("{} task {} of lane {} escaped its worker; it comes back when its lock ends",
                            task.getTopicName(), task.getId(), lane.id(), e);
                } finally {
                    freeThreads.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            freeThreads.release();
        }
    }

    /**
     * Lets running tasks finish, for up to ten seconds; a task cut off then comes back to a fetch when its lock
     * ends, and its worker is idempotent.
     */
    @Override
    public void close() {
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
