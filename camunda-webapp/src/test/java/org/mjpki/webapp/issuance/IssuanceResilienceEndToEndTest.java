package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_ALREADY_ISSUED;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.Topics;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp.PreparedApplication;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.timing.PhoneLatency;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.workers.support.RetryPolicy;

/** Issuance under the outside world's real conditions: phones that drop off the network (R12), and races (R2). */
class IssuanceResilienceEndToEndTest extends EndToEndOnPostgres {

    @Test
    void phoneThatGoesOfflineMidIssuanceResumesWhereItStoppedOnceBack() {
        SimulatedHolder holder = newHolder();
        String seId = holder.phone().seId();
        PreparedApplication application = world.app().prepare(holder);
        // the phone loses its network as the app sends the application (taken offline just before the send,
        // so the applet installation is certain to find it unreachable)
        setOnline(seId, false);
        String applicationId = world.app().submit(application).applicationId();

        ProcessInstance instance = poll("process started", () -> runningInstance(applicationId), i -> i != null);
        ExternalTask install = poll("the install step found the phone unreachable",
                () -> externalTasks.createExternalTaskQuery().processInstanceId(instance.getId())
                        .topicName(Topics.INSTALL_APPLET).singleResult(),
                t -> t != null && t.getErrorMessage() != null);
        // handed back without using up retries: no incident, nothing for an operator to do
        assertThat(install.getErrorMessage()).startsWith("Waiting for the phone");
        assertThat(install.getRetries()).isEqualTo(RetryPolicy.DEFAULT.retries());
        assertThat(runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
        JsonNode waiting = appStatus(applicationId);
        assertThat(waiting.path("stage").asText()).isEqualTo("INSTALLING_APPLET");
        assertThat(waiting.path("delayed").asBoolean()).as("a phone out of reach is not a technical problem").isFalse();
        assertThat(registry.setOfApplication(applicationId).orElseThrow().state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.setOfApplication(applicationId).orElseThrow().appletState()).isEqualTo(AppletState.NONE);
        assertThat(holder.phone().appletInstalled()).isFalse();

        setOnline(seId, true);
        // time travel past the worker's wait for an unreachable phone (30 s): release the task's lock now,
        // as the wait running out would; the worker fetches it again and carries on from that step
        externalTasks.unlock(install.getId());

        ApplicationStatus done = world.app().complete(holder, applicationId, deadline());
        assertThat(done.stage()).isEqualTo("COMPLETED");
        assertEndedIn(applicationId, END_EVENT_CREDENTIAL_ACTIVE);
        assertThat(registry.setOfApplication(applicationId).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(keysWithCertificates(applicationId)).hasSize(2);
        assertThat(history.createHistoricExternalTaskLogQuery().processInstanceId(instance.getId()).failureLog().count())
                .as("the wait is in the history").isPositive();
    }

    @Test
    void phoneThatDropsOffDuringKeyGenerationResumesWithOneKeyPairPerRole() throws Exception {
        phoneDropsOffWhileTheServerWorksOnItThenComesBack(Topics.GENERATE_KEY_PAIR);
    }

    @Test
    void phoneThatDropsOffDuringCertificateStorageResumesWithoutASecondCertificate() throws Exception {
        phoneDropsOffWhileTheServerWorksOnItThenComesBack(Topics.STORE_CERTIFICATE);
    }

    /**
     * R12 mid-way: the phone loses its network while the server's worker for {@code topic} is exchanging APDUs with
     * its applet. The step hands its task back ("Waiting for the phone", no retry used, no incident); once the phone
     * is back the issuance continues from that step and ends with one key pair and one certificate per role.
     */
    private void phoneDropsOffWhileTheServerWorksOnItThenComesBack(String topic) throws Exception {
        SimulatedHolder holder = holderWithASlowRelay();
        String seId = holder.phone().seId();
        String applicationId = world.app().apply(holder).applicationId();
        ProcessInstance instance = poll("process started", () -> runningInstance(applicationId), i -> i != null);

        // the server's worker has fetched the step and is talking to the applet (each APDU takes a while to relay)
        poll("the server works on " + topic, () -> externalTasks.createExternalTaskQuery()
                .processInstanceId(instance.getId()).topicName(topic).locked().count(), n -> n > 0);
        setOnline(seId, false);

        // every step that needs the phone hands its task back, the interrupted one first; none is left mid-way
        List<ExternalTask> handedBack = poll("every step that needs the phone handed its task back",
                () -> phoneTasks(instance.getId()),
                tasks -> !tasks.isEmpty() && tasks.stream().allMatch(IssuanceResilienceEndToEndTest::waitsForThePhone));
        ExternalTask waiting = handedBack.stream().filter(t -> t.getTopicName().equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError(topic + " did not wait for the phone: " + handedBack));
        assertThat(waiting.getErrorMessage()).startsWith("Waiting for the phone: Issuance " + applicationId + ": ");
        assertThat(waiting.getRetries()).as("the wait uses no retries").isEqualTo(RetryPolicy.DEFAULT.retries());
        assertThat(runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
        // what the holder's app is told meanwhile: the stage it is at, not delayed (delayed is for incidents only),
        // and nothing that says the server is waiting for this phone's connection
        JsonNode meanwhile = appStatus(applicationId);
        assertThat(meanwhile.path("stage").asText()).isEqualTo("PREPARING_CERTIFICATES");
        assertThat(meanwhile.path("nextAction").asText(null)).isEqualTo("SET_PASSWORD_AND_PIN");
        assertThat(meanwhile.path("delayed").asBoolean()).isFalse();

        setOnline(seId, true);
        // time travel past the 30 s wait for an unreachable phone: release the waiting tasks' locks now
        handedBack.forEach(t -> externalTasks.unlock(t.getId()));

        ApplicationStatus done = world.app().complete(holder, applicationId, deadline());
        assertThat(done.stage()).isEqualTo("COMPLETED");
        assertEndedIn(applicationId, END_EVENT_CREDENTIAL_ACTIVE);
        assertThat(history.createHistoricExternalTaskLogQuery().processInstanceId(instance.getId()).failureLog()
                .errorMessage(waiting.getErrorMessage()).count()).as("the wait is in the history").isPositive();
        assertOneKeyPairAndOneCertificatePerRole(applicationId, holder);
    }

    /**
     * The key in the applet is the one on record and the one certified, for each role; the applet holds that
     * certificate; and the CA made exactly one certificate per role for this application and none besides.
     */
    private void assertOneKeyPairAndOneCertificatePerRole(String applicationId, SimulatedHolder holder) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (KeyRole role : KeyRole.values()) {
            org.mjpki.applet.client.AppletKey appletRole = org.mjpki.applet.client.AppletKey.valueOf(role.name());
            CredentialKey key = registry.key(registry.setOfApplication(applicationId).orElseThrow().credentialSetId(), role).orElseThrow();
            byte[][] onPhone = holder.phone().withLocalApplet(t -> {
                JpkiAppletClient applet = new JpkiAppletClient(t);
                applet.select();
                return new byte[][] {applet.readPublicKey(appletRole).getEncoded(), applet.readCertificate(appletRole)};
            });
            X509Certificate certificate = (X509Certificate) x509.generateCertificate(
                    new ByteArrayInputStream(key.issuedCertificate().orElseThrow()));
            assertThat(onPhone[0]).as(role + " key in the applet is the one on record").isEqualTo(key.publicKey());
            assertThat(certificate.getPublicKey().getEncoded()).as(role + " certificate certifies that key").isEqualTo(key.publicKey());
            assertThat(onPhone[1]).as(role + " certificate in the applet").isEqualTo(key.issuedCertificate().orElseThrow());
        }
        assertThat(sql().queryForList("select request_id from ca.certificate where holder_ref = ? and medium = 'SMARTPHONE'",
                String.class, holder.card().holder().holderRef()))
                .as("one certificate per role in the CA, no second one")
                .containsExactlyInAnyOrder(applicationId + "/issue/SIGNING", applicationId + "/issue/USER_AUTH");
    }

    /** The open tasks of the steps that talk to the applet over the phone's connection. */
    private List<ExternalTask> phoneTasks(String processInstanceId) {
        return externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId).list().stream()
                .filter(t -> t.getTopicName().equals(Topics.GENERATE_KEY_PAIR) || t.getTopicName().equals(Topics.STORE_CERTIFICATE))
                .toList();
    }

    private static boolean waitsForThePhone(ExternalTask task) {
        return task.getErrorMessage() != null && task.getErrorMessage().startsWith("Waiting for the phone");
    }

    /**
     * A holder whose phone's relay takes a while per APDU, as over a real mobile connection, so that the test can
     * take the phone offline while a step is talking to it. Only this phone is slowed down.
     */
    private SimulatedHolder holderWithASlowRelay() {
        SimulatedHolder holder = newHolder();
        holder.phone().useOwnLatency(PhoneLatency.NONE.withRelayRoundTrip(Duration.ofMillis(300)));
        return holder;
    }

    @Test
    void twentyConcurrentApplicationsOfOnePersonYieldExactlyOneSet() throws Exception {
        SimulatedHolder first = newHolder();
        String holderRef = first.card().holder().holderRef();
        List<SimulatedHolder> phones = new ArrayList<>(List.of(first));
        while (phones.size() < 20) {
            phones.add(world.samePersonNewPhone(first, DeviceFacts.eligibleDefault()));
        }

        ExecutorService pool = Executors.newFixedThreadPool(phones.size());
        List<ApplicationStatus> outcomes = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApplicationStatus>> running = new ArrayList<>();
            for (SimulatedHolder phone : phones) {
                running.add(pool.submit(() -> {
                    start.await();
                    return world.app().issue(phone, DEADLINE);
                }));
            }
            start.countDown();
            for (Future<ApplicationStatus> outcome : running) {
                outcomes.add(outcome.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<ApplicationStatus> completed = outcomes.stream().filter(o -> o.stage().equals("COMPLETED")).toList();
        assertThat(completed).as("exactly one set for the person").hasSize(1);
        String winner = completed.get(0).applicationId();
        assertThat(outcomes).filteredOn(o -> !o.applicationId().equals(winner))
                .hasSize(19)
                .allSatisfy(o -> {
                    assertThat(o.stage()).isEqualTo("REFUSED");
                    assertThat(o.reason()).isEqualTo("ALREADY_ISSUED_USE_DEVICE_CHANGE");
                });
        assertEndedIn(winner, END_EVENT_CREDENTIAL_ACTIVE);
        for (ApplicationStatus refused : outcomes) {
            if (!refused.applicationId().equals(winner)) {
                assertEndedIn(refused.applicationId(), END_EVENT_ALREADY_ISSUED);
                assertThat(registry.setOfApplication(refused.applicationId())).isEmpty();
            }
        }

        // the registry holds one live set for the person, and the CA issued for that set only
        assertThat(registry.liveSetOf(holderRef).orElseThrow().applicationId()).isEqualTo(winner);
        assertThat(registry.setOfApplication(winner).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(sql().queryForObject("select count(*) from registry.credential_set where holder_ref = ?",
                Long.class, holderRef)).isEqualTo(1);
        assertThat(sql().queryForList("select request_id from ca.certificate where holder_ref = ? and medium = 'SMARTPHONE'",
                String.class, holderRef))
                .containsExactlyInAnyOrder(winner + "/issue/SIGNING", winner + "/issue/USER_AUTH");
        String winnerSeId = registry.setOfApplication(winner).orElseThrow().seId();
        assertThat(phones).filteredOn(p -> p.phone().appletInstalled()).extracting(p -> p.phone().seId())
                .containsExactly(winnerSeId);
    }

    private void setOnline(String seId, boolean online) {
        RestClientForTests.Response response = asOperator("POST", "/simulator/phones/" + seId + "/network",
                "{\"online\":" + online + "}");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().path("online").asBoolean()).isEqualTo(online);
    }
}
