package org.mjpki.webapp.caller;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mjpki.simulator.app.RevocationRequest;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 15: the app API acts only for the app instance that started an operation (ADR 0026). The same app credentials
 * without the operation's capability — another app instance — are told there is no such operation, exactly as for an
 * id that does not exist; with it, everything works as before. Only the capability's SHA-256 is kept.
 */
class CallerCapabilityEndToEndTest extends EndToEndOnPostgres {

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping controllers;

    private static final Map<String, String> WRONG = Map.of(CallerCapability.HEADER, CallerCapability.fresh().token());

    /** The answer to another app instance, to a wrong capability and to an unknown id: one and the same 404. */
    private void onlyTheStarterReaches(String method, String path, String json, String unknownPath, String what) {
        RestClientForTests.Response unknown = anotherAppInstance().send(method, unknownPath, json, Map.of());
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
        assertThat(unknown.body().path("message").asText()).isEqualTo("no such " + what);
        for (RestClientForTests.Response refused : List.of(anotherAppInstance().send(method, path, json, Map.of()),
                app().send(method, path, json, WRONG), anotherAppInstance().send(method, path, json,
                        Map.of(CallerCapability.HEADER, "x".repeat(5_000))))) {
            assertThat(refused.status()).as(method + " " + path + ": " + refused.raw()).isEqualTo(404);
            assertThat(refused.raw()).as("no hint that the id exists").isEqualTo(unknown.raw());
        }
    }

    @Test
    void anApplicationAndTheSetItMadeAreTheApplyingAppInstancesOnly() {
        SimulatedHolder holder = newHolder();
        String applicationId = world.app().apply(holder).applicationId();
        awaitAppStatus(applicationId, "asks for the password and PIN",
                s -> "SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));

        onlyTheStarterReaches("GET", "/api/v1/applications/" + applicationId, null, "/api/v1/applications/APP-00000000", "application");
        onlyTheStarterReaches("POST", "/api/v1/applications/" + applicationId + "/holder-secrets", "{}",
                "/api/v1/applications/APP-00000000/holder-secrets", "application");
        onlyTheStarterReaches("GET", "/api/v1/applications/" + applicationId + "/operation-challenge", null,
                "/api/v1/applications/APP-00000000/operation-challenge", "application");
        // an id that could never be issued gets the same answer (a path the servlet container refuses outright, with
        // "..", an encoded NUL or a backslash, is 400 before anything is looked up)
        onlyTheStarterReaches("GET", "/api/v1/applications/" + applicationId, null, "/api/v1/applications/x~y", "application");
        assertThat(appStatus(applicationId).path("nextAction").asText()).as("nothing moved").isEqualTo("SET_PASSWORD_AND_PIN");

        assertThat(world.app().complete(holder, applicationId, deadline()).stage()).isEqualTo("COMPLETED");
        String setId = world.app().learnCredentialSet(holder, applicationId).orElseThrow();
        onlyTheStarterReaches("GET", "/api/v1/credential-sets/" + setId, null, "/api/v1/credential-sets/cs-none", "credential set");
        onlyTheStarterReaches("POST", "/api/v1/credential-sets/" + setId + "/applet-delete-notices", null,
                "/api/v1/credential-sets/cs-none/applet-delete-notices", "credential set");
        assertThat(app().get("/api/v1/credential-sets/" + setId).status()).isEqualTo(200);

        // only the SHA-256 is kept: the token is nowhere in the registry
        String token = world.app().api().capabilityFor("/api/v1/applications/" + applicationId).orElseThrow();
        assertThat(sql().queryForObject("SELECT caller_capability_sha256 FROM registry.application WHERE application_id = ?",
                String.class, applicationId)).isEqualTo(CallerCapability.sha256Of(token));
        assertThat(sql().queryForObject("SELECT COUNT(*) FROM registry.application WHERE CAST(signed_application AS VARCHAR(100000)) LIKE ?"
                + " OR caller_capability_sha256 = ?", Long.class, "%" + token + "%", token)).isZero();
    }

    @Test
    void aRevocationAndALockReleaseAreTheStartingAppInstancesOnly() {
        SimulatedHolder holder = newHolder();
        String applicationId = world.app().issue(holder, DEADLINE).applicationId();
        world.app().learnCredentialSet(holder, applicationId);

        world.app().typeWrongSecret(holder, SecretKind.SIGNING_PASSWORD);
        String setId = world.app().credentialSet(holder).credentialSetId();
        String signed = "{\"signedRequest\":\"" + java.util.Base64.getEncoder().encodeToString(
                world.app().signLockRelease(holder, SecretKind.SIGNING_PASSWORD)) + "\"}";
        Map<String, String> mine = Map.of(CallerCapability.HEADER, CallerCapability.fresh().token());
        RestClientForTests.Response started = anotherAppInstance().send("POST",
                "/api/v1/credential-sets/" + setId + "/lock-releases", signed, mine);
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String lockReleaseId = started.body().path("lockReleaseId").asText();
        // sent again by the same caller (its answer lost): the same lock release; by anybody else: a replay
        RestClientForTests.Response again = anotherAppInstance().send("POST",
                "/api/v1/credential-sets/" + setId + "/lock-releases", signed, mine);
        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        assertThat(again.body().path("lockReleaseId").asText()).isEqualTo(lockReleaseId);
        RestClientForTests.Response replay = anotherAppInstance().post("/api/v1/credential-sets/" + setId + "/lock-releases", signed);
        assertThat(replay.status()).as(replay.raw()).isEqualTo(409);
        assertThat(sql().queryForObject("SELECT COUNT(*) FROM registry.holder_request WHERE credential_set_id = ? AND kind = 'LOCK_RELEASE'",
                Long.class, setId)).isEqualTo(1);

        // the operation is the caller's only
        String path = "/api/v1/lock-releases/" + lockReleaseId;
        RestClientForTests.Response unknown = anotherAppInstance().get("/api/v1/lock-releases/unl-none");
        for (RestClientForTests.Response refused : List.of(anotherAppInstance().get(path), app().send("GET", path, null, WRONG))) {
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.raw()).isEqualTo(unknown.raw());
        }
        assertThat(anotherAppInstance().send("GET", path, null, mine).status()).isEqualTo(200);
        assertThat(anotherAppInstance().send("POST", path + "/new-secret", "{\"encryptedSecret\":\"AAAA\"}", Map.of()).status())
                .isEqualTo(404);

        var revocation = world.app().revoke(holder, RevocationRequest.Reason.NO_LONGER_USED);
        onlyTheStarterReaches("GET", "/api/v1/revocations/" + revocation.revocationId(), null, "/api/v1/revocations/rev-none",
                "revocation");
        assertThat(world.app().awaitRevocationFinished(revocation.revocationId(), deadline()).stage()).isEqualTo("COMPLETED");
    }

    @Test
    void everyStartHandsOutANewCapability() {
        SimulatedHolder first = newHolder();
        SimulatedHolder second = newHolder();
        String a = world.app().apply(first).applicationId();
        String b = world.app().apply(second).applicationId();
        String tokenA = world.app().api().capabilityFor("/api/v1/applications/" + a).orElseThrow();
        String tokenB = world.app().api().capabilityFor("/api/v1/applications/" + b).orElseThrow();
        assertThat(tokenA).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(tokenB);
        // one application's capability does not reach another application
        assertThat(anotherAppInstance().send("GET", "/api/v1/applications/" + b, null, Map.of(CallerCapability.HEADER, tokenA))
                .status()).isEqualTo(404);
    }

    private static String applicationBody(org.mjpki.simulator.app.SimulatedMynaportalApp.PreparedApplication application) {
        return "{\"signedApplication\":\"" + java.util.Base64.getEncoder().encodeToString(application.signedApplication())
                + "\",\"attestationToken\":\"" + application.attestationToken() + "\"}";
    }

    @Test
    void aStartSentAgainWithItsCapabilityIsAnsweredWithWhatItStartedAndAnotherCallerGetsAReplay() {
        SimulatedHolder holder = newHolder();
        var application = world.app().prepare(holder);
        String applicationId = application.content().applicationId();
        String capability = CallerCapability.fresh().token();
        Map<String, String> mine = Map.of(CallerCapability.HEADER, capability);

        RestClientForTests.Response first = anotherAppInstance().send("POST", "/api/v1/applications", applicationBody(application), mine);
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.header(CallerCapability.HEADER)).isEqualTo(capability);
        long received = applicationsReceived();
        long instances = issuanceInstances();
        // the answer was lost; the app sends the same start again with the same capability
        RestClientForTests.Response again = anotherAppInstance().send("POST", "/api/v1/applications", applicationBody(application), mine);
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.body().path("applicationId").asText()).isEqualTo(applicationId);
        // anybody else sending it is replaying it
        RestClientForTests.Response replay = anotherAppInstance().post("/api/v1/applications", applicationBody(application));
        assertThat(replay.status()).as(replay.raw()).isEqualTo(409);
        assertThat(applicationsReceived()).isEqualTo(received);
        assertThat(issuanceInstances()).isEqualTo(instances);
        assertThat(anotherAppInstance().send("GET", "/api/v1/applications/" + applicationId, null, mine).status()).isEqualTo(200);
    }

    @Test
    void aStartWithoutACapabilityIsGivenOneAndAMalformedOneStartsNothing() {
        SimulatedHolder holder = newHolder();
        var application = world.app().prepare(holder);
        long received = applicationsReceived();
        for (String malformed : List.of("short", "x".repeat(43) + "=", "a b".repeat(15), "é".repeat(43))) {
            RestClientForTests.Response refused = anotherAppInstance().send("POST", "/api/v1/applications",
                    applicationBody(application), Map.of(CallerCapability.HEADER, malformed));
            assertThat(refused.status()).as(malformed + ": " + refused.raw()).isEqualTo(400);
        }
        assertThat(applicationsReceived()).as("nothing started").isEqualTo(received);

        RestClientForTests.Response started = anotherAppInstance().post("/api/v1/applications", applicationBody(application));
        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        String given = started.header(CallerCapability.HEADER);
        assertThat(given).matches("[A-Za-z0-9_-]{43}");
        assertThat(anotherAppInstance().send("GET", "/api/v1/applications/" + application.content().applicationId(), null,
                Map.of(CallerCapability.HEADER, given)).status()).isEqualTo(200);
    }

    /** Deny by default: a new app API call with an id in its path must say whose it is, or this fails. */
    @Test
    void everyAppCallWithAnIdInItsPathIsBoundOrStartsAnOperation() {
        List<String> unbound = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : controllers.getHandlerMethods().entrySet()) {
            Set<String> patterns = e.getKey().getPatternValues();
            for (String pattern : patterns) {
                if (!pattern.startsWith("/api/") || !pattern.contains("{")) {
                    continue;
                }
                Method method = e.getValue().getMethod();
                ForTheCaller binding = method.getAnnotation(ForTheCaller.class);
                if (binding == null && method.getAnnotation(StartsAnOperation.class) == null) {
                    unbound.add(pattern + " " + method.getName());
                }
                if (binding != null) {
                    assertThat(pattern).as(method.getName() + " binds its id's path variable").contains("{" + binding.pathVariable() + "}");
                }
            }
        }
        assertThat(unbound).isEmpty();
    }
}
