package org.mjpki.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tasks of one fetch run side by side, at most one per thread; a full lane holds back the client. */
@Timeout(30)
class LaneExecutorTest {

    private final ExternalTaskService service = mock(ExternalTaskService.class);
    private final ExecutorService fetchThread = Executors.newSingleThreadExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        fetchThread.shutdownNow();
    }

    /** A worker that stays busy until the test releases it. */
    private final ExternalTaskHandler slowWorker = (task, service) -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    };

    @Test
    void theTasksOfOneFetchRunSideBySide() throws Exception {
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.PHONE, 3)) {
            ExternalTaskHandler handler = lane.handing(slowWorker);
            for (int i = 0; i < 3; i++) {
                handler.execute(mock(ExternalTask.class), service); // returns at once: a thread took it
            }
            awaitRunning(3);
            release.countDown();
        }
        assertThat(mostAtOnce).hasValue(3);
    }

    @Test
    void aFullLaneHoldsBackTheHandOverUntilAThreadIsFree() throws Exception {
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.CA, 2)) {
            ExternalTaskHandler handler = lane.handing(slowWorker);
            handler.execute(mock(ExternalTask.class), service);
            handler.execute(mock(ExternalTask.class), service);
            awaitRunning(2);
            Future<?> third = fetchThread.submit(() -> handler.execute(mock(ExternalTask.class), service));
            try {
                third.get(300, TimeUnit.MILLISECONDS);
                throw new AssertionError("the third task was handed over while both threads were busy");
            } catch (TimeoutException expected) {
                // the client's thread waits: it fetches no more tasks meanwhile
            }
            release.countDown();
            third.get(10, TimeUnit.SECONDS);
        }
        assertThat(mostAtOnce).hasValue(2);
    }

    @Test
    void aWorkerThatThrowsFreesItsThreadForTheNextTask() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        ExternalTaskHandler throwing = (task, service) -> {
            handled.incrementAndGet();
            throw new IllegalStateException("escaped");
        };
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.REGISTRY, 1)) {
            ExternalTaskHandler handler = lane.handing(throwing);
            for (int i = 0; i < 5; i++) {
                fetchThread.submit(() -> handler.execute(mock(ExternalTask.class), service)).get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(handled).hasValue(5);
    }

    @Test
    void closingLetsRunningTasksFinish() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        LaneExecutor lane = new LaneExecutor(WorkerLane.CHECKS, 2);
        ExternalTaskHandler handler = lane.handing((task, service) -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        });
        handler.execute(mock(ExternalTask.class), service);
        handler.execute(mock(ExternalTask.class), service);
        lane.close();
        assertThat(finished).hasValue(2);
    }

    @Test
    void aLaneNeedsAThread() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LaneExecutor(WorkerLane.PHONE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phone");
    }

    private void awaitRunning(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (running.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(running).hasValue(expected);
    }
}
