package org.mjpki.webapp.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;

/**
 * Issue 15: liveness and readiness for the orchestrator (public, no details; readiness includes the database, the
 * engine and the CA keys), and Prometheus metrics for monitoring — the business ones an operator watches next to the
 * JVM's, the HTTP server's (OCSP requests among them) and the engine's.
 */
class MetricsAndProbesEndToEndTest extends EndToEndOnPostgres {

    @Autowired CaKeyRing keys;

    private final RestClientForTests anonymous = new RestClientForTests(ServerOnPostgres.baseUrl(), null, null);
    private final RestClientForTests monitoring = new RestClientForTests(ServerOnPostgres.baseUrl(), "monitoring", "monitoring");

    @Test
    void livenessAndReadinessAnswerAnyoneWithTheirStatusOnly() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            RestClientForTests.Response response = anonymous.get(probe);
            assertThat(response.status()).as(probe).isEqualTo(200);
            assertThat(response.body().path("status").asText()).isEqualTo("UP");
            assertThat(response.body().has("components")).as("no details for anyone").isFalse();
        }
    }

    @Test
    void theCaKeysAreReadyOnlyWhileEachSignsWithAValidCertificate() {
        assertThat(new CaKeysHealthIndicator(keys, Clock.systemUTC()).health().getStatus()).isEqualTo(Status.UP);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(365L * 40));
        assertThat(new CaKeysHealthIndicator(keys, later).health().getStatus()).as("certificates expired").isEqualTo(Status.DOWN);
    }

    @Test
    void prometheusShowsTheOperationsTheIncidentsTheQueueAndTheEngine() {
        RestClientForTests.Response issued = asOperator("POST", "/simulator/issuances", "{}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        // an OCSP request, to be counted by the HTTP server's metrics
        anonymous.get("/pki/ocsp/signing/smartphone/MAMGAQA=");

        RestClientForTests.Response scrape = monitoring.send("GET", "/actuator/prometheus", null,
                java.util.Map.of("Accept", "text/plain"));
        assertThat(scrape.status()).as(scrape.raw()).isEqualTo(200);
        String text = scrape.raw();
        // every series carries application="mjpki" (management.metrics.tags), tags in name order
        assertThat(text).containsPattern("mjpki_operations_started_total\\{application=\"mjpki\",process=\"issuance\"} [1-9]")
                .containsPattern("mjpki_operations_ended_total\\{application=\"mjpki\",end=\"EndEvent_CredentialActive\",process=\"issuance\"} [1-9]")
                .containsPattern("mjpki_operations_duration_seconds_count\\{application=\"mjpki\",end=\"EndEvent_CredentialActive\",process=\"issuance\"} [1-9]")
                .contains("mjpki_incidents_open{application=\"mjpki\",topic=\"jpki.verify-application\"}")
                .contains("mjpki_incidents_open{application=\"mjpki\",topic=\"(job)\"}")
                .contains("mjpki_followups_open{application=\"mjpki\",kind=\"PUSH\"}")
                .contains("mjpki_sweep_findings_open{application=\"mjpki\"}")
                .contains("camunda_engine_metric{application=\"mjpki\",name=\"activity-instance-start\"}")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*uri=\"/pki/ocsp/\\{ca}/\\{medium}/\\*\\*\"}")
                .contains("jvm_memory_used_bytes");
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
