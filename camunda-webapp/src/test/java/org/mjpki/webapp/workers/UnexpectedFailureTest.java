package org.mjpki.webapp.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mjpki.webapp.workers.WorkerCalls.task;
import static org.mjpki.webapp.workers.WorkerCalls.terminalCalls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialState;
import org.mjpki.webapp.workers.WorkerCalls.Failure;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.support.MjpkiWorker;
import org.mjpki.workers.support.RetryPolicy;
import org.springframework.aop.support.AopUtils;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Issue 5, unexpected exceptions: every worker bean of the server ends a task that blows up inside it in
 * {@code handleFailure}, with the retries counted down and an incident message that names the application and
 * the step, never by letting the exception escape to the external task client (which would only log it), never
 * by {@code complete} and never by {@code handleBpmnError}. And once for real: a worker failing in the running
 * server until its retries run out leaves a Camunda incident that starts with "Issuance &lt;id&gt;:".
 */
class UnexpectedFailureTest extends EndToEndOnPostgres {

    /** What the incident message calls each step (the role-dependent ones with keyRole SIGNING). */
    private static final Map<String, String> STEP = Map.ofEntries(
            Map.entry(Topics.VERIFY_APPLICATION, "verify the card-signed application"),
            Map.entry(Topics.VERIFY_DEVICE_ATTESTATION, "verify the phone's integrity attestation"),
            Map.entry(Topics.RESERVE_SLOT, "reserve the holder's credential slot"),
            Map.entry(Topics.RELEASE_SLOT, "release the holder's credential slot"),
            Map.entry(Topics.INSTALL_APPLET, "install the JPKI applet through the SEI-TSM"),
            Map.entry(Topics.DELETE_APPLET, "delete the JPKI applet through the SEI-TSM"),
            Map.entry(Topics.GENERATE_KEY_PAIR, "generate the SIGNING key pair on the phone's secure element"),
            Map.entry(Topics.ISSUE_CERTIFICATE, "issue the SIGNING certificate at the CA"),
            Map.entry(Topics.REVOKE_CERTIFICATE, "revoke the SIGNING certificate at the CA"),
            Map.entry(Topics.STORE_CERTIFICATE, "store the SIGNING certificate on the phone"),
            Map.entry(Topics.VERIFY_OPERATION_CHECK, "verify the operation check signatures"),
            Map.entry(Topics.CHECK_PERSONALIZATION_DEADLINE, "check the personalization deadline"),
            Map.entry(Topics.ACTIVATE_CREDENTIAL, "activate the smartphone credential"),
            Map.entry(Topics.NOTIFY_HOLDER, "notify the holder's phone"),
            Map.entry(Topics.REVOKE_CREDENTIAL_SET, "record the credential set revoked in the registry"),
            Map.entry(Topics.RECORD_APPLET_LEFT_ON_PHONE, "record the applet as left on the phone"),
            Map.entry(Topics.TAKE_SET_TO_REPLACE, "take the holder's set to replace"),
            Map.entry(Topics.TAKE_SET_TO_REVOKE, "take the credential set to revoke it"),
            Map.entry(Topics.PLACE_SET_ON_HOLD, "record the credential set on hold"),
            Map.entry(Topics.HOLD_CERTIFICATE, "put the SIGNING certificate on hold at the CA"),
            Map.entry(Topics.RELEASE_CERTIFICATE_HOLD, "lift the hold of the SIGNING certificate at the CA"),
            Map.entry(Topics.RELEASE_SET_HOLD, "record the credential set active again"),
            Map.entry(Topics.GENERATE_REPLACEMENT_KEY_PAIR, "generate a replacement SIGNING key pair on the phone's secure element"),
            Map.entry(Topics.ISSUE_REPLACEMENT_CERTIFICATE, "certify the replacement SIGNING key at the CA"),
            Map.entry(Topics.STORE_REPLACEMENT_CERTIFICATE, "store the replacement SIGNING certificate on the phone"),
            Map.entry(Topics.COMPLETE_KEY_REPLACEMENT, "record the re-issued SIGNING key"),
            Map.entry(Topics.ABANDON_KEY_REPLACEMENT, "drop the unfinished SIGNING replacement"),
            Map.entry(Topics.VERIFY_KEY_CHECK, "verify the holder's check signature with the re-issued SIGNING key"),
            Map.entry(Topics.RELEASE_SECRET_LOCK, "release the password or PIN lock on the phone"),
            Map.entry(Topics.DETECT_REVOKED_LINKS, "find phone certificates whose card certificate is revoked"),
            Map.entry(Topics.ASSESS_DUE_REVOCATIONS, "count the revocations past the grace period"),
            Map.entry(Topics.CONFIRM_LARGE_SWEEP, "have an operator confirm the large sweep"),
            Map.entry(Topics.REVOKE_DUE_BATCH, "revoke the next batch of linked revocations"));

    /**
     * The sweep's topics work on every link, not on one case: a case id the database refuses does not reach them. Their
     * failing dependency is the registry itself ({@link #sweepWorkersWhoseRegistryFailsEndInAFailureWithRetriesCountedDown});
     * the safety valve is an incident at once by design ({@link #theSafetyValveIsAnIncidentAtOnceThatSaysWhatToDecide}).
     */
    private static final List<String> SWEEP = List.of(Topics.DETECT_REVOKED_LINKS, Topics.ASSESS_DUE_REVOCATIONS,
            Topics.CONFIRM_LARGE_SWEEP, Topics.REVOKE_DUE_BATCH);

    /**
     * Topics whose step cannot even start for an application the registry does not know. The others meet an
     * unknown application differently, by design: the compensations (release slot, delete applet, revoke
     * certificate) have nothing to undo and complete, and the operation check finds no challenge handed out,
     * a modelled rollback. They are covered by the failing-dependency case below.
     */
    private static final List<String> NEED_A_KNOWN_APPLICATION = List.of(Topics.VERIFY_APPLICATION,
            Topics.VERIFY_DEVICE_ATTESTATION, Topics.RESERVE_SLOT, Topics.INSTALL_APPLET, Topics.GENERATE_KEY_PAIR,
            Topics.ISSUE_CERTIFICATE, Topics.STORE_CERTIFICATE, Topics.ACTIVATE_CREDENTIAL, Topics.NOTIFY_HOLDER,
            Topics.TAKE_SET_TO_REPLACE);

    private static final int RETRIES = RetryPolicy.DEFAULT.retries();

    @Autowired ApplicationContext context;

    /** Every worker bean in the server, by the topic of its subscription. */
    private Map<String, MjpkiWorker> workersByTopic() {
        Map<String, MjpkiWorker> byTopic = new java.util.TreeMap<>();
        for (MjpkiWorker worker : context.getBeansOfType(MjpkiWorker.class).values()) {
            ExternalTaskTopic subscription = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(worker),
                    ExternalTaskTopic.class);
            assertThat(subscription).as("%s subscribes to a topic", worker.getClass().getSimpleName()).isNotNull();
            MjpkiWorker other = byTopic.put(subscription.value(), worker);
            assertThat(other).as("one worker per topic %s", subscription.value()).isNull();
        }
        return byTopic;
    }

    @Test
    void everyTopicOfTheProcessHasExactlyOneWorkerBean() {
        assertThat(workersByTopic().keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(STEP.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    /**
     * The registry's database refuses the lookup (PostgreSQL rejects a NUL character in text, so every
     * query for this application id throws): every worker's first dependency fails.
     */
    @TestFactory
    Stream<DynamicTest> aDependencyThatThrowsEndsInAFailureWithRetriesCountedDown() {
        return workersByTopic().entrySet().stream().filter(e -> !SWEEP.contains(e.getKey())).map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertFailsAsAnIncidentWould(e.getKey(), e.getValue(), () -> "APP-\u0000" + UUID.randomUUID())));
    }

    @TestFactory
    Stream<DynamicTest> anUnknownApplicationEndsInAFailureWithRetriesCountedDown() {
        Map<String, MjpkiWorker> workers = workersByTopic();
        return NEED_A_KNOWN_APPLICATION.stream().map(topic -> DynamicTest.dynamicTest(topic, () ->
                assertFailsAsAnIncidentWould(topic, workers.get(topic), () -> "APP-unknown-" + UUID.randomUUID())));
    }

    @Autowired org.springframework.transaction.PlatformTransactionManager transactionsForSweep;
    @Autowired org.mjpki.ca.CertificateAuthority caForSweep;

    /** The sweep's use case over a registry whose every query fails with what {@code failure} makes. */
    private org.mjpki.linked.LinkedRevocations sweepOnAFailingDatabase(Supplier<RuntimeException> failure) {
        java.lang.reflect.InvocationHandler down = (proxy, method, args) -> {
            throw failure.get();
        };
        var ledger = new org.mjpki.registry.linked.LinkedRevocationLedger((org.mjpki.registry.persistence.LinkedRevocationMapper)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.mjpki.registry.persistence.LinkedRevocationMapper.class}, down));
        var queue = new org.mjpki.registry.followup.HolderFollowUpQueue((org.mjpki.registry.persistence.HolderFollowUpMapper)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.mjpki.registry.persistence.HolderFollowUpMapper.class}, down), java.time.Clock.systemUTC());
        org.mjpki.linked.CardRevocationFeed feed = new org.mjpki.linked.CardRevocationFeed() {
            @Override
            public String name() {
                return "down";
            }

            @Override
            public long recordNewlyRevokedLinks(Instant foundAt) {
                throw failure.get();
            }
        };
        var batches = new org.mjpki.registry.linked.LinkedRevocationBatches((org.mjpki.registry.persistence.LinkedRevocationBatchMapper)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.mjpki.registry.persistence.LinkedRevocationBatchMapper.class}, down),
                transactionsForSweep, java.time.Clock.systemUTC());
        return new org.mjpki.linked.LinkedRevocations(feed, ledger, queue, batches, caForSweep,
                org.mjpki.linked.LinkedRevocationPolicy.DEFAULT, java.time.Clock.systemUTC());
    }

    private static Map<String, MjpkiWorker> sweepWorkers(org.mjpki.linked.LinkedRevocations sweep) {
        return Map.of(
                Topics.DETECT_REVOKED_LINKS, new org.mjpki.workers.sweep.DetectRevokedLinksWorker(sweep),
                Topics.ASSESS_DUE_REVOCATIONS, new org.mjpki.workers.sweep.AssessDueRevocationsWorker(sweep),
                Topics.REVOKE_DUE_BATCH, new org.mjpki.workers.sweep.RevokeDueBatchWorker(sweep));
    }

    /** The database answers but refuses every statement (a broken schema after a bad migration): a failure to count. */
    @TestFactory
    Stream<DynamicTest> sweepWorkersWhoseRegistryFailsEndInAFailureWithRetriesCountedDown() {
        Map<String, MjpkiWorker> workers = sweepWorkers(sweepOnAFailingDatabase(() ->
                new org.springframework.jdbc.BadSqlGrammarException("sweep", "select", new java.sql.SQLException(
                        "relation \"linked_revocation\" does not exist", "42P01"))));
        return workers.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            assertFailsAsAnIncidentWould(e.getKey(), e.getValue(), () -> "APP-sweep-" + UUID.randomUUID());
            assertThat(failOnce(e.getKey(), e.getValue(), "APP-sweep-" + UUID.randomUUID(), null).message())
                    .as("failed for the refused statement, not for a missing input").contains("BadSqlGrammarException");
        }));
    }

    /**
     * The database cannot be reached (restarting, failing over: issue 16, ADR 0029): nothing was done, so nothing is
     * counted; the task waits the database's wait and is tried again, without an incident however long it lasts.
     */
    @TestFactory
    Stream<DynamicTest> sweepWorkersWhoseDatabaseIsAwayWaitWithoutCountingRetries() {
        Map<String, MjpkiWorker> workers = sweepWorkers(sweepOnAFailingDatabase(() ->
                new org.springframework.dao.DataAccessResourceFailureException("the database is down")));
        return workers.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            for (Integer retries : new Integer[] {null, 1}) {
                Failure waited = failOnce(e.getKey(), e.getValue(), "APP-sweep-" + UUID.randomUUID(), retries);
                assertThat(waited.retries()).as("%s keeps its retries: %s", e.getKey(), waited.message()).isEqualTo(retries == null ? RETRIES : retries);
                assertThat(waited.retryTimeout()).isEqualTo(MjpkiWorker.Waits.DEFAULT.database().toMillis());
                assertThat(waited.message()).startsWith("Waiting for the database: ").hasSizeLessThan(666);
            }
        }));
    }

    @Test
    void theSafetyValveIsAnIncidentAtOnceThatSaysWhatToDecide() {
        MjpkiWorker valve = workersByTopic().get(Topics.CONFIRM_LARGE_SWEEP);
        ExternalTask task = task(Topics.CONFIRM_LARGE_SWEEP, "sweep-1", "SIGNING", null);
        org.mockito.Mockito.doReturn(120_000L).when(task).getVariable("dueCertificates");
        org.mockito.Mockito.doReturn(110_000L).when(task).getVariable("dueSets");
        org.mockito.Mockito.doReturn(10_000_000L).when(task).getVariable("liveSets");
        ExternalTaskService service = WorkerCalls.service();
        valve.execute(task, service);
        assertThat(terminalCalls(service)).containsExactly("handleFailure");
        Failure failure = WorkerCalls.onlyFailure(service);
        assertThat(failure.retries()).as("no automatic retries: a person decides").isZero();
        assertThat(failure.message()).contains("would revoke 120000 phone certificates of 110000 sets, 1.10 % of the 10000000 live sets")
                .contains("sweepDecision").contains("REVOKE").contains("CANCEL").hasSizeLessThan(666);
    }

    private static void assertFailsAsAnIncidentWould(String topic, MjpkiWorker worker, Supplier<String> applicationIds) {
        // first failure: the engine reports no retries yet
        String applicationId = applicationIds.get();
        Failure first = failOnce(topic, worker, applicationId, null);
        assertThat(first.retries()).isEqualTo(RETRIES - 1);
        assertThat(first.retryTimeout()).isEqualTo(RetryPolicy.DEFAULT.backoffMillis(RETRIES - 1)).isPositive();
        assertThat(first.message())
                .startsWith("Issuance " + applicationId + ": " + STEP.get(topic) + " failed: ")
                .contains("Retrying automatically (" + (RETRIES - 1) + " left)")
                .hasSizeLessThan(666);
        assertThat(first.details()).as("the stack trace goes to the incident's details").isNotBlank();

        // the last retry: none left, the engine raises an incident
        Failure last = failOnce(topic, worker, applicationId, 1);
        assertThat(last.retries()).isZero();
        assertThat(last.message()).startsWith("Issuance " + applicationId + ": " + STEP.get(topic) + " failed: ")
                .contains("Retries used up").hasSizeLessThan(666);
    }

    private static Failure failOnce(String topic, MjpkiWorker worker, String applicationId, Integer retries) {
        ExternalTask task = task(topic, applicationId, "SIGNING", retries);
        // the sweep's batch step reads the sweep's cut-off before it reaches the database
        org.mockito.Mockito.doReturn(Instant.now().toString()).when(task).getVariable("dueBefore");
        ExternalTaskService service = WorkerCalls.service();
        assertThatCode(() -> worker.execute(task, service)).as("nothing escapes %s", topic).doesNotThrowAnyException();
        assertThat(terminalCalls(service)).as("%s ends in handleFailure only: no complete, no BPMN error", topic)
                .containsExactly("handleFailure");
        return WorkerCalls.onlyFailure(service);
    }

    /** A missing device eligibility decision is a failure to look into, never read as "biometrics allowed" (R7). */
    @Test
    void activationWithoutTheBiometricsDecisionFailsInsteadOfGuessing() {
        IssuanceSteps.Application a = new IssuanceSteps(context).personalized();
        ExternalTaskService service = WorkerCalls.service();

        workersByTopic().get(Topics.ACTIVATE_CREDENTIAL).execute(task(Topics.ACTIVATE_CREDENTIAL, a.id(), null, null), service);

        assertThat(terminalCalls(service)).containsExactly("handleFailure");
        assertThat(WorkerCalls.onlyFailure(service).message()).contains(Variables.BIOMETRICS_ALLOWED);
        assertThat(registry.setOfApplication(a.id()).orElseThrow().state()).isEqualTo(CredentialState.PERSONALIZING);
        assertThat(registry.setOfApplication(a.id()).orElseThrow().biometricsAllowed()).isNull();
    }

    /**
     * For real: an issuance started for an application the registry never received fails in the server's own
     * verify-application worker. After the first real failure the operator's API shortens the wait (retries set
     * to 1 and the task unlocked, so the test need not sit through the backoff); the next real failure uses up the
     * retries and the engine raises an incident whose message leads with the application.
     */
    @Test
    void aWorkerFailingInTheRunningServerEndsInAnIncidentThatNamesTheApplication() {
        String applicationId = "APP-unknown-" + UUID.randomUUID();
        ProcessInstance instance = runtime.createProcessInstanceByKey(IssuanceProcess.PROCESS_KEY)
                .businessKey(applicationId)
                .setVariables(Map.of(Variables.APPLICATION_ID, applicationId, Variables.SE_ID, "SE-NONE"))
                .execute();
        try {
            org.camunda.bpm.engine.externaltask.ExternalTask failedOnce = await("the first real failure", () -> {
                org.camunda.bpm.engine.externaltask.ExternalTask t = externalTasks.createExternalTaskQuery()
                        .processInstanceId(instance.getId()).singleResult();
                return t != null && t.getRetries() != null && t.getRetries() == RETRIES - 1 ? t : null;
            });
            assertThat(failedOnce.getTopicName()).isEqualTo(Topics.VERIFY_APPLICATION);
            assertThat(failedOnce.getErrorMessage()).startsWith("Issuance " + applicationId + ": ");

            externalTasks.setRetries(failedOnce.getId(), 1);
            externalTasks.unlock(failedOnce.getId());

            Incident incident = await("the incident", () -> runtime.createIncidentQuery()
                    .processInstanceId(instance.getId()).singleResult());
            assertThat(incident.getIncidentType()).isEqualTo(Incident.EXTERNAL_TASK_HANDLER_TYPE);
            assertThat(incident.getIncidentMessage())
                    .startsWith("Issuance " + applicationId + ": verify the card-signed application failed: ")
                    .contains("Retries used up");
            assertThat(externalTasks.createExternalTaskQuery().processInstanceId(instance.getId()).singleResult()
                    .getRetries()).isZero();
        } finally {
            runtime.deleteProcessInstance(instance.getId(), "test finished", true, true);
        }
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
