package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.MjpkiApplication;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one server every end-to-end test runs against: the whole application on a throwaway PostgreSQL, on a
 * fixed free port. Every end-to-end test class extends this and declares no configuration of its own, so they
 * all share one Spring test context (the context cache key includes the {@code @DynamicPropertySource}
 * methods: a second one, even with the same content, would start a second server on the same port).
 *
 * <p>Also the shared helpers: clients for the app API (as the app) and the operator REST endpoints, polling with
 * a deadline (never a fixed sleep), and read-outs of the registry, the CA, the phone and Camunda history.
 */
@SpringBootTest(classes = MjpkiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
// metrics export as in production (Spring Boot's tests leave it off unless asked): /actuator/prometheus is tested
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
public abstract class EndToEndOnPostgres {

    /** How long any one wait for the server may take before the test fails. */
    protected static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(50);

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        ServerOnPostgres.register(registry);
    }

    @Autowired protected CredentialRegistry registry;
    @Autowired protected CertificateAuthority ca;
    @Autowired protected SimulatedWorld world;
    @Autowired protected RuntimeService runtime;
    @Autowired protected HistoryService history;
    @Autowired protected ManagementService management;
    @Autowired protected ExternalTaskService externalTasks;
    @Autowired protected DataSource dataSource;

    @Value("${mjpki.identity.app-user}") private String appUser;
    @Value("${mjpki.identity.app-password}") private String appPassword;
    @Value("${camunda.bpm.admin-user.id}") private String operatorUser;
    @Value("${camunda.bpm.admin-user.password}") private String operatorPassword;

    /** The app API as the Mynaportal app calls it. */
    /** The app API as the simulated app instance calls it: with the capabilities of the operations it started. */
    protected RestClientForTests app() {
        return RestClientForTests.appInstance(ServerOnPostgres.baseUrl(), appUser, appPassword,
                path -> world.app().api().capabilityFor(path));
    }

    /** The app API as another app instance, with the same app credentials, calls it: it holds no capability. */
    protected RestClientForTests anotherAppInstance() {
        return new RestClientForTests(ServerOnPostgres.baseUrl(), appUser, appPassword);
    }

    /**
     * An operator's REST call. Camunda briefly locks a user after a wrong password (another test checks that a
     * wrong password is refused), so a 401 is asked again until the deadline.
     */
    protected RestClientForTests.Response asOperator(String method, String path, String json) {
        RestClientForTests operator = new RestClientForTests(ServerOnPostgres.baseUrl(), operatorUser, operatorPassword);
        return poll("operator call " + method + " " + path + " accepted", () -> operator.send(method, path, json),
                r -> r.status() != 401);
    }

    protected JdbcTemplate sql() {
        return new JdbcTemplate(dataSource);
    }

    // --- the holder's view: the app-status API

    /** Where the application stands, as the app API tells the holder; never a Camunda id. */
    protected JsonNode appStatus(String applicationId) {
        RestClientForTests.Response response = app().get("/api/v1/applications/" + applicationId);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.raw()).as("the app status speaks the holder's terms, not the model's")
                .doesNotContain("Task_", "EndEvent_", "Gateway_", "SubProcess_", "Timer_", "Boundary");
        assertThat(response.body().path("applicationId").asText()).isEqualTo(applicationId);
        return response.body();
    }

    protected JsonNode awaitAppStatus(String applicationId, String what, Predicate<JsonNode> condition) {
        return poll("application " + applicationId + " " + what, () -> appStatus(applicationId), condition);
    }

    protected JsonNode awaitOutcome(String applicationId) {
        return awaitAppStatus(applicationId, "finished", s -> List.of("COMPLETED", "REFUSED", "CANCELLED")
                .contains(s.path("stage").asText()));
    }

    protected static void assertStatus(JsonNode status, String stage, String reason) {
        assertThat(status.path("stage").asText()).as(status.toString()).isEqualTo(stage);
        assertThat(status.path("reason").isNull() ? null : status.path("reason").asText()).as(status.toString()).isEqualTo(reason);
        assertThat(status.path("delayed").asBoolean()).as(status.toString()).isFalse();
    }

    // --- Camunda

    protected ProcessInstance runningInstance(String applicationId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(IssuanceProcess.PROCESS_KEY)
                .processInstanceBusinessKey(applicationId).singleResult();
    }

    protected HistoricProcessInstance historicInstance(String applicationId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(IssuanceProcess.PROCESS_KEY)
                .processInstanceBusinessKey(applicationId).singleResult();
    }

    /** Waits for the application's process to end, then checks it ended in {@code endEventId}, with no incident ever. */
    /** End events of embedded sub-processes that only hand back to their parent: not an outcome of the case. */
    public static final java.util.Set<String> INNER_END_EVENTS = java.util.Set.of(
            IssuanceProcess.Elements.END_EVENT_CREDENTIAL_SET_PERSONALIZED,
            IssuanceProcess.Elements.END_EVENT_ISSUED_CERTIFICATES_REVOKED);

    protected HistoricProcessInstance assertEndedIn(String applicationId, String endEventId) {
        HistoricProcessInstance instance = poll("process of " + applicationId + " ended",
                () -> historicInstance(applicationId), i -> i != null && i.getEndTime() != null);
        assertThat(instance.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        // read the activity history: for an instance that ends in an event sub-process the engine records the
        // sub-process, not its end event, as the instance's end activity
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityType(ActivityTypes.END_EVENT_NONE).finished().list())
                .as("the end events reached").extracting(HistoricActivityInstance::getActivityId)
                .filteredOn(id -> !INNER_END_EVENTS.contains(id)).containsExactly(endEventId);
        assertThat(history.createHistoricIncidentQuery().processInstanceId(instance.getId()).count())
                .as("a business outcome is never an incident").isZero();
        return instance;
    }

    protected Object historicVariable(String processInstanceId, String name) {
        var variables = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName(name).list();
        assertThat(variables.stream().map(v -> v.getValue()).distinct().count()).as(name + " has one value").isLessThanOrEqualTo(1);
        return variables.isEmpty() ? null : variables.get(0).getValue();
    }

    protected boolean visited(String processInstanceId, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId(activityId).count() > 0;
    }

    // --- registry and CA

    protected Optional<CertificateStatus> caStatus(String applicationId, KeyRole role) {
        return registry.key(registry.setOfApplication(applicationId).orElseThrow().credentialSetId(), role).filter(k -> k.serial() != null)
                .map(k -> ca.status(new CertificateRef(IssuingCa.valueOf(k.issuingCa()), k.serial())));
    }

    protected List<CredentialKey> keysWithCertificates(String applicationId) {
        return java.util.Arrays.stream(KeyRole.values()).map(r -> registry.key(registry.setOfApplication(applicationId).orElseThrow().credentialSetId(), r))
                .flatMap(Optional::stream).filter(k -> k.serial() != null).toList();
    }

    /** Smartphone certificates the CA ever issued to this holder, by its own records. */
    protected long smartphoneCertificatesIssuedTo(String holderRef) {
        return sql().queryForObject("select count(*) from ca.certificate where holder_ref = ? and medium = 'SMARTPHONE'",
                Long.class, holderRef);
    }

    protected long applicationsReceived() {
        return sql().queryForObject("select count(*) from registry.application", Long.class);
    }

    protected long issuanceInstances() {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(IssuanceProcess.PROCESS_KEY).count();
    }

    /** Nothing reserved for the holder, nothing issued to them, no applet on the phone. */
    protected void assertNothingReservedOrIssued(String applicationId, SimulatedHolder holder) {
        String holderRef = holder.card().holder().holderRef();
        assertThat(registry.setOfApplication(applicationId)).as("no slot reserved").isEmpty();
        assertThat(registry.liveSetOf(holderRef)).isEmpty();
        assertThat(smartphoneCertificatesIssuedTo(holderRef)).as("no smartphone certificate issued").isZero();
        assertThat(holder.phone().appletInstalled()).as("no applet on the phone").isFalse();
    }

    // --- the simulated world

    protected SimulatedHolder newHolder() {
        return world.newHolder(DeviceFacts.eligibleDefault());
    }

    protected Instant deadline() {
        return Instant.now().plus(DEADLINE);
    }

    /** Asks {@code probe} until {@code done} holds, for at most {@link #DEADLINE}; fails saying what was awaited. */
    protected static <T> T poll(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for: " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
            last = probe.get();
        }
        return last;
    }
}
