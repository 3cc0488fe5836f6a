package org.mjpki.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Value;

/**
 * Issue 15: request bodies are limited before they are parsed — a declared length over the family's limit is refused
 * unread, a chunked body as soon as it goes over — and nothing changes; under the limit the request is handled as ever.
 * OCSP keeps its own limit (an oversized request is a malformedRequest, RFC 6960).
 */
class RequestBodyLimitTest extends EndToEndOnPostgres {

    @Value("${mjpki.identity.app-user}") String appUser;
    @Value("${mjpki.identity.app-password}") String appPassword;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anApplicationOverTheAppApiLimitIsRefusedAndNothingIsRecorded() throws Exception {
        long before = sql().queryForObject("SELECT COUNT(*) FROM registry.application", Long.class);
        String big = "{\"applicationId\":\"" + "A".repeat(70 * 1024) + "\"}";
        assertThat(post("/api/v1/applications", appUser, appPassword, big, false).statusCode()).isEqualTo(413);
        assertThat(post("/api/v1/applications", appUser, appPassword, big, true).statusCode()).as("chunked").isEqualTo(413);
        assertThat(sql().queryForObject("SELECT COUNT(*) FROM registry.application", Long.class)).isEqualTo(before);
    }

    @Test
    void underTheLimitAChunkedBodyIsHandledAsEver() throws Exception {
        HttpResponse<String> response = post("/api/v1/applications", appUser, appPassword, "{\"not\":\"an application\"}", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    }

    @Test
    void theAccessTableComesFirstAndOtherFamiliesHaveTheirOwnLimits() throws Exception {
        String big = "x".repeat(20 * 1024);
        assertThat(post("/api/v1/applications", null, null, big, false).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(post("/operator/linked-revocation-sweeps", "demo", "demo", big, false).statusCode()).isEqualTo(413);
        assertThat(post("/operator/linked-revocation-sweeps", "demo", "demo", big, true).statusCode()).isEqualTo(413);
    }

    @Test
    void anOversizedOcspRequestIsAMalformedRequestNotA413() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ServerOnPostgres.baseUrl() + "/pki/ocsp/signing/smartphone"))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100 * 1024])).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED malformedRequest(1) }: 30 03 0a 01 01
        assertThat(response.body()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
    }

    private HttpResponse<String> post(String path, String user, String password, String body, boolean chunked) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ServerOnPostgres.baseUrl() + path))
                .timeout(Duration.ofMinutes(1)).header("Content-Type", "application/json")
                // an input stream of unknown length goes chunked
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                              : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
