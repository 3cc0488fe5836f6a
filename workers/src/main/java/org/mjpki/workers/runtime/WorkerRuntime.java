package org.mjpki.workers.runtime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mjpki.workers.support.MjpkiWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Runs the workers: one connection of the {@link TaskTransport} per {@link WorkerLane}, each with its own fetch and
 * its own pool of threads for the tasks (Camunda's client handles the tasks of a fetch one after another on one
 * thread, which would make every phone wait for every other). Starts once the server listens, so workers on the REST
 * transport find the engine REST API; stops first, so running tasks finish before the engine goes.
 */
public final class WorkerRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
    private final List<MjpkiWorker> workers;
    private final TaskTransport transport;
    private final Map<WorkerLane, Integer> threads;
    private final List<TaskTransport.Connection> connections = new ArrayList<>();
    private final List<LaneExecutor> executors = new ArrayList<>();
    private volatile boolean running;

    public WorkerRuntime(List<MjpkiWorker> workers, TaskTransport transport, Map<WorkerLane, Integer> threads) {
        this.workers = List.copyOf(workers);
        this.transport = transport;
        this.threads = Map.copyOf(threads);
        byLane(this.workers); // fails at start-up, not at the first task, when a worker declares no topic
    }

    /** The topic a worker serves; every worker declares one. */
    public static ExternalTaskTopic topicOf(MjpkiWorker worker) {
        ExternalTaskTopic topic = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(worker), ExternalTaskTopic.class);
        if (topic == null) {
            throw new IllegalStateException(AopUtils.getTargetClass(worker).getName() + " declares no @ExternalTaskTopic");
        }
        return topic;
    }

    private static Map<WorkerLane, List<MjpkiWorker>> byLane(List<MjpkiWorker> workers) {
        Map<WorkerLane, List<MjpkiWorker>> lanes = new EnumMap<>(WorkerLane.class);
        java.util.Set<String> topics = new java.util.HashSet<>();
        for (MjpkiWorker worker : workers) {
            ExternalTaskTopic topic = topicOf(worker);
            if (!topics.add(topic.value())) {
                throw new IllegalStateException("two workers serve topic " + topic.value());
            }
            lanes.computeIfAbsent(topic.lane(), l -> new ArrayList<>()).add(worker);
        }
        return lanes;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (Map.Entry<WorkerLane, List<MjpkiWorker>> lane : byLane(workers).entrySet()) {
            int laneThreads = threads.get(lane.getKey());
            LaneExecutor executor = new LaneExecutor(lane.getKey(), laneThreads);
            List<TaskTransport.Subscription> subscriptions = lane.getValue().stream()
                    .map(worker -> new TaskTransport.Subscription(topicOf(worker), executor.handing(worker, topicOf(worker)))).toList();
            executors.add(executor);
            connections.add(transport.connect(new TaskTransport.Lane(lane.getKey(), workerId(lane.getKey()), laneThreads,
                    subscriptions, executor)));
            log.info("worker lane {} over {}: {} thread(s) for {}", lane.getKey().id(), transport.name(), laneThreads,
                    lane.getValue().stream().map(w -> topicOf(w).value()).toList());
        }
        running = true;
    }

    /** The transport the lanes run on. */
    public TaskTransport transport() {
        return transport;
    }

    private String workerId(WorkerLane lane) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return "mjpki-" + host + "-" + ProcessHandle.current().pid() + "-" + lane.id();
    }

    @Override
    public synchronized void stop() {
        // a REST client stops once its long poll returns: stop them side by side, so shutdown waits one poll, not four
        List<Thread> stopping = new ArrayList<>();
        for (TaskTransport.Connection connection : connections) {
            Thread thread = new Thread(connection::stop, "mjpki-worker-stop");
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executors.forEach(LaneExecutor::close);
        connections.clear();
        executors.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server (which starts in phase {@code Integer.MAX_VALUE - 1}); stopped before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
