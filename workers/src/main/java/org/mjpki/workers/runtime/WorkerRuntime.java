package org.mjpki.workers.runtime;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.engine.variable.Variables;
import org.mjpki.workers.WorkersProperties;
import org.mjpki.workers.support.MjpkiWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;

/**
 * Runs the workers: one external task client per {@link WorkerLane}, each with its own fetch thread and its own
 * pool of threads for the tasks (Camunda's client handles the tasks of a fetch one after another on one thread,
 * which would make every phone wait for every other). Starts once the server listens, so the in-process clients
 * find the engine REST API; stops first, so running tasks finish before the engine goes.
 */
public final class WorkerRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
    private final List<MjpkiWorker> workers;
    private final WorkersProperties.Client settings;
    private final Environment environment;
    private final List<ExternalTaskClient> clients = new ArrayList<>();
    private final List<LaneExecutor> executors = new ArrayList<>();
    private volatile boolean running;

    public WorkerRuntime(List<MjpkiWorker> workers, WorkersProperties.Client settings, Environment environment) {
        this.workers = List.copyOf(workers);
        this.settings = settings;
        this.environment = environment;
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
        String engineUrl = engineUrl().toString();
        for (Map.Entry<WorkerLane, List<MjpkiWorker>> lane : byLane(workers).entrySet()) {
            int threads = settings.threads(lane.getKey());
            LaneExecutor executor = new LaneExecutor(lane.getKey(), threads);
            ExternalTaskClient client = ExternalTaskClient.create()
                    .baseUrl(engineUrl)
                    .workerId(workerId(lane.getKey()))
                    .addInterceptor(new BasicAuthProvider(settings.username(), settings.password()))
                    // a fetch asks for as many tasks as the lane has threads: none waits locked in a queue
                    .maxTasks(threads)
                    // oldest first: without an order the database hands out tasks in no particular order, and under
                    // load a task could be passed over fetch after fetch (measured: 94 s while 630 others went by)
                    .orderByCreateTime().asc()
                    .asyncResponseTimeout(settings.asyncResponseTimeout().toMillis())
                    // long polling already waits on the server; the client's own backoff only adds idle delay
                    .disableBackoffStrategy()
                    .defaultSerializationFormat(Variables.SerializationDataFormats.JSON.getName())
                    // one connection per thread plus the fetch (the client's default pool has five); a connection
                    // idle past the server's keep-alive timeout is checked or dropped before it is used again
                    .customizeHttpClient(http -> http.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                    .setMaxConnPerRoute(threads + 2).setMaxConnTotal(threads + 2)
                                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                                            .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                                    .build())
                            .evictIdleConnections(TimeValue.ofSeconds(15)))
                    .build();
            for (MjpkiWorker worker : lane.getValue()) {
                ExternalTaskTopic topic = topicOf(worker);
                client.subscribe(topic.value()).lockDuration(topic.lockDuration()).variables(topic.variables())
                        .handler(executor.handing(worker)).open();
            }
            executors.add(executor);
            clients.add(client);
            log.info("worker lane {}: {} thread(s) for {}", lane.getKey().id(), threads,
                    lane.getValue().stream().map(w -> topicOf(w).value()).toList());
        }
        running = true;
    }

    private URI engineUrl() {
        if (settings.engineUrl() != null) {
            return settings.engineUrl();
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://localhost:" + port + "/engine-rest");
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
        // a client stops once its long poll returns: stop them side by side, so shutdown waits one poll, not four
        List<Thread> stopping = new ArrayList<>();
        for (ExternalTaskClient client : clients) {
            Thread thread = new Thread(client::stop, "mjpki-worker-stop");
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
        clients.clear();
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
