package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A holder going through one lifecycle operation end to end, as people do it: the holder and the app in the simulated
 * world (its {@code /simulator} calls, which wait for the operation to finish), the call-center staff and the operator
 * at the server (its engine REST API and operator API). Every call to the server is sent again while the server is
 * away — it may be dead and restarting at any moment — and the world's app does the same on its side.
 */
final class Lifecycles {

    /** What the fault tests run every server with: linked revocation without a grace period, the valve wide open. */
    static final List<String> SERVER_SETTINGS = List.of("--mjpki.linked-revocation.grace-period=PT0S",
            "--mjpki.linked-revocation.valve-minimum=1000000");

    /** What one holder does after the issuance. */
    enum Operation { ISSUANCE, REVOCATION, DEVICE_CHANGE, LOCK_RELEASE, LINKED_REVOCATION, LOST_PHONE }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SERVER_AWAY = Duration.ofMinutes(4);
    private final WorldApart topology;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JdbcTemplate sql;

    Lifecycles(WorldApart topology) {
        this.topology = topology;
        DriverManagerDataSource dataSource = new DriverManagerDataSource(topology.database().jdbcUrl(),
                topology.database().username(), topology.database().password());
        this.sql = new JdbcTemplate(dataSource);
    }

    /** Issues a set to a new holder, then runs the operation; fails with what went wrong. */
    void run(Operation operation) throws Exception {
        JsonNode issued = completed(world("/simulator/issuances", "{}"), "issuance");
        String seId = issued.path("seId").asText();
        switch (operation) {
            case ISSUANCE -> { }
            case REVOCATION -> completed(world("/simulator/revocations", "{\"seId\":\"" + seId + "\",\"reason\":\"NO_LONGER_USED\"}"),
                    "revocation");
            case DEVICE_CHANGE -> completed(world("/simulator/device-changes", "{\"fromSeId\":\"" + seId + "\"}"), "device change");
            case LOCK_RELEASE -> {
                String secret = "{\"seId\":\"" + seId + "\",\"secret\":\"SIGNING_PASSWORD\"}";
                world("/simulator/secret-locks", secret);
                completed(world("/simulator/lock-releases", secret), "lock release");
            }
            case LINKED_REVOCATION -> {
                world("/simulator/card-office", "{\"seId\":\"" + seId + "\",\"event\":\"ADDRESS_CHANGED\"}");
                awaitWhileSweeping(() -> signingRevoked(seId), "the phone signing certificate of " + seId + " revoked by a sweep");
                completed(world("/simulator/signing-reregistrations", "{\"seId\":\"" + seId + "\"}"), "signing re-registration");
            }
            case LOST_PHONE -> {
                JsonNode card = worldGet("/simulator/phones/" + seId + "/card");
                reportLost(card);
                await(() -> "ON_HOLD".equals(setState(seId)), "the set on " + seId + " on hold");
                // the phone is found: the holder releases the hold once the hold waits for it (the server says
                // "ask again later" until then, and the app does)
                Answer released = world("/simulator/hold-releases", "{\"seId\":\"" + seId + "\"}");
                for (int again = 0; again < 60 && released.status() == 409
                        && "not_awaiting_release".equals(released.body().path("error").asText()); again++) {
                    Thread.sleep(1_000);
                    released = world("/simulator/hold-releases", "{\"seId\":\"" + seId + "\"}");
                }
                completed(released, "hold release");
            }
        }
    }

    // ---- the world: its calls wait for the operation; it never dies in these tests

    private Answer world(String path, String json) throws IOException, InterruptedException {
        return send(URI.create(topology.worldUrl() + path), WorldApart.OPERATOR, WorldApart.OPERATOR_PASSWORD, "POST", json,
                Duration.ZERO);
    }

    private JsonNode worldGet(String path) throws IOException, InterruptedException {
        Answer answer = send(URI.create(topology.worldUrl() + path), WorldApart.OPERATOR, WorldApart.OPERATOR_PASSWORD, "GET",
                null, Duration.ZERO);
        assertThat(answer.status()).as(path + ": " + answer.raw()).isEqualTo(200);
        return answer.body();
    }

    private static JsonNode completed(Answer answer, String what) {
        assertThat(answer.status()).as(what + " answered: " + answer.raw()).isEqualTo(201);
        assertThat(answer.body().path("stage").asText()).as(what + ": " + answer.raw()).isEqualTo("COMPLETED");
        return answer.body();
    }

    // ---- the server: the call center and the operator, who try again while it is away

    private void reportLost(JsonNode card) throws IOException, InterruptedException {
        String processes = "/engine-rest/process-definition/key/" + LostDeviceHoldProcess.PROCESS_KEY + "/start";
        Answer started = callCenter("POST", processes, "{\"variables\":{}}");
        for (int again = 0; again < 60 && started.status() == 500; again++) {
            // the engine's database away: staff start the report again
            Thread.sleep(1_000);
            started = callCenter("POST", processes, "{\"variables\":{}}");
        }
        assertThat(started.status()).as(started.raw()).isEqualTo(200);
        String report = started.body().path("id").asText();
        submit(report, Map.of("callerName", card.path("name").asText(), "callerBirthDate", card.path("birthDate").asText(),
                "callerSex", card.path("sex").asText(), "callerAddress", card.path("address").asText(), "callerNotIdentified", false));
        submit(report, Map.of("setConfirmed", true, "lossKind", "LOST"));
    }

    /** Submits the report's open form, once it is open (the workers move it from one task to the next). */
    private void submit(String report, Map<String, Object> fields) throws IOException, InterruptedException {
        String[] taskId = new String[1];
        await(() -> {
            try {
                JsonNode tasks = callCenter("GET", "/engine-rest/task?processInstanceId=" + report, null).body();
                taskId[0] = tasks.size() == 1 ? tasks.get(0).path("id").asText() : null;
                return taskId[0] != null;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, "the report's next form");
        ObjectNode variables = JSON.createObjectNode();
        fields.forEach((name, value) -> variables.set(name, JSON.createObjectNode().set("value", JSON.valueToTree(value))));
        ObjectNode body = JSON.createObjectNode();
        body.set("variables", variables);
        // 204; 404 when the form was taken before the connection broke (a restart); the engine answers 500 while its
        // database is away, and staff submit again
        Answer submitted = callCenter("POST", "/engine-rest/task/" + taskId[0] + "/submit-form", body.toString());
        for (int again = 0; again < 60 && submitted.status() == 500; again++) {
            Thread.sleep(1_000);
            submitted = callCenter("POST", "/engine-rest/task/" + taskId[0] + "/submit-form", body.toString());
        }
        assertThat(submitted.status()).as(submitted.raw()).isIn(204, 404);
    }

    private Answer callCenter(String method, String path, String json) throws IOException, InterruptedException {
        return send(URI.create(topology.serverUrl(0) + path), "callcenter", "callcenter", method, json, SERVER_AWAY);
    }

    /** Waits for {@code done}, asking for a linked-revocation sweep as an operator every few seconds meanwhile. */
    private void awaitWhileSweeping(BooleanSupplier done, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 6 minutes: " + what);
            }
            send(URI.create(topology.serverUrl(0) + "/operator/linked-revocation-sweeps"), WorldApart.OPERATOR,
                    WorldApart.OPERATOR_PASSWORD, "POST", "{\"dryRun\":false}", SERVER_AWAY);
            Thread.sleep(3_000);
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 6 minutes: " + what);
            }
            Thread.sleep(500);
        }
    }

    private boolean signingRevoked(String seId) {
        return !sql.queryForList("SELECT k.revoked_at FROM registry.credential_set s JOIN registry.credential_set_key k"
                + " ON k.credential_set_id = s.credential_set_id AND k.key_role = 'SIGNING'"
                + " WHERE s.se_id = ? AND s.state = 'ACTIVE' AND k.revoked_at IS NOT NULL", seId).isEmpty();
    }

    private String setState(String seId) {
        List<String> states = sql.queryForList("SELECT state FROM registry.credential_set WHERE se_id = ?"
                + " AND state IN ('ACTIVE','ON_HOLD')", String.class, seId);
        return states.isEmpty() ? null : states.get(0);
    }

    // ---- HTTP

    record Answer(int status, JsonNode body, String raw) {}

    /** Sends, and sends again while the connection is refused or breaks, for at most {@code away}. */
    private Answer send(URI uri, String user, String password, String method, String json, Duration away)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        long giveUp = System.nanoTime() + away.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && System.nanoTime() < giveUp) {
                    Thread.sleep(1_000);
                    continue;
                }
                JsonNode body;
                try {
                    body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
                } catch (IOException notJson) {
                    body = JSON.createObjectNode();
                }
                return new Answer(response.statusCode(), body, response.body());
            } catch (IOException broken) {
                if (System.nanoTime() > giveUp) {
                    throw broken;
                }
                Thread.sleep(1_000);
            }
        }
    }
}
