package org.mjpki.webapp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.fuzz.RawHttp.Framing;
import org.mjpki.webapp.fuzz.RawHttp.Header;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Value;

/**
 * The hostile requests the fuzz suites found answered with a 500 (or, once, with a success), each pinned down with the
 * clear answer it gets now (issue 16). None of them changes anything.
 */
class HostileInputRegressionsEndToEndTest extends EndToEndOnPostgres {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${mjpki.identity.app-user}") String appUser;
    @Value("${mjpki.identity.app-password}") String appPassword;

    private final RawHttp http = new RawHttp("localhost", ServerOnPostgres.port());

    @Test
    void whatOnceGotA500GetsAClearRefusal() throws Exception {
        // an issued holder: a call about its application gets past the capability check to the controller
        String applicationId = world.app().issue(newHolder(), DEADLINE).applicationId();
        String capability = world.app().api().capabilityFor("/api/v1/applications/" + applicationId).orElseThrow();
        ServerState before = ServerState.settled(() -> ServerState.read(sql(), runtime, history), Duration.ofSeconds(60));
        String app = basic(appUser + ":" + appPassword);
        byte[] json = "{\"signedApplication\":\"AAAA\",\"attestationToken\":\"a.b.c\"}".getBytes(StandardCharsets.UTF_8);

        // a NUL in the user name reached the database, which refuses it as text
        refused("GET", "/api/v1/openapi", List.of(Header.of("Authorization", basic("fuzz\u0000:x"))), null, 401, "unauthorized");
        // a multipart body was parsed before any controller, and failed
        refused("POST", "/api/v1/applications", List.of(Header.of("Authorization", app), Header.of("Content-Type", "multipart/form-data")),
                json, 415, "Unsupported Media Type");
        // a form body of a PUT was parsed before any controller, and its malformed escape failed
        refused("PUT", "/api/v1/return-url-checks", List.of(Header.of("Authorization", app),
                Header.of("Content-Type", "application/x-www-form-urlencoded")), "a=%zz".getBytes(StandardCharsets.US_ASCII), 405,
                "Method Not Allowed");
        // a wildcard Content-Type failed in Spring MVC's reading of the body
        refused("POST", "/api/v1/return-url-checks", List.of(Header.of("Authorization", app), Header.of("Content-Type", "*/*")),
                "{\"appId\":\"a\",\"returnUrl\":\"b\"}".getBytes(StandardCharsets.UTF_8), 415, "unsupported_media_type");
        // a refusal could not be written in a representation the caller accepts
        refused("POST", "/api/v1/applications", List.of(Header.of("Authorization", app), Header.of("Content-Type", "application/json"),
                Header.of("Accept", "text/html")), "{}".getBytes(StandardCharsets.UTF_8), 400, "invalid_request");
        // JSON with something after it was read as the JSON alone, and answered
        refused("POST", "/api/v1/return-url-checks", List.of(Header.of("Authorization", app), Header.of("Content-Type", "application/json")),
                "{\"appId\":\"a\",\"returnUrl\":\"b\"} trailing".getBytes(StandardCharsets.UTF_8), 400, "invalid_request");
        // a field named twice failed in the binding of a one-field request
        refused("POST", "/api/v1/credential-sets/cs-none/lock-releases", List.of(Header.of("Authorization", app),
                Header.of("Content-Type", "application/json")),
                "{\"signedRequest\":\"AAAA\",\"signedRequest\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8), 400, "invalid_request");
        // an operation check whose signatures are null
        refused("POST", "/api/v1/applications/" + applicationId + "/operation-check", List.of(Header.of("Authorization", app),
                Header.of("Mjpki-Capability", capability), Header.of("Content-Type", "application/json")),
                "{\"signatures\":[null,null]}".getBytes(StandardCharsets.UTF_8), 400, "invalid_request");
        // a NUL in the attestation token reached the database when the application was stored
        refused("POST", "/api/v1/applications", List.of(Header.of("Authorization", app), Header.of("Content-Type", "application/json")),
                "{\"signedApplication\":\"AAAA\",\"attestationToken\":\"a.b.c\\u0000\"}".getBytes(StandardCharsets.UTF_8), 400,
                "invalid_request");

        // SEQUENCEs nested 1,360 deep overflowed the OCSP parser's stack; a multipart OCSP body was parsed before the responder
        byte[] nested = new byte[1360 * 6];
        for (int i = 0; i < 1360; i++) {
            int inner = (1360 - i - 1) * 6;
            System.arraycopy(new byte[] {0x30, (byte) 0x84, (byte) (inner >>> 24), (byte) (inner >>> 16), (byte) (inner >>> 8),
                (byte) inner}, 0, nested, i * 6, 6);
        }
        malformedOcspRequest(List.of(Header.of("Content-Type", "application/ocsp-request")), nested);
        malformedOcspRequest(List.of(Header.of("Content-Type", "multipart/form-data")), "garbage".getBytes(StandardCharsets.US_ASCII));

        assertThat(before.changesIn(ServerState.read(sql(), runtime, history))).isEmpty();
    }

    /**
     * Found by the fuzzing (seed -8932836360781384801, request 9984): the app's own application sent again with bytes
     * appended to the signed document and its attestation token cut was answered 200 as a retry of the first. A retry is
     * the same request; bytes after a signed document make it no document; both are refused and change nothing.
     */
    @Test
    void anApplicationSentAgainMustBeTheSameRequest() throws Exception {
        var application = world.app().prepare(newHolder());
        String applicationId = world.app().submit(application).applicationId();
        String capability = world.app().api().capabilityFor("/api/v1/applications/" + applicationId).orElseThrow();
        List<Header> headers = List.of(Header.of("Authorization", basic(appUser + ":" + appPassword)),
                Header.of("Mjpki-Capability", capability), Header.of("Content-Type", "application/json"));
        byte[] signed = application.signedApplication();
        byte[] appended = java.util.Arrays.copyOf(signed, signed.length + 23);
        String token = application.attestationToken();
        long applications = applicationsReceived();

        refused("POST", "/api/v1/applications", headers, body(appended, token), 400, "invalid_request");
        refused("POST", "/api/v1/applications", headers, body(signed, token.substring(0, token.length() - 21)), 409,
                "replayed_application");
        assertThat(applicationsReceived()).isEqualTo(applications);
        // the very same request is still the retry it was
        RawHttp.Response again = http.send(new RawHttp.Request("POST", "/api/v1/applications".getBytes(StandardCharsets.US_ASCII),
                new ArrayList<>(headers), body(signed, token), Framing.LENGTH));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
    }

    private static byte[] body(byte[] signedApplication, String attestationToken) throws Exception {
        return JSON.writeValueAsBytes(java.util.Map.of("signedApplication", Base64.getEncoder().encodeToString(signedApplication),
                "attestationToken", attestationToken));
    }

    private void refused(String method, String path, List<Header> headers, byte[] body, int status, String error) throws Exception {
        RawHttp.Response response = http.send(new RawHttp.Request(method, path.getBytes(StandardCharsets.US_ASCII),
                new ArrayList<>(headers), body, body == null ? Framing.NONE : Framing.LENGTH));
        assertThat(response.status()).as(method + " " + path + ": " + response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
        assertThat(JSON.readTree(response.body()).path("error").asText()).as(path).isEqualTo(error);
    }

    private void malformedOcspRequest(List<Header> headers, byte[] body) throws Exception {
        RawHttp.Response response = http.send(new RawHttp.Request("POST", "/pki/ocsp/signing/smartphone".getBytes(StandardCharsets.US_ASCII),
                new ArrayList<>(headers), body, Framing.LENGTH));
        assertThat(response.status()).isEqualTo(200);
        assertThat(new OCSPResp(response.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
