package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp.PreparedApplication;
import org.mjpki.webapp.RestClientForTests;

/** What the app API does with input it must not act on: replays are refused with 409, malformed bodies with 400. */
class ApplicationInputEndToEndTest extends EndToEndOnPostgres {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATIONS = "/api/v1/applications";

    @Test
    void theSameSignedApplicationPostedTwiceIsAReplayAndChangesNothing() {
        SimulatedHolder holder = newHolder();
        PreparedApplication application = world.app().prepare(holder);
        String applicationId = application.content().applicationId();

        // sent by the simulated app, which keeps the capability it is answered with (ADR 0026); the replays below are
        // sent as they are on the wire
        var first = world.app().submit(application);
        assertThat(first.stage()).isEqualTo("RECEIVED");
        assertThat(first.applicationId()).isEqualTo(applicationId);
        long received = applicationsReceived();
        long instances = issuanceInstances();

        RestClientForTests.Response replay = app().post(APPLICATIONS, body(application.signedApplication(), application.attestationToken()));
        assertThat(replay.status()).as(replay.raw()).isEqualTo(409);
        assertThat(replay.body().path("error").asText()).isEqualTo("replayed_application");
        // a fresh device verdict does not make the same signed application new
        String otherVerdict = world.attestation().attest(holder.phone().seId(), application.content().nonce(), false);
        RestClientForTests.Response replayWithNewVerdict = app().post(APPLICATIONS, body(application.signedApplication(), otherVerdict));
        assertThat(replayWithNewVerdict.status()).as(replayWithNewVerdict.raw()).isEqualTo(409);

        assertThat(applicationsReceived()).isEqualTo(received);
        assertThat(issuanceInstances()).isEqualTo(instances);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(applicationId).count()).isEqualTo(1);
        assertThat(registry.application(applicationId).orElseThrow().attestationToken()).isEqualTo(application.attestationToken());

        // the first one goes on undisturbed, and the app sees each stage in the holder's terms
        awaitAppStatus(applicationId, "asks for the password and PIN", s -> s.path("stage").asText().equals("PREPARING_CERTIFICATES")
                && s.path("nextAction").asText("").equals("SET_PASSWORD_AND_PIN"));
        world.app().setSecrets(holder);
        RestClientForTests.Response secretsSet = app().post(APPLICATIONS + "/" + applicationId + "/holder-secrets", "{}");
        assertThat(secretsSet.status()).as(secretsSet.raw()).isEqualTo(202);
        awaitAppStatus(applicationId, "asks for the operation check", s -> s.path("stage").asText().equals("OPERATION_CHECK")
                && s.path("nextAction").asText("").equals("SIGN_CHALLENGE"));
        world.app().runOperationCheck(holder, applicationId);
        assertStatus(awaitOutcome(applicationId), "COMPLETED", null);
        assertEndedIn(applicationId, END_EVENT_CREDENTIAL_ACTIVE);
        // a replay after completion is still a replay
        assertThat(app().post(APPLICATIONS, body(application.signedApplication(), application.attestationToken())).status()).isEqualTo(409);
    }

    @Test
    void malformedBodiesAreRefusedWith400AndChangeNothing() {
        SimulatedHolder holder = newHolder();
        PreparedApplication good = world.app().prepare(holder);
        byte[] signed = good.signedApplication();
        String token = good.attestationToken();
        long received = applicationsReceived();
        long instances = issuanceInstances();

        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not JSON", "this is not json");
        bodies.put("a JSON array", "[]");
        bodies.put("an empty object", "{}");
        bodies.put("no attestation token", "{\"signedApplication\":\"" + Base64.getEncoder().encodeToString(signed) + "\"}");
        bodies.put("a blank attestation token", body(signed, "  "));
        bodies.put("an oversized attestation token", body(signed, "x".repeat(9000)));
        bodies.put("signedApplication not base64", "{\"signedApplication\":\"%%% not base64 %%%\",\"attestationToken\":\"" + token + "\"}");
        bodies.put("signedApplication not CMS", body("hello, server".getBytes(StandardCharsets.US_ASCII), token));
        bodies.put("signedApplication cut short", body(Arrays.copyOf(signed, signed.length / 2), token));
        bodies.put("signed content no honest app sends", body(
                replaceAll(signed, "\"seType\":\"GP-SE-JAVACARD\"", "\"seType\":\"GP SE JAVACARD\""), token));
        bodies.put("signedApplication of the wrong type", "{\"signedApplication\":42,\"attestationToken\":\"" + token + "\"}");

        // a body over the app API's limit is refused at the door, unread (issue 15: RequestBodyLimit)
        RestClientForTests.Response tooLarge = app().post(APPLICATIONS, body(new byte[70 * 1024], token));
        assertThat(tooLarge.status()).as(tooLarge.raw()).isEqualTo(413);
        assertThat(tooLarge.body().path("error").asText()).isEqualTo("payload_too_large");

        bodies.forEach((what, json) -> {
            RestClientForTests.Response response = app().post(APPLICATIONS, json);
            assertThat(response.status()).as(what + ": " + response.raw()).isEqualTo(400);
            assertThat(response.body().path("error").asText()).as(what).isEqualTo("invalid_request");
            assertThat(response.raw()).as(what + ": no internals in the answer").doesNotContain("Exception", "at org.");
        });

        // other app API calls with bad input
        // an id that cannot exist and one never received are answered alike: no such application (ADR 0026)
        assertThat(app().get(APPLICATIONS + "/x").status()).as("not an application id").isEqualTo(404);
        assertThat(app().get(APPLICATIONS + "/" + good.content().applicationId()).status()).as("never received").isEqualTo(404);
        assertThat(app().post(APPLICATIONS + "/" + good.content().applicationId() + "/operation-check",
                "{\"signatures\":[]}").status()).isEqualTo(404);

        assertThat(applicationsReceived()).as("no application recorded").isEqualTo(received);
        assertThat(issuanceInstances()).as("no process started").isEqualTo(instances);
        assertThat(registry.application(good.content().applicationId())).isEmpty();
    }

    private static String body(byte[] signedApplication, String attestationToken) {
        ObjectNode body = JSON.createObjectNode();
        body.put("signedApplication", Base64.getEncoder().encodeToString(signedApplication));
        body.put("attestationToken", attestationToken);
        return body.toString();
    }

    private static byte[] replaceAll(byte[] data, String from, String to) {
        String latin = new String(data, StandardCharsets.ISO_8859_1);
        assertThat(latin).contains(from);
        return latin.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
