package org.mjpki.webapp.engine.tasks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.util.SingleConsumerCondition;
import org.mjpki.registry.DatabaseAvailability;
import org.mjpki.workers.WorkersProperties;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.TaskLease;
import org.mjpki.workers.runtime.TaskTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The server's own workers on the engine's Java API (issue 17, ADR 0031): one fetch thread per lane calls
 * fetch-and-lock as a command of the engine in this JVM and hands each task to its worker, which completes it the
 * same way ({@link EngineApiTaskService}). Same tasks, same locks, same order (oldest first) and the same worker ids
 * as over REST — every step stays an external task in Cockpit — without the HTTP request, the JSON and the login on
 * every fetch and completion.
 *
 * <p>It waits as the REST API's long polling does: with nothing to fetch it sleeps until the engine in this JVM made
 * a task of one of the lane's topics or unlocked one ({@link TaskSignals}; without {@link TaskSignalsPlugin} in the
 * engine, until the engine's signal for any task, the one Camunda's REST long polling waits on), or for
 * {@code async-response-timeout} at the most — so a task made on another engine node, or whose retry time or lock
 * ran out, is fetched within that time, as over REST. It fetches no more tasks than the lane has free threads, so no
 * task sits locked in a queue.
 */
@Component
public class EngineApiTaskTransport implements TaskTransport {

    private static final Logger log = LoggerFactory.getLogger(EngineApiTaskTransport.class);
    private final ProcessEngine engine;
    private final TaskSignals signals;
    private final Duration idleWait;
    private final Duration databaseWait;
    private static final long CAPACITY_SLICE_MILLIS = 500;

    public EngineApiTaskTransport(ProcessEngine engine, TaskSignals signals, WorkersProperties properties) {
        this.engine = engine;
        this.signals = signals;
        this.idleWait = properties.client().asyncResponseTimeout();
        this.databaseWait = properties.waits().database();
    }

    @Override
    public String name() {
        return "engine-api";
    }

    @Override
    public Connection connect(Lane lane) {
        LaneFetch fetch = new LaneFetch(lane);
        Thread thread = new Thread(fetch, "mjpki-fetch-" + lane.lane().id());
        thread.setDaemon(true);
        thread.start();
        return () -> fetch.stop(thread);
    }

    /** The fetch loop of one lane. */
    private final class LaneFetch implements Runnable {
        private final Lane lane;
        private final Map<String, ExternalTaskHandler> handlers;
        private final EngineApiTaskService service;
        private volatile boolean running = true;
        private volatile SingleConsumerCondition taskAvailable;

        LaneFetch(Lane lane) {
            this.lane = lane;
            this.handlers = lane.subscriptions().stream()
                    .collect(Collectors.toUnmodifiableMap(s -> s.topic().value(), Subscription::handler));
            this.service = new EngineApiTaskService(engine.getExternalTaskService(), engine.getRuntimeService(),
                    lane.workerId());
        }

        @Override
        public void run() {
            // the condition belongs to this thread: it is unparked after a commit that made or unlocked a task
            SingleConsumerCondition condition = new SingleConsumerCondition(Thread.currentThread());
            taskAvailable = condition;
            boolean byTopic = signals.reportedByEngine();
            if (byTopic) {
                signals.listen(handlers.keySet(), condition);
            } else {
                ProcessEngineImpl.EXT_TASK_CONDITIONS.addConsumer(condition);
            }
            try {
                while (running) {
                    // in short slices, so that a stop is seen while every thread is busy
                    int free = lane.capacity().awaitFreeThreads(CAPACITY_SLICE_MILLIS);
                    if (free == 0 || !running) {
                        continue;
                    }
                    List<LockedExternalTask> tasks;
                    try {
                        tasks = fetch(free);
                    } catch (RuntimeException e) {
                        Duration wait = DatabaseAvailability.unreachable(e) ? databaseWait : idleWait;
                        log.warn("lane {}: fetching tasks failed ({}); trying again in {} ms", lane.lane().id(),
                                e.getClass().getSimpleName(), wait.toMillis());
                        condition.await(wait.toMillis());
                        continue;
                    }
                    if (tasks.isEmpty()) {
                        condition.await(idleWait.toMillis());
                        continue;
                    }
                    for (LockedExternalTask task : tasks) {
                        try {
                            handlers.get(task.getTopicName()).execute(new EngineApiTask(task), service);
                        } catch (RuntimeException e) {
                            // the lane must outlive one bad hand-over: the task comes back when its lock ends
                            log.error("lane {}: task {} of {} could not be handed to its worker", lane.lane().id(),
                                    task.getId(), task.getTopicName(), e);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (byTopic) {
                    signals.stopListening(handlers.keySet(), condition);
                } else {
                    ProcessEngineImpl.EXT_TASK_CONDITIONS.removeConsumer(condition);
                }
            }
        }

        private List<LockedExternalTask> fetch(int maxTasks) {
            ExternalTaskQueryBuilder query = engine.getExternalTaskService().fetchAndLock()
                    .workerId(lane.workerId())
                    .maxTasks(maxTasks)
                    // oldest first, as over REST (measured: without an order a task waited 94 s while 630 others went by)
                    .orderByCreateTime().asc()
                    .subscribe();
            for (Subscription subscription : lane.subscriptions()) {
                ExternalTaskTopic topic = subscription.topic();
                query = query.topic(topic.value(), TaskLease.DEFAULT.fetchLockMillis(topic)).variables(topic.variables())
                        .enableCustomObjectDeserialization();
            }
            return query.execute();
        }

        /** Ends the loop at its next turn: wakes it if it waits for tasks; a fetch under way ends first. */
        void stop(Thread thread) {
            running = false;
            SingleConsumerCondition condition = taskAvailable;
            if (condition != null) {
                condition.signal();
            }
            try {
                thread.join(idleWait.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
