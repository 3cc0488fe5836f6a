package org.mjpki.webapp;

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

/** A plain HTTP client for tests that talk to the server only over REST. */
public final class RestClientForTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;
    /** The capability an app instance holds for the operation a path is about (ADR 0026); none by default. */
    private final java.util.function.Function<String, java.util.Optional<String>> capabilities;

    public RestClientForTests(String base, String user, String password) {
        this(base, user, password, path -> java.util.Optional.empty());
    }

    private RestClientForTests(String base, String user, String password,
                               java.util.function.Function<String, java.util.Optional<String>> capabilities) {
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.capabilities = capabilities;
    }

    /**
     * The same caller as an app instance that holds capabilities: each call sends the one {@code capabilities} gives
     * for its path, in the {@code Mjpki-Capability} header.
     */
    public static RestClientForTests appInstance(String base, String user, String password,
                                                 java.util.function.Function<String, java.util.Optional<String>> capabilities) {
        return new RestClientForTests(base, user, password, capabilities);
    }

    public record Response(int status, JsonNode body, String raw, java.util.Map<String, java.util.List<String>> headers) {
        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response send(String method, String path, String json) {
        return send(method, path, json, java.util.Map.of());
    }

    public Response send(String method, String path, String json, java.util.Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(3));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.header("Accept", "application/json");
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (!headers.containsKey("Mjpki-Capability")) {
                capabilities.apply(path).ifPresent(token -> request.header("Mjpki-Capability", token));
            }
            headers.forEach(request::header);
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // leave body null; raw has it
            }
            return new Response(response.statusCode(), body, response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
