package org.mjpki.simulator.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.RevocationReason;

/**
 * The card office of a simulated world in a process of its own: it reaches the server's CA over HTTP
 * ({@code /simulated-card-office}, served only while the server runs with its world apart), as the worker user.
 * Requests are idempotent by their id, so a call the server took but did not answer is simply sent again.
 */
public final class HttpCardCertificateOffice implements CardCertificateOffice {

    public static final String PATH = "/simulated-card-office";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 30;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<URI> server;
    private final String authorization;

    public HttpCardCertificateOffice(Supplier<URI> server, String user, String password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public X509Certificate issue(IssueRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.requestId());
        body.put("profile", request.profile().name());
        body.put("publicKey", Base64.getEncoder().encodeToString(request.subjectPublicKey().getEncoded()));
        Holder holder = request.holder();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("holderRef", holder.holderRef());
        facts.put("name", holder.name());
        facts.put("birthDate", holder.birthDate() == null ? null : holder.birthDate().toString());
        facts.put("sex", holder.sex());
        facts.put("address", holder.address());
        body.put("holder", facts);
        body.put("notAfter", request.notAfter().toString());
        JsonNode answer = post(PATH + "/certificates", body, 201, "certificate " + request.requestId());
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(answer.path("certificate").asText())));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalStateException("the card office answered certificate " + request.requestId() + " unreadably", e);
        }
    }

    @Override
    public void revoke(String requestId, CertificateRef certificate, RevocationReason reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("issuingCa", certificate.ca().name());
        body.put("serial", certificate.serial().toString(16));
        body.put("reason", reason.name());
        post(PATH + "/revocations", body, 204, "revocation " + requestId);
    }

    /** Sends again while the server is away (restarting, say): the world outlives the server. */
    private JsonNode post(String path, Object body, int expected, String what) {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(server.get().resolve(path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == expected) {
                    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
                if (response.statusCode() < 500) {
                    // the answer names no fact of the holder: the office's refusals speak of fields, not values
                    throw new IllegalStateException("the card office refused " + what + ": HTTP " + response.statusCode()
                            + " " + response.body());
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking the card office for " + what, e);
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking the card office for " + what, e);
            }
        }
        throw new IllegalStateException("the card office did not answer " + what + " within " + ATTEMPTS + " s", last);
    }
}
