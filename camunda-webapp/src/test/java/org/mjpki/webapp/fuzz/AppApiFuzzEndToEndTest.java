package org.mjpki.webapp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.RevocationRequest;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.fuzz.AppApiEndpoints.Endpoint;
import org.mjpki.webapp.fuzz.HostileAppRequests.HostileRequest;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 16, hostile input at volume: every app API endpoint the server maps gets generated hostile requests — malformed,
 * truncated and oversized JSON, values of the wrong type, garbage base64, mutated real signed documents, hostile ids,
 * capabilities, credentials, content types and framings — around a real issued holder whose application and set the
 * calls are about, with and without its capability. Every answer is a clear 4xx (or, where the call is the caller's own
 * and carries no input, its documented success), never a 5xx, and never shows the server's insides; afterwards nothing
 * has changed and the holder's set is as it was.
 *
 * <p>{@code -Dmjpki.fuzz.rounds=N} sets the number of requests ({@value #CI_ROUNDS} in CI), {@code -Dmjpki.fuzz.seed=S}
 * replays a run.
 */
class AppApiFuzzEndToEndTest extends EndToEndOnPostgres {

    /** What CI sends: about 25 s on the project's machine (670 requests a second). */
    static final int CI_ROUNDS = 15_000;
    /** The app API family's body limit (AccessTable): bodies are generated just under and just over it. */
    private static final int BODY_LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping controllers;

    @Value("${mjpki.identity.app-user}") String appUser;
    @Value("${mjpki.identity.app-password}") String appPassword;
    @Value("${camunda.bpm.admin-user.id}") String operatorUser;
    @Value("${camunda.bpm.admin-user.password}") String operatorPassword;

    @Test
    void hostileInputToEveryAppEndpointIsRefusedWithA4xxAndChangesNothing() {
        FuzzSettings settings = FuzzSettings.fromSystemProperties(CI_ROUNDS);
        List<Endpoint> endpoints = AppApiEndpoints.of(controllers);
        assertThat(endpoints).as("the app API's endpoints, as the server maps them").hasSizeGreaterThanOrEqualTo(19);

        // a real holder, issued: the application and set most calls are about, and the app's capability for them
        SimulatedHolder holder = newHolder();
        SimulatedMynaportalApp.PreparedApplication application = world.app().prepare(holder);
        String applicationId = world.app().submit(application).applicationId();
        assertThat(world.app().complete(holder, applicationId, deadline()).stage()).isEqualTo("COMPLETED");
        String setId = world.app().learnCredentialSet(holder, applicationId).orElseThrow();
        String capability = world.app().api().capabilityFor("/api/v1/applications/" + applicationId).orElseThrow();

        Random random = new Random();
        HostileJson bodies = new HostileJson(random, signedDocuments(holder, application, setId),
                Map.of("attestationToken", List.of(application.attestationToken())), BODY_LIMIT);
        HostileAppRequests requests = new HostileAppRequests(random, bodies,
                Map.of("applicationId", applicationId, "credentialSetId", setId), capability,
                appUser, appPassword, operatorUser, operatorPassword);
        RawHttp http = new RawHttp("localhost", ServerOnPostgres.port());
        FuzzFindings findings = new FuzzFindings(settings);

        ServerState before = ServerState.settled(this::state, Duration.ofSeconds(60));
        long started = System.nanoTime();
        for (int i = 0; i < settings.rounds(); i++) {
            random.setSeed(settings.seedFor(i));
            HostileRequest request = requests.next(endpoints.get(i % endpoints.size()));
            findings.sent();
            RawHttp.Response response;
            long sent = System.nanoTime();
            try {
                response = http.send(request.request());
            } catch (UncheckedIOException e) {
                findings.found(request.description(), "no answer: " + e.getMessage());
                continue;
            }
            findings.took(request.description(), System.nanoTime() - sent);
            check(request, response, findings);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        ServerState after = ServerState.read(sql(), runtime, history);

        System.out.printf("app API fuzz: %d requests to %d endpoints in %d s (%s)%s%n", settings.rounds(), endpoints.size(),
                took.toSeconds(), settings.replay(), findings.tally());
        findings.stateChanged(before.changesIn(after));
        assertThat(findings.any()).as(findings.report("app API fuzz")).isFalse();
        assertTheHoldersSetIsAsItWas(setId);
    }

    /**
     * The signed documents hostile bodies are made from, by the field that carries them: none of them can start anything
     * (the application was used; the others expired an hour ago), whatever one change does to it.
     */
    private Map<String, List<byte[]>> signedDocuments(SimulatedHolder holder, SimulatedMynaportalApp.PreparedApplication application,
                                                      String setId) {
        Instant expired = Instant.now().minus(Duration.ofHours(1));
        byte[] nonceBytes = new byte[18];
        new SecureRandom().nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        var revocation = world.app().prepareRevocation(holder, RevocationRequest.fresh(setId, RevocationRequest.Reason.NO_LONGER_USED,
                Clock.systemUTC(), new SecureRandom()).withExpiresAt(expired));
        return Map.of(
                "signedApplication", List.of(application.signedApplication()),
                "signedRelease", List.of(world.app().signHoldRelease(holder, setId, expired, nonce)),
                "signedRequest", List.of(
                        world.app().signLockRelease(holder, setId, holder.phone().seId(), SecretKind.SIGNING_PASSWORD, expired, nonce),
                        world.app().signSigningReregistration(holder, setId, expired, nonce)),
                "request", List.of(revocation.requestBytes()),
                "signature", List.of(revocation.signed().signature()),
                "identification", List.of(revocation.signed().identification().encoded()));
    }

    private ServerState state() {
        return ServerState.read(sql(), runtime, history);
    }

    private static void check(HostileRequest request, RawHttp.Response response, FuzzFindings findings) {
        int status = response.status();
        String code = errorCode(response);
        findings.answered(status, code == null ? "" : code);
        if (status >= 500) {
            findings.found(request.description(), "answered " + status + " " + snippet(response));
        } else if (status < 400) {
            boolean success = status >= 200 && status < 300 || status == 304 && request.conditional();
            if (!(success && request.maySucceed())) {
                findings.found(request.description(), "answered " + status + " to input that must be refused");
            }
        } else if (isJson(response) && (code == null || code.isBlank())) {
            findings.found(request.description(), "refused " + status + " without an error code: " + snippet(response));
        }
        findings.checkBody(request.description(), response.body());
    }

    private void assertTheHoldersSetIsAsItWas(String setId) {
        assertThat(registry.set(setId).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        for (KeyRole role : KeyRole.values()) {
            CredentialKey key = registry.key(setId, role).orElseThrow();
            assertThat(ca.status(new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial())).state()).as(role.name())
                    .isEqualTo(CertificateStatus.State.GOOD);
        }
        // and it is still the app's: the validity check answers with the capability
        var view = app().get("/api/v1/credential-sets/" + setId);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().path("state").asText()).isEqualTo("ACTIVE");
    }

    private static boolean isJson(RawHttp.Response response) {
        String type = response.header("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    private static String errorCode(RawHttp.Response response) {
        if (!isJson(response) || response.body().length == 0) {
            return null;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body.path("error").isTextual() ? body.path("error").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String snippet(RawHttp.Response response) {
        String text = response.text();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
