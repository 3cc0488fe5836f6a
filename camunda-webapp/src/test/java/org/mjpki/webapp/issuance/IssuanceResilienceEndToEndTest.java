package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_ALREADY_ISSUED;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.mjpki.processes.issuance.IssuanceProcess.Topics;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp.PreparedApplication;
import org.mjpki.simulator.phone.DeviceFacts;
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
        assertThat(registry.credential(applicationId).orElseThrow().state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.credential(applicationId).orElseThrow().appletState()).isEqualTo(AppletState.NONE);
        assertThat(holder.phone().appletInstalled()).isFalse();

        setOnline(seId, true);
        // time travel past the worker's wait for an unreachable phone (30 s): release the task's lock now,
        // as the wait running out would; the worker fetches it again and carries on from that step
        externalTasks.unlock(install.getId());

        ApplicationStatus done = world.app().complete(holder, applicationId, deadline());
        assertThat(done.stage()).isEqualTo("COMPLETED");
        assertEndedIn(applicationId, END_EVENT_CREDENTIAL_ACTIVE);
        assertThat(registry.credential(applicationId).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(keysWithCertificates(applicationId)).hasSize(2);
        assertThat(history.createHistoricExternalTaskLogQuery().processInstanceId(instance.getId()).failureLog().count())
                .as("the wait is in the history").isPositive();
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
                assertThat(registry.credential(refused.applicationId())).isEmpty();
            }
        }

        // the registry holds one live set for the person, and the CA issued for that set only
        assertThat(registry.liveCredentialOf(holderRef).orElseThrow().applicationId()).isEqualTo(winner);
        assertThat(registry.credential(winner).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(sql().queryForObject("select count(*) from registry.smartphone_credential where holder_ref = ?",
                Long.class, holderRef)).isEqualTo(1);
        assertThat(sql().queryForList("select request_id from ca.certificate where holder_ref = ? and medium = 'SMARTPHONE'",
                String.class, holderRef))
                .containsExactlyInAnyOrder(winner + "/issue/SIGNING", winner + "/issue/USER_AUTH");
        String winnerSeId = registry.credential(winner).orElseThrow().seId();
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
