package org.mjpki.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Mynaportal app's view of the server: the app-facing REST API, over HTTP, authenticated with the app's
 * client credentials. The simulated app uses nothing else to reach the server.
 *
 * <p>Every operation the app starts is bound to a capability ({@value #CAPABILITY_HEADER}, ADR 0026) that this client
 * chooses, sends with the start and keeps — as each phone's app keeps its own — and sends with every later call about
 * that operation; the set an application made goes with the application's. Another client (another app instance) is
 * told there is no such operation.
 *
 * <p>The server may be away for a while (restarted, say): a call whose connection broke or was refused, or that the
 * server answered 503 (its database away), is sent again, unchanged, until {@code outageTolerance} has passed. That is safe: a start sent again with the same capability is
 * answered with the operation it started, and a step the server took before the connection broke is answered 409
 * wrong_step the second time, which the client then takes as done.
 */
public final class AppApiClient {

    /** The header that carries an operation's capability, both ways. */
    public static final String CAPABILITY_HEADER = "Mjpki-Capability";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATIONS = "/api/v1/applications/";
    private static final String SETS = "/api/v1/credential-sets/";
    /** The capabilities this app instance holds, by the operation's resource ({@code /api/v1/<operations>/<id>}). */
    private final java.util.Map<String, String> capabilities = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.function.Supplier<URI> base;
    private final String authorization;

    private final Duration outageTolerance;
    private final SecureRandom random = new SecureRandom();

    /** A client that sends a call whose connection broke once more, and gives up then. */
    public AppApiClient(java.util.function.Supplier<URI> serverUrl, String user, String password) {
        this(serverUrl, user, password, Duration.ZERO);
    }

    /** @param outageTolerance how long to keep sending a call again while the server cannot be reached */
    public AppApiClient(java.util.function.Supplier<URI> serverUrl, String user, String password, Duration outageTolerance) {
        this.base = serverUrl;
        this.outageTolerance = outageTolerance;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public ApplicationStatus submit(byte[] signedApplication, String attestationToken) {
        // 201; 200 when the server had taken it before the connection broke (the same capability: the same start)
        Answer answer = start("POST", "/api/v1/applications", Map.of(
                "signedApplication", Base64.getEncoder().encodeToString(signedApplication),
                "attestationToken", attestationToken), 201, 200);
        ApplicationStatus status = ApplicationStatus.from(answer.body(), null);
        keep(answer, APPLICATIONS + status.applicationId());
        return status;
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
            HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(APPLICATIONS + applicationId))
                    .timeout(wait.plusSeconds(30))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json")
                    .GET();
            withCapability(request, APPLICATIONS + applicationId);
            if (seen != null && seen.entityTag() != null && !wait.isZero()) {
                request.header("If-None-Match", seen.entityTag()).header("Prefer", "wait=" + wait.toSeconds());
            }
            HttpResponse<String> response = exchange(request.build());
            if (response.statusCode() == 304 && seen != null) {
                return seen;
            }
            if (response.statusCode() != 200) {
                throw AppApiException.answered("GET status of " + applicationId, response);
            }
            ApplicationStatus status = ApplicationStatus.from(JSON.readTree(response.body()),
                    response.headers().firstValue("ETag").orElse(null));
            keepForSet(status.credentialSetId(), APPLICATIONS + applicationId);
            return status;
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

    /**
     * Sends the holder's phone-signed revocation request (R9): the request's bytes as signed, the signature and
     * the signature identification info it covers. 202 with the revocation's status; a refusal is an
     * {@link AppApiException} with the server's status and error code.
     */
    public RevocationStatus requestRevocation(byte[] request, byte[] signature, byte[] identification) {
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("request", b64.encodeToString(request));
        body.put("signature", b64.encodeToString(signature));
        body.put("identification", b64.encodeToString(identification));
        Answer answer = start("POST", "/api/v1/revocations", body, 202, 202);
        RevocationStatus status = RevocationStatus.from(answer.body());
        keep(answer, "/api/v1/revocations/" + status.revocationId());
        return status;
    }

    /** Where a revocation stands now. */
    public RevocationStatus revocation(String revocationId) {
        return RevocationStatus.from(send("GET", "/api/v1/revocations/" + revocationId, null, 200));
    }

    /** A credential set as Mynaportal's validity check shows it to its holder. */
    public CredentialSetView credentialSet(String credentialSetId) {
        return CredentialSetView.from(send("GET", "/api/v1/credential-sets/" + credentialSetId, null, 200));
    }

    /** The card-signed release of a hold (R10): 202 with where it stands. */
    public HoldReleaseStatus requestHoldRelease(String credentialSetId, byte[] signedRelease) {
        Answer answer = start("POST", "/api/v1/credential-sets/" + credentialSetId + "/hold-releases",
                Map.of("signedRelease", Base64.getEncoder().encodeToString(signedRelease)), 202, 202);
        HoldReleaseStatus status = HoldReleaseStatus.from(answer.body());
        keep(answer, "/api/v1/hold-releases/" + status.releaseId());
        return status;
    }

    public HoldReleaseStatus holdRelease(String releaseId) {
        return HoldReleaseStatus.from(send("GET", "/api/v1/hold-releases/" + releaseId, null, 200));
    }

    /** The holder's signature with the re-issued signing key over the key-check challenge. 202. */
    public HoldReleaseStatus submitKeyCheck(String releaseId, byte[] signature, byte[] identification) {
        Base64.Encoder b64 = Base64.getEncoder();
        return HoldReleaseStatus.from(send("POST", "/api/v1/hold-releases/" + releaseId + "/key-check", Map.of("signature", b64.encodeToString(signature), "identification", b64.encodeToString(identification)), 202));
    }

    /** Where a hold release stands; {@code keyCheckChallenge} (base64) while the key check is awaited. */
    public record HoldReleaseStatus(String releaseId, String credentialSetId, String stage, boolean finished,
                                    String keyCheckChallenge) {
        static HoldReleaseStatus from(JsonNode json) {
            return new HoldReleaseStatus(json.path("releaseId").asText(null), json.path("credentialSetId").asText(null),
                    json.path("stage").asText(null), json.path("finished").asBoolean(),
                    json.path("keyCheckChallenge").isTextual() ? json.get("keyCheckChallenge").asText() : null);
        }
    }

    /** Registering the signing certificate again, signed with the new card certificate (R4): 202 with where it stands. */
    public ReregistrationStatus requestSigningReregistration(String credentialSetId, byte[] signedRequest) {
        Answer answer = start("POST", "/api/v1/credential-sets/" + credentialSetId + "/signing-reregistrations",
                Map.of("signedRequest", Base64.getEncoder().encodeToString(signedRequest)), 202, 202);
        ReregistrationStatus status = ReregistrationStatus.from(answer.body());
        keep(answer, "/api/v1/signing-reregistrations/" + status.reregistrationId());
        return status;
    }

    public ReregistrationStatus signingReregistration(String id) {
        return ReregistrationStatus.from(send("GET", "/api/v1/signing-reregistrations/" + id, null, 200));
    }

    public ReregistrationStatus submitReregistrationKeyCheck(String id, byte[] signature, byte[] identification) {
        Base64.Encoder b64 = Base64.getEncoder();
        return ReregistrationStatus.from(send("POST", "/api/v1/signing-reregistrations/" + id + "/key-check", Map.of("signature", b64.encodeToString(signature), "identification", b64.encodeToString(identification)), 202));
    }

    /** Where a re-registration stands; {@code keyCheckChallenge} (base64) while the key check is awaited. */
    public record ReregistrationStatus(String reregistrationId, String credentialSetId, String stage, boolean finished,
                                       String keyCheckChallenge) {
        static ReregistrationStatus from(JsonNode json) {
            return new ReregistrationStatus(json.path("reregistrationId").asText(null), json.path("credentialSetId").asText(null),
                    json.path("stage").asText(null), json.path("finished").asBoolean(),
                    json.path("keyCheckChallenge").isTextual() ? json.get("keyCheckChallenge").asText() : null);
        }
    }

    /** The card-signed release of a password or PIN lock (R9): 202 with where it stands. */
    public LockReleaseStatus requestLockRelease(String credentialSetId, byte[] signedRequest) {
        Answer answer = start("POST", "/api/v1/credential-sets/" + credentialSetId + "/lock-releases",
                Map.of("signedRequest", Base64.getEncoder().encodeToString(signedRequest)), 202, 202);
        LockReleaseStatus status = LockReleaseStatus.from(answer.body());
        keep(answer, "/api/v1/lock-releases/" + status.lockReleaseId());
        return status;
    }

    public LockReleaseStatus lockRelease(String lockReleaseId) {
        return LockReleaseStatus.from(send("GET", "/api/v1/lock-releases/" + lockReleaseId, null, 200));
    }

    /** The holder's new secret as the app encrypted it for the applet (opaque to the server). 202. */
    public LockReleaseStatus submitNewSecret(String lockReleaseId, byte[] encryptedSecret) {
        return LockReleaseStatus.from(send("POST", "/api/v1/lock-releases/" + lockReleaseId + "/new-secret", Map.of("encryptedSecret", Base64.getEncoder().encodeToString(encryptedSecret)), 202));
    }

    /**
     * Where a lock release stands: {@code stage} AWAITING_NEW_SECRET, NEW_SECRET_REFUSED ({@code message} says why),
     * RELEASING, COMPLETED, NO_NEW_SECRET, SET_NOT_ACTIVE, PHONE_DID_NOT_ANSWER or CANCELLED.
     */
    public record LockReleaseStatus(String lockReleaseId, String credentialSetId, String secret, String stage,
                                    boolean finished, String message, Boolean mayOfferBiometrics) {
        static LockReleaseStatus from(JsonNode json) {
            return new LockReleaseStatus(json.path("lockReleaseId").asText(null), json.path("credentialSetId").asText(null),
                    json.path("secret").asText(null), json.path("stage").asText(null), json.path("finished").asBoolean(),
                    json.path("message").isTextual() ? json.get("message").asText() : null,
                    json.path("mayOfferBiometrics").isBoolean() ? json.get("mayOfferBiometrics").asBoolean() : null);
        }
    }

    /** The delete-complete notice (R8): the applet of {@code credentialSetId} is gone from the phone. 202. */
    public void appletDeleteNotice(String credentialSetId) {
        send("POST", "/api/v1/credential-sets/" + credentialSetId + "/applet-delete-notices", null, 202);
    }

    /** An answer's body and headers. */
    private record Answer(JsonNode body, java.net.http.HttpHeaders headers) {}

    private JsonNode send(String method, String path, Object body, int expected) {
        return exchange(method, path, null, body, expected, expected).body();
    }

    /** Starts an operation under a capability this client chooses now and sends with it (kept once answered). */
    private Answer start(String method, String path, Object body, int expected, int repeated) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String capability = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return exchange(method, path, capability, body, expected, repeated);
    }

    /** Keeps the capability an operation's start answered with, for the operation at {@code resource}. */
    private void keep(Answer answer, String resource) {
        answer.headers().firstValue(CAPABILITY_HEADER).ifPresent(token -> capabilities.put(resource, token));
    }

    /** The set an application made is reached with the application's capability. */
    private void keepForSet(String credentialSetId, String application) {
        String token = capabilities.get(application);
        if (credentialSetId != null && token != null) {
            capabilities.putIfAbsent(SETS + credentialSetId, token);
        }
    }

    /**
     * The capability this app instance holds for the operation a path is about ({@code /api/v1/<operations>/<id>...}),
     * if any: what it sends with a call to that path.
     */
    public java.util.Optional<String> capabilityFor(String path) {
        String[] segments = path.split("[/?]", -1);
        // "", "api", "v1", collection, id, ...
        return segments.length < 5 ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(capabilities.get("/api/v1/" + segments[3] + "/" + segments[4]));
    }

    private void withCapability(HttpRequest.Builder request, String path) {
        capabilityFor(path).ifPresent(token -> request.header(CAPABILITY_HEADER, token));
    }

    /**
     * @param capability the capability of a start (null: the one this client keeps for the path, if any)
     * @param repeated   the status that also counts as done (a start the server had taken: 200 or 202)
     */
    private Answer exchange(String method, String path, String capability, Object body, int expected, int repeated) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json");
            if (capability != null) {
                request.header(CAPABILITY_HEADER, capability);
            } else {
                withCapability(request, path);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            Sent sent = exchangeOutlasting(request.build());
            HttpResponse<String> response = sent.response();
            boolean takenBefore = sent.again() && "POST".equals(method) && response.statusCode() == 409
                    && "wrong_step".equals(AppApiException.answered(path, response).error());
            if (response.statusCode() != expected && response.statusCode() != repeated && !takenBefore) {
                throw AppApiException.answered(method + " " + path, response);
            }
            Answer answer = new Answer(response.body().isEmpty() || takenBefore ? JSON.createObjectNode()
                    : JSON.readTree(response.body()), response.headers());
            if (capability != null && answer.headers().firstValue(CAPABILITY_HEADER).isEmpty()) {
                // the server echoes the capability of a start; keep ours either way
                return new Answer(answer.body(), java.net.http.HttpHeaders.of(Map.of(CAPABILITY_HEADER, List.of(capability)),
                        (name, value) -> true));
            }
            return answer;
        } catch (IOException e) {
            throw new AppApiException(method + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppApiException(method + " " + path + " interrupted");
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(1, Math.min(30, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException notSeconds) {
            return 1;
        }
    }

    /** An answer, and whether it answers a request sent again after a broken connection. */
    private record Sent(HttpResponse<String> response, boolean again) {}

    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        return exchangeOutlasting(request).response();
    }

    /**
     * Sends again when the connection broke or was refused before any answer: once at least — the server closes a
     * kept-alive connection that sat idle past its keep-alive timeout, and the JDK's client may pick it for the next
     * request at that moment ("header parser received no bytes") — and for as long as the outage tolerance allows
     * (a server restarting). A request the server did take is safe to send again (see the class comment).
     */
    private Sent exchangeOutlasting(HttpRequest request) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + outageTolerance.toNanos();
        long pause = 200;
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && System.nanoTime() < giveUp) {
                    // the server cannot answer now (its database restarting): it took nothing; as it asks, again later
                    Thread.sleep(1_000L * response.headers().firstValue("Retry-After").map(AppApiClient::seconds).orElse(1L));
                    continue;
                }
                return new Sent(response, attempt > 0);
            } catch (java.net.http.HttpTimeoutException timeout) {
                throw timeout;
            } catch (IOException broken) {
                if (attempt > 0 && System.nanoTime() > giveUp) {
                    throw broken;
                }
                if (attempt > 0) {
                    Thread.sleep(pause);
                    pause = Math.min(2_000, pause * 2);
                }
            }
        }
    }

    /**
     * The app API's answer about one application, in the holder's terms.
     *
     * @param entityTag       the server's tag for this answer, to wait for the next one with
     * @param credentialSetId the set this application makes, once its slot is reserved (else null)
     */
    public record ApplicationStatus(String applicationId, String stage, String nextAction, String reason, String entityTag,
                                    String credentialSetId) {
        static ApplicationStatus from(JsonNode json, String entityTag) {
            return new ApplicationStatus(json.path("applicationId").asText(), json.path("stage").asText(),
                    json.path("nextAction").asText(null), json.path("reason").asText(null), entityTag,
                    json.path("credentialSetId").asText(null));
        }

        public ApplicationStatus(String applicationId, String stage, String nextAction, String reason, String entityTag) {
            this(applicationId, stage, nextAction, reason, entityTag, null);
        }

        public boolean finished() {
            return stage.equals("COMPLETED") || stage.equals("REFUSED") || stage.equals("CANCELLED");
        }
    }

    /**
     * A revocation as the app API shows it.
     *
     * @param stage    REVOKING, DELETING_APPLET, COMPLETED or APPLET_LEFT_ON_PHONE
     * @param reason   the holder's reason (null in the answer to the request itself)
     * @param finished whether it is over (the server says so)
     */
    public record RevocationStatus(String revocationId, String credentialSetId, String reason, String stage, boolean finished) {
        static RevocationStatus from(JsonNode json) {
            return new RevocationStatus(json.path("revocationId").asText(null), json.path("credentialSetId").asText(null),
                    json.path("reason").asText(null), json.path("stage").asText(null), json.path("finished").asBoolean(false));
        }

        /** Both certificates are revoked, but the applet could not be deleted and is still on the phone. */
        public boolean appletLeftOnPhone() {
            return "APPLET_LEFT_ON_PHONE".equals(stage);
        }
    }

    /**
     * A credential set as Mynaportal's validity check shows it.
     *
     * @param applet the applet's state on the phone, as the server words it
     * @param json   the whole answer, for anything not modelled here
     */
    public record CredentialSetView(String credentialSetId, String state, String applet, String phoneManufacturer,
                                    String phoneModel, Instant issuedAt, List<CertificateView> certificates,
                                    List<HistoryEntry> history, JsonNode json) {
        static CredentialSetView from(JsonNode json) {
            List<CertificateView> certificates = new java.util.ArrayList<>();
            json.path("certificates").forEach(c -> certificates.add(new CertificateView(text(c, "keyRole"), text(c, "serial"),
                    text(c, "status"), text(c, "revocationReason"), instant(c, "notBefore"), instant(c, "notAfter"))));
            List<HistoryEntry> history = new java.util.ArrayList<>();
            json.path("history").forEach(h -> history.add(new HistoryEntry(instant(h, "at"), text(h, "event"),
                    text(h, "actor"), text(h, "reason"))));
            JsonNode applet = json.path("applet");
            return new CredentialSetView(text(json, "credentialSetId"), text(json, "state"),
                    applet.isValueNode() ? applet.asText(null) : applet.isMissingNode() ? null : applet.toString(),
                    text(json.path("phone"), "manufacturer"), text(json.path("phone"), "model"), instant(json, "issuedAt"),
                    List.copyOf(certificates), List.copyOf(history), json);
        }

        /** The certificate of {@code keyRole} (SIGNING or USER_AUTH), if the set has one. */
        public java.util.Optional<CertificateView> certificate(String keyRole) {
            return certificates.stream().filter(c -> keyRole.equals(c.keyRole())).findFirst();
        }
    }

    /** One certificate of a set; {@code revocationReason} is null while it is good. */
    public record CertificateView(String keyRole, String serial, String status, String revocationReason, Instant notBefore,
                                  Instant notAfter) {}

    /** One line of a set's history: when, what, who (HOLDER, CALL_CENTER, …) and why. */
    public record HistoryEntry(Instant at, String event, String actor, String reason) {}

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** An ISO-8601 instant or offset date-time, or epoch seconds as a number; null when absent. */
    private static Instant instant(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            java.math.BigDecimal seconds = value.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return Instant.parse(value.asText());
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            return java.time.OffsetDateTime.parse(value.asText()).toInstant();
        }
    }

    /**
     * The server refused or could not be reached. With an answer: its HTTP {@link #status()} and the app API's
     * error code ({@link #error()}, e.g. {@code not_found}, {@code wrong_step}) and message; status 0 and no code
     * when no answer came.
     */
    public static class AppApiException extends RuntimeException {
        private final int status;
        private final String error;
        private final String serverMessage;

        public AppApiException(String message) {
            this(message, 0, null, null);
        }

        public AppApiException(String message, int status, String error, String serverMessage) {
            super(message);
            this.status = status;
            this.error = error;
            this.serverMessage = serverMessage;
        }

        static AppApiException answered(String what, HttpResponse<String> response) {
            String error = null;
            String message = null;
            try {
                JsonNode body = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
                if (body != null && body.isObject()) {
                    error = text(body, "error");
                    message = text(body, "message");
                }
            } catch (IOException notJson) {
                // the body stays in the message as it came
            }
            return new AppApiException(what + " answered " + response.statusCode() + ": " + response.body(),
                    response.statusCode(), error, message);
        }

        /** The HTTP status the server answered with; 0 if none came. */
        public int status() {
            return status;
        }

        /** The app API's error code ({@code "error"} of the answer), if it gave one. */
        public String error() {
            return error;
        }

        /** The app API's message ({@code "message"} of the answer), if it gave one. */
        public String serverMessage() {
            return serverMessage;
        }
    }
}
