package org.mjpki.workers.outside;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The HTTP side shared by the outside-system adapters: one JDK client, the workers' Basic credentials, a timeout per
 * call. A call that cannot reach the other side throws {@link OutsideSystemUnreachableException}; answers are left
 * to the adapter, which knows what each status means for its port.
 */
final class OutsideSystemsHttp {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient client;

    OutsideSystemsHttp(URI base, String username, String password, Duration timeout) {
        if (base == null) {
            throw new IllegalArgumentException("mjpki.workers.outside.url is required");
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("mjpki.workers.outside.username and .password are required");
        }
        String root = base.toString();
        this.base = URI.create(root.endsWith("/") ? root : root + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/octet-stream, application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OutsideSystemUnreachableException(method + " " + base.resolve(path) + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutsideSystemUnreachableException(method + " " + base.resolve(path) + " interrupted", e);
        }
    }

    /** A short, safe description of an unexpected answer (the body is the other side's error JSON, never a secret). */
    static String describe(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return "HTTP " + response.statusCode() + (body.isBlank() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) : body));
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<byte[]> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(what + " is not JSON", e);
        }
    }
}
