package org.mjpki.webapp.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.workers.WorkersProperties;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.TaskTransport;
import org.mjpki.workers.runtime.WorkerLane;

/**
 * The engine-API transport (issue 17, ADR 0031) against a real engine on PostgreSQL: what a worker sees of a task,
 * what its completion, failure and BPMN error do, that it wakes when a task of its topics is made or a task is
 * unlocked instead of waiting out its idle time — and not for a task of another lane's topic — that it fetches no
 * more tasks than the lane has free threads, and that it stops.
 */
class EngineApiTaskTransportTest {

    private static final String TOPIC = "test.step";
    private static final String OTHER_TOPIC = "test.another-lanes-step";
    /** What the engine reports its tasks to ({@link TaskSignalsPlugin} is installed in the test's engine). */
    private static final TaskSignals SIGNALS = new TaskSignals();
    /** Fetch-and-lock commands the engine ran, by anyone. */
    private static final AtomicInteger FETCHES = new AtomicInteger();
    /** Long, so that a task handled quickly proves the engine's signal woke the fetch. */
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static ProcessEngine engine;

    private TaskTransport.Connection connection;

    @BeforeAll
    static void engineOnPostgres() {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneProcessEngineConfiguration()
                .setJdbcUrl(db.jdbcUrl()).setJdbcUsername(db.username()).setJdbcPassword(db.password())
                .setJdbcDriver("org.postgresql.Driver")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setJobExecutorActivate(false)
                .setProcessEngineName("transport-test-" + System.nanoTime());
        configuration.getProcessEnginePlugins().add(new TaskSignalsPlugin(SIGNALS));
        configuration.setCustomPreCommandInterceptorsTxRequired(List.of(new CommandInterceptor() {
            @Override
            public <T> T execute(Command<T> command) {
                if (command instanceof FetchExternalTasksCmd) {
                    FETCHES.incrementAndGet();
                }
                return next.execute(command);
            }
        }));
        engine = configuration.buildProcessEngine();
        BpmnModelInstance model = Bpmn.createExecutableProcess("transportTest")
                .startEvent()
                .serviceTask("step").camundaExternalTask(TOPIC)
                .boundaryEvent("refused").error("REFUSED").endEvent("endedRefused")
                .moveToActivity("step").endEvent("endedDone")
                .done();
        BpmnModelInstance anotherLanes = Bpmn.createExecutableProcess("anotherLanesTest")
                .startEvent().serviceTask("otherStep").camundaExternalTask(OTHER_TOPIC).endEvent().done();
        engine.getRepositoryService().createDeployment().addModelInstance("transport-test.bpmn", model)
                .addModelInstance("another-lanes-test.bpmn", anotherLanes).deploy();
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.stop();
        }
    }

    private void connect(int threads, ExternalTaskHandler handler, String... variables) {
        connect(IDLE, threads, handler, variables);
    }

    private void connect(Duration idle, int threads, ExternalTaskHandler handler, String... variables) {
        connect(SIGNALS, idle, threads, handler, variables);
    }

    private void connect(TaskSignals signals, Duration idle, int threads, ExternalTaskHandler handler, String... variables) {
        WorkersProperties properties = new WorkersProperties(null, null, null, null, null,
                new WorkersProperties.Client(null, null, null, null, null, idle, null), null, null, null, null);
        ExternalTaskTopic topic = topic(variables);
        java.util.concurrent.Semaphore free = new java.util.concurrent.Semaphore(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        // the lane's hand-over as the worker runtime does it: a free thread per task
        ExternalTaskHandler handing = (task, service) -> {
            free.acquireUninterruptibly();
            pool.execute(() -> {
                try {
                    handler.execute(task, service);
                } finally {
                    free.release();
                }
            });
        };
        TaskTransport.LaneCapacity capacity = millis -> {
            if (!free.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
                return 0;
            }
            free.release();
            return free.availablePermits();
        };
        connection = new EngineApiTaskTransport(engine, signals, properties).connect(new TaskTransport.Lane(WorkerLane.REGISTRY,
                "test-worker", threads, List.of(new TaskTransport.Subscription(topic, handing)), capacity));
    }

    private static ProcessInstance start(Map<String, Object> variables) {
        return engine.getRuntimeService().startProcessInstanceByKey("transportTest", "case-" + System.nanoTime(), variables);
    }

    private static HistoricProcessInstance ended(ProcessInstance instance) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId()).finished().singleResult(), i -> i != null);
    }

    @Test
    void aWorkerSeesTheVariablesItAskedForAndCompletesWithItsOwn() {
        Map<String, Object> seen = new ConcurrentHashMap<>();
        connect(2, (task, service) -> {
            seen.put("topic", task.getTopicName());
            seen.put("businessKey", task.getBusinessKey());
            seen.put("process", task.getProcessDefinitionKey());
            seen.put("workerId", task.getWorkerId());
            seen.put("retries", String.valueOf(task.getRetries()));
            seen.put("variables", task.getAllVariables().keySet());
            seen.put("wanted", task.<Object>getVariable("wanted"));
            service.complete(task, Map.of("made", 42L, "flag", true));
        }, "wanted");
        ProcessInstance instance = start(Map.of("wanted", "yes", "secretOfAnotherStep", "no"));

        HistoricProcessInstance done = ended(instance);

        assertThat(done.getEndActivityId()).isEqualTo("endedDone");
        assertThat(seen).containsEntry("topic", TOPIC).containsEntry("businessKey", instance.getBusinessKey())
                .containsEntry("process", "transportTest").containsEntry("workerId", "test-worker")
                .containsEntry("retries", "null").containsEntry("wanted", "yes")
                .containsEntry("variables", Set.of("wanted"));
        Map<String, Object> variables = new java.util.HashMap<>();
        engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).list()
                .forEach(v -> variables.put(v.getName(), v.getValue()));
        assertThat(variables).containsEntry("made", 42L).containsEntry("flag", true);
        assertThat(engine.getHistoryService().createHistoricExternalTaskLogQuery().processInstanceId(instance.getId())
                .successLog().singleResult().getWorkerId()).isEqualTo("test-worker");
    }

    @Test
    void aFailureKeepsTheRetriesAndTheMessageTheWorkerGaveAndABpmnErrorTakesTheModelledPath() {
        Map<String, Object> secondTry = new ConcurrentHashMap<>();
        // a failure's retry time is not signalled (as over REST, the next look is after the idle wait): a short one
        connect(Duration.ofSeconds(1), 1, (task, service) -> {
            if (task.getRetries() == null) {
                service.handleFailure(task, "Test case: the step failed", "details", 3, 100);
            } else {
                secondTry.put("retries", task.getRetries());
                secondTry.put("message", task.getErrorMessage());
                secondTry.put("details", task.getErrorDetails());
                service.handleBpmnError(task, "REFUSED", "refused on the second try");
            }
        });
        ProcessInstance instance = start(Map.of());

        HistoricProcessInstance done = ended(instance);

        assertThat(secondTry).containsEntry("retries", 3).containsEntry("message", "Test case: the step failed")
                .containsEntry("details", "details");
        assertThat(done.getEndActivityId()).isEqualTo("endedRefused");
        assertThat(engine.getHistoryService().createHistoricExternalTaskLogQuery().processInstanceId(instance.getId())
                .failureLog().singleResult().getErrorMessage()).isEqualTo("Test case: the step failed");
    }

    @Test
    void aTaskMadeWhileTheFetchIsIdleIsTakenAtOnceNotAfterTheIdleWait() throws InterruptedException {
        AtomicInteger handled = new AtomicInteger();
        connect(2, (task, service) -> {
            handled.incrementAndGet();
            service.complete(task);
        });
        Thread.sleep(500); // the fetch found nothing and waits
        long startedAt = System.nanoTime();
        ended(start(Map.of()));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

        assertThat(handled).hasValue(1);
        // a functional bound, not a speed target: without the signal the task would wait out the 60 s idle time
        assertThat(tookMillis).isLessThan(IDLE.toMillis() / 2);
    }

    @Test
    void aTaskOfAnotherLanesTopicDoesNotWakeTheFetchButWithoutTheEnginesReportsItWould() throws InterruptedException {
        ProcessInstance other = null;
        try {
            connect(1, (task, service) -> service.complete(task));
            Thread.sleep(500); // the fetch found nothing and waits
            int before = FETCHES.get();
            other = engine.getRuntimeService().startProcessInstanceByKey("anotherLanesTest");
            Thread.sleep(1_000);
            assertThat(FETCHES.get()).as("a task for another lane woke this one").isEqualTo(before);
            engine.getRuntimeService().deleteProcessInstance(other.getId(), "test step");
            connection.stop();

            // the contrast, so that the assertion above can fail: the engine's own signal wakes it for any task
            connect(new TaskSignals(), IDLE, 1, (task, service) -> service.complete(task));
            Thread.sleep(500);
            int beforeOwnSignal = FETCHES.get();
            other = engine.getRuntimeService().startProcessInstanceByKey("anotherLanesTest");
            await().atMost(Duration.ofSeconds(10)).until(FETCHES::get, n -> n > beforeOwnSignal);
        } finally {
            if (other != null && engine.getRuntimeService().createProcessInstanceQuery()
                    .processInstanceId(other.getId()).count() > 0) {
                engine.getRuntimeService().deleteProcessInstance(other.getId(), "test finished");
            }
        }
    }

    @Test
    void withoutTheEnginesReportsATaskMadeStillWakesTheFetch() throws InterruptedException {
        connect(new TaskSignals(), IDLE, 1, (task, service) -> service.complete(task));
        Thread.sleep(500);
        long startedAt = System.nanoTime();
        ended(start(Map.of()));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isLessThan(IDLE.toMillis() / 2);
    }

    @Test
    void aTaskUnlockedWhileTheFetchIsIdleIsTakenAtOnce() throws InterruptedException {
        ProcessInstance instance = start(Map.of());
        List<LockedExternalTask> elsewhere = engine.getExternalTaskService().fetchAndLock(1, "a-worker-elsewhere")
                .topic(TOPIC, IDLE.toMillis() * 2).execute();
        assertThat(elsewhere).hasSize(1);
        connect(1, (task, service) -> service.complete(task));
        Thread.sleep(500); // the fetch found the task locked by the other worker and waits
        long startedAt = System.nanoTime();
        engine.getExternalTaskService().unlock(elsewhere.get(0).getId());

        ended(instance);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isLessThan(IDLE.toMillis() / 2);
    }

    @Test
    void itLocksNoMoreTasksThanTheLaneHasFreeThreads() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        connect(1, (task, service) -> {
            running.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            service.complete(task);
        });
        List<ProcessInstance> instances = List.of(start(Map.of()), start(Map.of()), start(Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(running::get, n -> n == 1);

        long locked = engine.getExternalTaskService().createExternalTaskQuery().topicName(TOPIC).locked().count();
        release.countDown();
        instances.forEach(EngineApiTaskTransportTest::ended);

        assertThat(locked).as("one thread, one task locked; the others wait unlocked for any worker").isEqualTo(1);
        assertThat(running).hasValue(3);
    }

    @Test
    void afterStopNothingMoreIsFetched() {
        AtomicInteger handled = new AtomicInteger();
        connect(1, (task, service) -> {
            handled.incrementAndGet();
            service.complete(task);
        });
        connection.stop();
        connection = null;
        ProcessInstance instance = start(Map.of());

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 0);
        assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(instance.getId())
                .notLocked().count()).isEqualTo(1);
        engine.getRuntimeService().deleteProcessInstance(instance.getId(), "test finished");
    }

    private static ExternalTaskTopic topic(String... variables) {
        return new ExternalTaskTopic() {
            @Override
            public String value() {
                return TOPIC;
            }

            @Override
            public long lockDuration() {
                return 30_000;
            }

            @Override
            public WorkerLane lane() {
                return WorkerLane.REGISTRY;
            }

            @Override
            public String[] variables() {
                return variables;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ExternalTaskTopic.class;
            }
        };
    }
}
