package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.RestClientForTests;

/**
 * The simulated world in a process of its own (ADR 0028): a server with the profile world-apart and the world with the
 * role world, each a JVM of its own, meeting only over HTTP. An issuance and a revocation go through as in one process;
 * the world admits only its operator and the worker user; the server's card office writes card certificates only.
 */
class WorldApartEndToEndTest {

    private static WorldApart topology;

    @BeforeAll
    static void startTheWorldThenTheServer() throws Exception {
        topology = new WorldApart(1, List.of()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        topology.close();
    }

    @Test
    void anIssuanceAndARevocationGoThroughWithTheWorldApart() {
        RestClientForTests.Response issued = topology.worldAsOperator().post("/simulator/issuances", "{}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        assertThat(issued.body().path("stage").asText()).as(issued.raw()).isEqualTo("COMPLETED");
        assertThat(issued.body().path("phoneInbox").toString()).contains("ISSUANCE_COMPLETED");
        String seId = issued.body().path("seId").asText();

        RestClientForTests.Response revoked = topology.worldAsOperator().post("/simulator/revocations",
                "{\"seId\":\"" + seId + "\",\"reason\":\"NO_LONGER_USED\"}");
        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(201);
        assertThat(revoked.body().path("stage").asText()).as(revoked.raw()).isEqualTo("COMPLETED");
        assertThat(topology.worldAsOperator().get("/simulator/phones/" + seId).body().path("appletInstalled").asBoolean())
                .as("the applet deleted from the phone in the world").isFalse();
    }

    @Test
    void theWorldAdmitsItsOperatorAndTheWorkerUserAndNothingElse() {
        String world = topology.worldUrl();
        assertThat(new RestClientForTests(world, null, null).get("/simulator/timings").status()).isEqualTo(401);
        assertThat(new RestClientForTests(world, WorldApart.OPERATOR, "wrong").get("/simulator/timings").status()).isEqualTo(401);
        assertThat(new RestClientForTests(world, WorldApart.WORKER, WorldApart.WORKER_PASSWORD).get("/simulator/timings").status())
                .isEqualTo(403);
        assertThat(topology.worldAsOperator().post("/outside/push/notifications", "{}").status()).isEqualTo(403);
        assertThat(topology.worldAsOperator().get("/actuator/health").status()).isEqualTo(404);
        assertThat(topology.worldAsOperator().get("/api/v1/applications/x").status()).isEqualTo(404);
        assertThat(topology.worldAsOperator().get("/simulator/timings").status()).isEqualTo(200);
        // the server serves no simulated world of its own: its operators' calls are the world's now
        assertThat(topology.serverAs(0, WorldApart.OPERATOR, WorldApart.OPERATOR_PASSWORD).post("/simulator/issuances", "{}").status())
                .isEqualTo(404);
    }

    @Test
    void theCardOfficeWritesAndRevokesCardCertificatesOnlyForTheWorkerUser() {
        RestClientForTests office = topology.serverAs(0, WorldApart.WORKER, WorldApart.WORKER_PASSWORD);
        // a phone profile, a phone certificate, hostile input: refused, nothing written
        RestClientForTests.Response phoneProfile = office.post("/simulated-card-office/certificates",
                "{\"requestId\":\"card/x/1\",\"profile\":\"SMARTPHONE_SIGNING\",\"publicKey\":\"AAAA\",\"holder\":{\"holderRef\":\"h\"},"
                        + "\"notAfter\":\"2030-01-01T00:00:00Z\"}");
        assertThat(phoneProfile.status()).as(phoneProfile.raw()).isEqualTo(400);
        for (String body : List.of("{}", "[]", "not json", "{\"requestId\":\"../../x\",\"profile\":\"CARD_SIGNING\"}",
                "{\"requestId\":\"card/x/2\",\"profile\":\"CARD_SIGNING\",\"publicKey\":\"!!\",\"holder\":{\"holderRef\":\"h\"},"
                        + "\"notAfter\":\"2030-01-01T00:00:00Z\"}")) {
            RestClientForTests.Response refused = office.post("/simulated-card-office/certificates", body);
            assertThat(refused.status()).as(body + ": " + refused.raw()).isEqualTo(400);
            assertThat(refused.raw()).doesNotContain("Exception", "at org.");
        }
        RestClientForTests.Response unknown = office.post("/simulated-card-office/revocations",
                "{\"requestId\":\"card-office/x/1\",\"issuingCa\":\"SIGNING\",\"serial\":\"abc\",\"reason\":\"SUPERSEDED\"}");
        assertThat(unknown.status()).as("no such card certificate").isEqualTo(404);
        assertThat(topology.serverAs(0, "mjpkiApp", "app-secret-change-me").post("/simulated-card-office/revocations", "{}").status())
                .isEqualTo(403);
        assertThat(new RestClientForTests(topology.serverUrl(0), null, null).post("/simulated-card-office/revocations", "{}").status())
                .isEqualTo(401);
    }
}
