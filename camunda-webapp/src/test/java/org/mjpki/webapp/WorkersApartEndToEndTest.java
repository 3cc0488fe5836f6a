package org.mjpki.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mjpki.MjpkiApplication;
import org.mjpki.MjpkiWorkersApplication;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp.PreparedApplication;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.tsm.RelaySessions;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.mjpki.workers.runtime.WorkerRuntime;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * The workers in a process of their own (ADR 0013): a server with its workers switched off, and the workers
 * application pointed at it over HTTP — the engine REST API, and the simulated SEI-TSM, TSM relay and push service
 * at /outside — sharing its PostgreSQL database (a database of its own, so that no other test's server could
 * take these tasks) and its data folder. Both run in this JVM, but meet only over HTTP and the database.
 */
class WorkersApartEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static ConfigurableApplicationContext server;
    private static ConfigurableApplicationContext workers;
    private static String baseUrl;

    @BeforeAll
    static void startServerThenWorkers() throws IOException {
        PostgresTestDatabase database = PostgresTestDatabase.fresh();
        List<String> shared = new ArrayList<>();
        PostgresTestProperties.of(database).forEach((k, v) -> shared.add("--" + k + "=" + v));
        Path dataDir = Files.createTempDirectory("mjpki-apart-data");
        shared.add("--mjpki.data-dir=" + dataDir);
        int port = ServerOnPostgres.freePort();
        baseUrl = "http://localhost:" + port;

        List<String> serverArgs = new ArrayList<>(shared);
        serverArgs.add("--server.port=" + port);
        serverArgs.add("--mjpki.workers.client.enabled=false");
        server = SpringApplication.run(MjpkiApplication.class, serverArgs.toArray(String[]::new));

        List<String> workersArgs = new ArrayList<>(shared);
        workersArgs.add("--mjpki.server-url=" + baseUrl);
        workers = MjpkiWorkersApplication.run(workersArgs.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (workers != null) {
            workers.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachProcessRunsOnlyItsOwnHalf() {
        assertThat(server.getBeanProvider(WorkerRuntime.class).getIfAvailable()).as("no workers in the server").isNull();
        assertThat(workers.getBeanProvider(WorkerRuntime.class).getIfAvailable()).isNotNull()
                .satisfies(runtime -> assertThat(runtime.transport().name()).as("apart, the REST API (ADR 0031)").isEqualTo("rest"));
        assertThat(workers.getBeanProvider(ProcessEngine.class).getIfAvailable()).as("no engine in the workers").isNull();
        assertThat(workers.getBeanProvider(SimulatedWorld.class).getIfAvailable()).as("no simulators in the workers").isNull();
        assertThat(workers).as("the workers serve nothing over HTTP").isNotInstanceOf(WebApplicationContext.class);
        assertThat(MjpkiWorkersApplication.class).as("the server's component scan must not find it")
                .satisfies(c -> assertThat(server.getBeanNamesForType(c)).isEmpty());
    }

    @Test
    void issuesASetWithEveryStepDoneByTheWorkersApart() throws Exception {
        SimulatedHolder holder = world().newHolder(DeviceFacts.eligibleDefault());
        ApplicationStatus status = world().app().issue(holder, DEADLINE);
        assertThat(status.stage()).as(status.toString()).isEqualTo("COMPLETED");

        String applicationId = status.applicationId();
        assertEndedIn(applicationId, IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE);
        assertThat(server.getBean(CredentialRegistry.class).setOfApplication(applicationId).orElseThrow().state())
                .isEqualTo(CredentialState.ACTIVE);
        assertThat(holder.phone().inbox()).as("pushed over HTTP, once").containsExactly(HolderNotification.ISSUANCE_COMPLETED);
        for (AppletKey role : AppletKey.values()) {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            java.security.cert.X509Certificate certificate = holder.phone().withLocalApplet(t -> {
                org.mjpki.applet.client.JpkiAppletClient applet = new org.mjpki.applet.client.JpkiAppletClient(t);
                applet.select();
                try {
                    return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(new java.io.ByteArrayInputStream(applet.readCertificate(role)));
                } catch (java.security.cert.CertificateException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(server.getBean(CertificateAuthority.class).caCertificates())
                    .as(role + " certificate chains to the CA").anySatisfy(ca -> {
                        assertThat(ca.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
                        certificate.verify(ca.getPublicKey());
                    });
            assertThat(world().app().sign(holder, role, challenge).verify(certificate.getPublicKey(), challenge))
                    .as(role + " key in the applet matches its certificate").isTrue();
        }
    }

    @Test
    void aPhoneOfflineAtInstallIsWaitedForAndTheIssuanceResumesOnceItIsBack() {
        SimulatedHolder holder = world().newHolder(DeviceFacts.eligibleDefault());
        PreparedApplication application = world().app().prepare(holder);
        holder.phone().setOnline(false);
        String applicationId = world().app().submit(application).applicationId();

        // the TSM's 503 reached the worker as "phone unreachable": the task is handed back, no retry used
        ExternalTaskService externalTasks = server.getBean(ExternalTaskService.class);
        ProcessInstance instance = poll("process started", () -> server.getBean(RuntimeService.class)
                .createProcessInstanceQuery().processInstanceBusinessKey(applicationId).singleResult());
        ExternalTask install = poll("the install step waits for the phone", () -> {
            ExternalTask t = externalTasks.createExternalTaskQuery().processInstanceId(instance.getId())
                    .topicName(Topics.INSTALL_APPLET).singleResult();
            return t != null && t.getErrorMessage() != null ? t : null;
        });
        assertThat(install.getErrorMessage()).startsWith("Waiting for the phone");
        assertThat(server.getBean(RuntimeService.class).createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();

        holder.phone().setOnline(true);
        externalTasks.unlock(install.getId()); // past the worker's 30 s wait for an unreachable phone
        ApplicationStatus done = world().app().complete(holder, applicationId, Instant.now().plus(DEADLINE));
        assertThat(done.stage()).isEqualTo("COMPLETED");
        assertEndedIn(applicationId, IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE);
    }

    @Test
    void aRootedPhoneIsRefusedByTheAttestationKeyTheWorkersReadFromTheDataFolder() {
        SimulatedHolder holder = world().newHolder(new DeviceFacts("SimPhone", "SP-100", 14, "GP-SE-JAVACARD", true));
        ApplicationStatus status = world().app().issue(holder, DEADLINE);
        assertThat(status.stage()).isEqualTo("REFUSED");
        assertThat(status.reason()).isEqualTo("DEVICE_INTEGRITY_FAILED");
        assertEndedIn(status.applicationId(), IssuanceProcess.Elements.END_EVENT_DEVICE_INTEGRITY_FAILED);
    }

    @Test
    void theOutsideSystemsAreForTheWorkersOnly() throws Exception {
        String workerUser = server.getEnvironment().getProperty("mjpki.identity.worker-user");
        String workerPassword = server.getEnvironment().getProperty("mjpki.identity.worker-password");
        String appUser = server.getEnvironment().getProperty("mjpki.identity.app-user");
        String appPassword = server.getEnvironment().getProperty("mjpki.identity.app-password");
        String push = "{\"notificationId\":\"n-1\",\"seId\":\"SE-X\",\"notification\":\"ISSUANCE_COMPLETED\"}";

        assertThat(send(null, null, "POST", "/outside/push/notifications", "application/json", push).statusCode()).isEqualTo(401);
        assertThat(send(appUser, appPassword, "POST", "/outside/push/notifications", "application/json", push).statusCode())
                .as("the app may not play the TSM").isEqualTo(403);
        assertThat(send("demo", "demo", "POST", "/outside/push/notifications", "application/json", push).statusCode())
                .as("nor may an operator").isEqualTo(403);

        // bad input from the other side gets a clear error and changes nothing
        HttpResponse<String> unknownKind = send(workerUser, workerPassword, "POST", "/outside/push/notifications",
                "application/json", push.replace("ISSUANCE_COMPLETED", "FORMAT_THE_PHONE"));
        assertThat(unknownKind.statusCode()).isEqualTo(400);
        assertThat(unknownKind.body()).contains("invalid_request");
        assertThat(send(workerUser, workerPassword, "POST", "/outside/relay/sessions/0123456789abcdef/apdus",
                "application/octet-stream", "\u0000\u00a4\u0004\u0000").statusCode()).as("no such session").isEqualTo(404);
        assertThat(send(workerUser, workerPassword, "POST", "/outside/relay/sessions/0123456789abcdef/apdus",
                "application/octet-stream", "\u0000").body()).as("too short for an APDU").contains("invalid_request");
        assertThat(send(workerUser, workerPassword, "POST", "/outside/relay/secure-elements/SE-NOBODY/sessions",
                null, null).statusCode()).isEqualTo(404);
        assertThat(server.getBean(RelaySessions.class).openSessions()).isZero();
    }

    // --- helpers

    private static SimulatedWorld world() {
        return server.getBean(SimulatedWorld.class);
    }

    private static void assertEndedIn(String applicationId, String endEventId) {
        HistoryService history = server.getBean(HistoryService.class);
        HistoricProcessInstance instance = poll("process of " + applicationId + " ended", () -> {
            HistoricProcessInstance i = history.createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(applicationId).singleResult();
            return i != null && i.getEndTime() != null ? i : null;
        });
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityType("noneEndEvent").list()).extracting(a -> a.getActivityId())
                .filteredOn(id -> !org.mjpki.webapp.issuance.EndToEndOnPostgres.INNER_END_EVENTS.contains(id)).containsExactly(endEventId);
        assertThat(history.createHistoricIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    private static HttpResponse<String> send(String user, String password, String method, String path,
                                             String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1)));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T poll(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(DEADLINE);
        for (T value = probe.get(); ; value = probe.get()) {
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
