package org.mjpki.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The Mynaportal app's view of the server: the app-facing REST API, over HTTP, authenticated with the app's
 * client credentials. The simulated app uses nothing else to reach the server.
 */
public final class AppApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.function.Supplier<URI> base;
    private final String authorization;

    public AppApiClient(java.util.function.Supplier<URI> serverUrl, String user, String password) {
        this.base = serverUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public ApplicationStatus submit(byte[] signedApplication, String attestationToken) {
        JsonNode body = send("POST", "/api/v1/applications", Map.of(
                "signedApplication", Base64.getEncoder().encodeToString(signedApplication),
                "attestationToken", attestationToken), 201);
        return ApplicationStatus.from(body, null);
    }

    public ApplicationStatus status(String applicationId) {
        return changedStatus(applicationId, null, Duration.ZERO);
    }

    /**
     * The status once it differs from {@code seen} (long polling: the server answers when the application moves
     * on, or after {@code wait} with the same status).
     */
    public ApplicationStatus changedStatus(String applicationId, ApplicationStatus seen, Duration wait) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve("/api/v1/applications/" + applicationId))
                    .timeout(wait.plusSeconds(30))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json")
                    .GET();
            if (seen != null && seen.entityTag() != null && !wait.isZero()) {
                request.header("If-None-Match", seen.entityTag()).header("Prefer", "wait=" + wait.toSeconds());
            }
            HttpResponse<String> response = exchange(request.build());
            if (response.statusCode() == 304 && seen != null) {
                return seen;
            }
            if (response.statusCode() != 200) {
                throw new AppApiException("GET status of " + applicationId + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return ApplicationStatus.from(JSON.readTree(response.body()), response.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new AppApiException("GET status of " + applicationId + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppApiException("GET status of " + applicationId + " interrupted");
        }
    }

    public void reportSecretsSet(String applicationId) {
        send("POST", "/api/v1/applications/" + applicationId + "/holder-secrets", Map.of(), 202);
    }

    public byte[] operationChallenge(String applicationId) {
        JsonNode body = send("GET", "/api/v1/applications/" + applicationId + "/operation-challenge", null, 200);
        return Base64.getDecoder().decode(body.path("challenge").asText());
    }

    public void submitOperationCheck(String applicationId, List<Map<String, String>> signatures) {
        send("POST", "/api/v1/applications/" + applicationId + "/operation-check", Map.of("signatures", signatures), 202);
    }

    private JsonNode send(String method, String path, Object body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = exchange(request.build());
            if (response.statusCode() != expected) {
                throw new AppApiException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AppApiException(method + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppApiException(method + " " + path + " interrupted");
        }
    }

    /**
     * Sends once more when the connection broke before any answer: the server closes a kept-alive connection that
     * sat idle past its keep-alive timeout, and the JDK's client may pick it for the next request at that moment
     * ("header parser received no bytes"). A request the server did take is safe to send again: a replayed
     * application or a step sent twice is refused (409), never acted on twice.
     */
    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException timeout) {
            throw timeout;
        } catch (IOException brokenConnection) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * The app API's answer about one application, in the holder's terms.
     *
     * @param entityTag the server's tag for this answer, to wait for the next one with
     */
    public record ApplicationStatus(String applicationId, String stage, String nextAction, String reason, String entityTag) {
        static ApplicationStatus from(JsonNode json, String entityTag) {
            return new ApplicationStatus(json.path("applicationId").asText(), json.path("stage").asText(),
                    json.path("nextAction").asText(null), json.path("reason").asText(null), entityTag);
        }

        public boolean finished() {
            return stage.equals("COMPLETED") || stage.equals("REFUSED") || stage.equals("CANCELLED");
        }
    }

    public static class AppApiException extends RuntimeException {
        public AppApiException(String message) {
            super(message);
        }
    }
}
