package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.RestClientForTests.Response;

/**
 * The app waits on the server for its application to move on (long polling: If-None-Match + Prefer: wait)
 * instead of asking every fraction of a second; the answer comes when the engine has committed the next step.
 */
class ApplicationStatusWaitEndToEndTest extends EndToEndOnPostgres {

    private Response statusCall(String applicationId, Map<String, String> headers) {
        return app().send("GET", "/api/v1/applications/" + applicationId, null, headers);
    }

    /** An application that waits for the holder's password and PIN: it stays where it is until the app acts. */
    private String applicationWaitingForSecrets(SimulatedHolder holder) {
        String applicationId = world.app().apply(holder).applicationId();
        awaitAppStatus(applicationId, "asks for the password and PIN",
                s -> "SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));
        return applicationId;
    }

    @Test
    void aWaitingStatusCallAnswersAsSoonAsTheApplicationMovesOn() throws Exception {
        SimulatedHolder holder = newHolder();
        String applicationId = applicationWaitingForSecrets(holder);
        Response now = statusCall(applicationId, Map.of());
        assertThat(now.status()).isEqualTo(200);
        String tag = now.header("ETag");
        assertThat(tag).as("the status carries an entity tag").isNotBlank();

        long start = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
                statusCall(applicationId, Map.of("If-None-Match", tag, "Prefer", "wait=30")));
        Thread.sleep(300);
        assertThat(waiting).as("nothing changed yet: the call waits").isNotDone();

        world.app().setSecrets(holder);
        assertThat(app().post("/api/v1/applications/" + applicationId + "/holder-secrets", "{}").status()).isEqualTo(202);

        Response moved = waiting.get(60, TimeUnit.SECONDS);
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(moved.header("ETag")).isNotEqualTo(tag);
        assertThat(moved.body().path("nextAction").asText(null)).isNotEqualTo("SET_PASSWORD_AND_PIN");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken by the step, not by the end of the wait")
                .isLessThan(Duration.ofSeconds(30));

        world.app().awaitAction(applicationId, "SIGN_CHALLENGE", deadline());
        world.app().runOperationCheck(holder, applicationId);
        assertThat(world.app().awaitFinished(applicationId, deadline()).stage()).isEqualTo("COMPLETED");
    }

    @Test
    void aWaitThatSeesNoChangeEndsInNotModified() {
        String applicationId = applicationWaitingForSecrets(newHolder());
        String tag = statusCall(applicationId, Map.of()).header("ETag");
        Response unchanged = statusCall(applicationId, Map.of("If-None-Match", tag, "Prefer", "wait=1"));
        assertThat(unchanged.status()).as(unchanged.raw()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).isEqualTo(tag);
    }

    @Test
    void aStaleTagIsAnsweredAtOnceAndWithoutATagThereIsNoWait() {
        String applicationId = applicationWaitingForSecrets(newHolder());
        Response stale = statusCall(applicationId, Map.of("If-None-Match", "\"RECEIVED.-.-.on-time\"", "Prefer", "wait=30"));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body().path("nextAction").asText()).isEqualTo("SET_PASSWORD_AND_PIN");
        assertThat(statusCall(applicationId, Map.of("Prefer", "wait=30")).status()).isEqualTo(200);
    }

    @Test
    void badWaitsAndUnknownApplicationsAreRefusedClearly() {
        String applicationId = applicationWaitingForSecrets(newHolder());
        String tag = statusCall(applicationId, Map.of()).header("ETag");
        Response malformed = statusCall(applicationId, Map.of("If-None-Match", tag, "Prefer", "wait=soon"));
        assertThat(malformed.status()).as(malformed.raw()).isEqualTo(400);
        assertThat(malformed.body().path("error").asText()).isEqualTo("invalid_request");
        Response unknown = statusCall("APP-" + java.util.UUID.randomUUID(), Map.of("If-None-Match", tag, "Prefer", "wait=5"));
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
    }
}
