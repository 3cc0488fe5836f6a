package org.mjpki.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.longThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
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

/**
 * The tasks of one fetch run side by side, at most one per thread; a full lane holds back the client; a step that may
 * take longer than a lease has its lock renewed while it works, up to its longest time (ADR 0033).
 */
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
            ExternalTaskHandler handler = lane.handing(slowWorker, topic(ShortStep.class));
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
            ExternalTaskHandler handler = lane.handing(slowWorker, topic(ShortStep.class));
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
            ExternalTaskHandler handler = lane.handing(throwing, topic(ShortStep.class));
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
        }, topic(ShortStep.class));
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

    @ExternalTaskTopic(value = "test.short-step", lane = WorkerLane.PHONE)
    private static final class ShortStep {}

    @ExternalTaskTopic(value = "test.long-step", lockDuration = 5_000, lane = WorkerLane.PHONE)
    private static final class LongStep {}

    @ExternalTaskTopic(value = "test.half-second-step", lockDuration = 500, lane = WorkerLane.PHONE)
    private static final class HalfSecondStep {}

    private static ExternalTaskTopic topic(Class<?> step) {
        return step.getAnnotation(ExternalTaskTopic.class);
    }

    /** A lease of 300 ms renewed every 100 ms: the default's proportions, quick enough for a test. */
    private static final TaskLease LEASE = new TaskLease(Duration.ofMillis(300), Duration.ofMillis(100));

    private static ExternalTaskHandler busyFor(long millis, CountDownLatch done) {
        return (task, service) -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        };
    }

    private int renewals() {
        return (int) mockingDetails(service).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("extendLock")).count();
    }

    @Test
    void aLongStepsLockIsRenewedToALeaseWhileItsWorkerWorksAndNoLonger() throws Exception {
        ExternalTask task = mock(ExternalTask.class);
        CountDownLatch done = new CountDownLatch(1);
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.PHONE, 1, LEASE)) {
            lane.handing(busyFor(800, done), topic(LongStep.class)).execute(task, service);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            verify(service, atLeast(4)).extendLock(eq(task), eq(300L));
            Thread.sleep(50);
            int afterWork = renewals();
            Thread.sleep(400);                                   // four renewal periods
            assertThat(renewals()).as("renewals once the worker is done").isEqualTo(afterWork);
        }
        assertThat(LEASE.fetchLockMillis(topic(LongStep.class))).as("fetched with a lease, not 5 s").isEqualTo(300);
    }

    @Test
    void renewalsEndAtTheStepsLongestTimeAndNeverReachBeyondIt() throws Exception {
        ExternalTask task = mock(ExternalTask.class);
        CountDownLatch done = new CountDownLatch(1);
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.PHONE, 1, LEASE)) {
            lane.handing(busyFor(1_200, done), topic(HalfSecondStep.class)).execute(task, service);
            Thread.sleep(700);
            int byTheLongestTime = renewals();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(renewals()).as("renewals after the 500 ms the step may take").isEqualTo(byTheLongestTime);
            assertThat(byTheLongestTime).isBetween(2, 5);
            // each renewal asks for what is left of the 500 ms at most: never a lock past the step's longest time
            verify(service, never()).extendLock(eq(task), longThat(ms -> ms > 400));
        }
    }

    @Test
    void aStepNoLongerThanALeaseIsFetchedWithItsOwnLockAndNeverRenewed() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.PHONE, 1, new TaskLease(Duration.ofSeconds(60),
                Duration.ofMillis(100)))) {
            lane.handing(busyFor(500, done), topic(LongStep.class)).execute(mock(ExternalTask.class), service);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        verify(service, never()).extendLock(any(ExternalTask.class), anyLong());
        assertThat(TaskLease.DEFAULT.fetchLockMillis(topic(LongStep.class))).isEqualTo(5_000);
        assertThat(TaskLease.DEFAULT.fetchLockMillis(topic(ShortStep.class))).isEqualTo(30_000);
    }

    @Test
    void aRenewalTheEngineRefusesEndsTheRenewals() throws Exception {
        ExternalTask task = mock(ExternalTask.class);
        doThrow(new IllegalStateException("the task is locked by another worker")).when(service).extendLock(eq(task), anyLong());
        CountDownLatch done = new CountDownLatch(1);
        try (LaneExecutor lane = new LaneExecutor(WorkerLane.PHONE, 1, LEASE)) {
            lane.handing(busyFor(700, done), topic(LongStep.class)).execute(task, service);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        verify(service, times(1)).extendLock(eq(task), anyLong());
    }

    @Test
    void aLeaseIsRenewedAtLeastTwiceWithinItsLength() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TaskLease(Duration.ofSeconds(60), Duration.ofSeconds(31)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TaskLease(Duration.ofSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
