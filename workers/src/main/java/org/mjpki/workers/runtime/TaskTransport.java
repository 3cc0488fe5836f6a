package org.mjpki.workers.runtime;

import java.util.List;
import org.camunda.bpm.client.task.ExternalTaskHandler;

/**
 * How a lane's tasks reach the workers and their outcomes reach the engine. Two exist, chosen by
 * {@code mjpki.workers.client.transport} (ADR 0031): the engine's REST API ({@link RestTaskTransport}), for workers in
 * a process of their own, and the engine's Java API, for workers in the engine's own JVM (the server's
 * {@code EngineApiTaskTransport}: no JSON, socket or login on each fetch and completion). The workers are the same
 * classes either way: they see Camunda's client interfaces ({@code ExternalTask}, {@code ExternalTaskService}).
 */
public interface TaskTransport {

    /** What the transport is, for the log and the metrics: {@code rest} or {@code engine-api}. */
    String name();

    /** Starts fetching the lane's topics; each fetched task goes to the handler of its topic. */
    Connection connect(Lane lane);

    /** A lane as the transport serves it: who fetches, how many tasks at most at once, which topics. */
    record Lane(WorkerLane lane, String workerId, int threads, List<Subscription> subscriptions, LaneCapacity capacity) {
        public Lane {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** One topic of a lane and the handler that runs its tasks (it hands each to a free thread of the lane). */
    record Subscription(ExternalTaskTopic topic, ExternalTaskHandler handler) {}

    /** How many of the lane's threads are free: a transport that can should fetch no more tasks than that. */
    interface LaneCapacity {
        /** Waits up to {@code millis} for at least one free thread; answers how many are free (0: none came free). */
        int awaitFreeThreads(long millis) throws InterruptedException;
    }

    /** A running lane. */
    interface Connection {
        /** Stops fetching; a fetch under way ends first. Tasks already handed over run on. */
        void stop();
    }
}
