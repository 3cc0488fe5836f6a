package org.mjpki.simulator.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.AppApiClient.AppApiException;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.AppApiClient.RevocationStatus;
import org.mjpki.simulator.app.IssuanceTimeline;
import org.mjpki.simulator.app.RevocationRequest;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.SimulatedPhone;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.mjpki.simulator.ConditionalOnSimulatedWorld;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drives the simulated world for demos and manual tests: a new holder with a test My Number card and a phone
 * applies for a smartphone set through the app API, exactly as the real app would, and can revoke it from the
 * app again.
 */
@RestController
@RequestMapping("/simulator")
@ConditionalOnSimulatedWorld
public class SimulatorController {

    private final SimulatedWorld world;

    public SimulatorController(SimulatedWorld world) {
        this.world = world;
    }

    /** Optional device facts; anything left out is an eligible phone. */
    public record IssuanceRequest(String manufacturer, String model, Integer osVersion, String seType, Boolean rooted) {
        DeviceFacts device() {
            DeviceFacts d = DeviceFacts.eligibleDefault();
            return new DeviceFacts(manufacturer != null ? manufacturer : d.manufacturer(), model != null ? model : d.model(),
                    osVersion != null ? osVersion : d.osVersion(), seType != null ? seType : d.seType(),
                    rooted != null && rooted);
        }
    }

    /**
     * A new holder and phone run a whole issuance at the pace of the current timings; answers when it has finished
     * (or after three minutes), with how long the holder waited.
     */
    @PostMapping("/issuances")
    public ResponseEntity<Map<String, Object>> issue(@RequestBody(required = false) IssuanceRequest request) {
        DeviceFacts device = (request == null ? new IssuanceRequest(null, null, null, null, null) : request).device();
        SimulatedHolder holder = world.newHolder(device);
        return outcome(holder, world.app().issueTimed(holder, Duration.ofMinutes(3)));
    }

    /**
     * Whose set moves ({@code fromSeId}), to what: a new phone (its device facts, optional as for an issuance) or, with
     * {@code samePhone}, the same phone after the app was reinstalled; and whether the holder consents to revoke the
     * old set ({@code consent}, true unless given: without it the server refuses and shows the old phone).
     */
    public record DeviceChangeOrder(String fromSeId, Boolean samePhone, Boolean consent, IssuanceRequest newPhone) {}

    /**
     * The holder of phone {@code fromSeId} moves their set (device change, 機種変更): reads the card on the new phone
     * and applies with consent to revoke the old set; answers as an issuance does, once it has finished (the old
     * phone's remote delete may still be pending if it is offline). 400 for a missing phone, 404 for an unknown one.
     */
    @PostMapping("/device-changes")
    public ResponseEntity<Map<String, Object>> changeDevice(@RequestBody(required = false) DeviceChangeOrder order) {
        if (order == null || order.fromSeId() == null || order.fromSeId().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "fromSeId is required");
        }
        Optional<SimulatedHolder> found = world.holderOn(order.fromSeId());
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + order.fromSeId());
        }
        SimulatedHolder old = found.get();
        SimulatedHolder moving = Boolean.TRUE.equals(order.samePhone()) ? world.sameHolderReinstalledApp(old)
                : world.samePersonNewPhone(old, (order.newPhone() == null
                        ? new IssuanceRequest(null, null, null, null, null) : order.newPhone()).device());
        boolean consent = order.consent() == null || order.consent();
        IssuanceTimeline timeline = consent ? world.app().changeDeviceTimed(moving, Duration.ofMinutes(3))
                : world.app().issueTimed(moving, Duration.ofMinutes(3));
        ResponseEntity<Map<String, Object>> answer = outcome(moving, timeline);
        answer.getBody().put("oldSeId", old.phone().seId());
        answer.getBody().put("oldPhoneOnline", old.phone().online());
        answer.getBody().put("oldPhoneAppletInstalled", old.phone().appletInstalled());
        answer.getBody().put("oldPhoneInbox", old.phone().inbox());
        return answer;
    }

    private ResponseEntity<Map<String, Object>> outcome(SimulatedHolder holder, IssuanceTimeline timeline) {
        ApplicationStatus status = timeline.outcome();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("applicationId", status.applicationId());
        body.put("seId", holder.phone().seId());
        body.put("holderRef", holder.card().holder().holderRef());
        body.put("stage", status.stage());
        body.put("reason", status.reason() == null ? "" : status.reason());
        body.put("timings", world.timings().current().name());
        if (timeline.completed()) {
            body.put("holderWaitForCertificatesMillis", timeline.waitForCertificates().toMillis());
            body.put("holderWaitForActivationMillis", timeline.waitForActivation().toMillis());
            body.put("endToEndMillis", timeline.endToEnd().toMillis());
        }
        body.put("phoneInbox", holder.phone().inbox());
        return ResponseEntity.status(status.stage().equals("COMPLETED") ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    /** Whose phone revokes ({@code seId}), and why ({@code NO_LONGER_USED} unless given). */
    public record RevocationOrder(String seId, String reason) {}

    /**
     * The holder of phone {@code seId} revokes their credential set from the app (R9): types the signing password,
     * the phone signs the request, the app sends it. Answers 201 once the revocation is over, or waits at
     * DELETING_APPLET for a phone that is offline (the applet goes when it is back, then the app sends the
     * delete-complete notice); 202 with where it stands if neither within three minutes. 404 for an unknown phone,
     * 409 if the holder has no credential set; the server's refusal comes back with its status and error code.
     */
    @PostMapping("/revocations")
    public ResponseEntity<Map<String, Object>> revoke(@RequestBody(required = false) RevocationOrder order) {
        if (order == null || order.seId() == null || order.seId().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "seId is required");
        }
        RevocationRequest.Reason reason;
        try {
            reason = RevocationRequest.Reason.named(order.reason());
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        Optional<SimulatedHolder> found = world.holderOn(order.seId());
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + order.seId());
        }
        SimulatedHolder holder = found.get();
        if (holder.credentialSetId().isEmpty()) {
            return error(HttpStatus.CONFLICT, "no_credential_set", "the holder of phone " + order.seId()
                    + " has no credential set to revoke");
        }
        SimulatedPhone phone = holder.phone();
        RevocationStatus status;
        boolean settled = true;
        try {
            RevocationStatus requested = world.app().revoke(holder, reason);
            try {
                status = world.app().awaitRevocationSettled(holder, requested.revocationId(), Duration.ofMinutes(3));
            } catch (IllegalStateException notYet) {
                settled = false;
                status = world.app().revocation(requested.revocationId());
            }
        } catch (AppApiException e) {
            HttpStatus answered = HttpStatus.resolve(e.status());
            return error(answered != null && answered.is4xxClientError() ? answered : HttpStatus.BAD_GATEWAY,
                    e.error() != null ? e.error() : "app_api_failed",
                    e.serverMessage() != null ? e.serverMessage() : e.getMessage());
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("revocationId", status.revocationId());
        body.put("credentialSetId", status.credentialSetId());
        body.put("seId", phone.seId());
        body.put("reason", status.reason() != null ? status.reason() : reason.name());
        body.put("stage", status.stage());
        body.put("finished", status.finished());
        body.put("phoneOnline", phone.online());
        body.put("appletInstalled", phone.appletInstalled());
        body.put("deletePending", phone.deletePending());
        body.put("phoneInbox", phone.inbox());
        return ResponseEntity.status(settled ? HttpStatus.CREATED : HttpStatus.ACCEPTED).body(body);
    }

    public record HoldReleaseOrder(String seId) {}

    /**
     * The holder found the phone {@code seId} and releases its hold in the app (R10): reads the card (the release is
     * signed with it), then types the signing password while the signing certificate is re-issued, and the phone signs
     * the key check with the new key. Answers 201 with the release's stage (COMPLETED, or where it stopped). 404 for an
     * unknown phone, 409 if the holder has no set; the server's refusal (e.g. {@code not_on_hold}) comes back with its
     * status and error code.
     */
    @PostMapping("/hold-releases")
    public ResponseEntity<Map<String, Object>> releaseHold(@RequestBody(required = false) HoldReleaseOrder order) {
        if (order == null || order.seId() == null || order.seId().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "seId is required");
        }
        Optional<SimulatedHolder> found = world.holderOn(order.seId());
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + order.seId());
        }
        SimulatedHolder holder = found.get();
        if (holder.credentialSetId().isEmpty()) {
            return error(HttpStatus.CONFLICT, "no_credential_set", "the holder of phone " + order.seId() + " has no credential set");
        }
        try {
            var status = world.app().releaseHold(holder, Duration.ofMinutes(3));
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("releaseId", status.releaseId());
            body.put("credentialSetId", status.credentialSetId());
            body.put("stage", status.stage());
            body.put("phoneInbox", holder.phone().inbox());
            return ResponseEntity.status(HttpStatus.CREATED).body(body);
        } catch (AppApiException e) {
            HttpStatus answered = HttpStatus.resolve(e.status());
            return error(answered != null && answered.is4xxClientError() ? answered : HttpStatus.BAD_GATEWAY,
                    e.error() != null ? e.error() : "app_api_failed",
                    e.serverMessage() != null ? e.serverMessage() : e.getMessage());
        } catch (IllegalStateException e) {
            return error(HttpStatus.GATEWAY_TIMEOUT, "not_finished", e.getMessage());
        }
    }

    /** Which of the holder's secrets: {@code SIGNING_PASSWORD} or {@code USER_AUTH_PIN}. */
    public record SecretOrder(String seId, String secret) {}

    /**
     * The holder of phone {@code seId} types {@code secret} wrong in the app until it is locked (5 tries for the signing
     * password, 3 for the PIN), to try a lock release. Answers 200 with the tries left (0).
     */
    @PostMapping("/secret-locks")
    public ResponseEntity<Map<String, Object>> lockSecret(@RequestBody(required = false) SecretOrder order) {
        return withSecretOrder(order, (holder, kind) -> {
            int left = kind.tryLimit();
            while (left > 0) {
                left = world.app().typeWrongSecret(holder, kind);
            }
            return ResponseEntity.ok(secretState(holder, kind));
        });
    }

    /**
     * The holder of phone {@code seId} changes a known {@code secret} in the app (R9): the applet checks the current one
     * and takes a new one; no server call. Answers 200 with the tries left.
     */
    @PostMapping("/secret-changes")
    public ResponseEntity<Map<String, Object>> changeSecret(@RequestBody(required = false) SecretOrder order) {
        return withSecretOrder(order, (holder, kind) -> {
            world.app().changeSecret(holder, kind);
            return ResponseEntity.ok(secretState(holder, kind));
        });
    }

    /**
     * The holder of phone {@code seId} releases the lock of {@code secret} in the app with the card (R9, ADR 0020): the
     * card signs the request, the holder types a new secret, the app encrypts it for the applet, the server resets the
     * applet with it. Answers 201 with the release's stage (COMPLETED, or where it stopped); the server's refusal (e.g.
     * {@code set_on_hold}) comes back with its status and error code.
     */
    @PostMapping("/lock-releases")
    public ResponseEntity<Map<String, Object>> releaseLock(@RequestBody(required = false) SecretOrder order) {
        return withSecretOrder(order, (holder, kind) -> {
            var status = world.app().releaseLock(holder, kind, Duration.ofMinutes(3));
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("lockReleaseId", status.lockReleaseId());
            body.put("credentialSetId", status.credentialSetId());
            body.put("stage", status.stage());
            body.put("mayOfferBiometrics", status.mayOfferBiometrics());
            body.putAll(secretState(holder, kind));
            body.put("phoneInbox", holder.phone().inbox());
            return ResponseEntity.status(HttpStatus.CREATED).body(body);
        });
    }

    private Map<String, Object> secretState(SimulatedHolder holder, org.mjpki.applet.client.SecretKind kind) {
        var applet = world.app().appletStatus(holder);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("secret", kind.name());
        body.put("triesLeft", applet.remainingTries(kind));
        body.put("blocked", applet.blocked(kind));
        body.put("biometricRegistered", applet.biometricRegistered());
        return body;
    }

    private ResponseEntity<Map<String, Object>> withSecretOrder(SecretOrder order,
            java.util.function.BiFunction<SimulatedHolder, org.mjpki.applet.client.SecretKind, ResponseEntity<Map<String, Object>>> action) {
        if (order == null || order.seId() == null || order.seId().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "seId is required");
        }
        org.mjpki.applet.client.SecretKind kind;
        try {
            kind = org.mjpki.applet.client.SecretKind.valueOf(String.valueOf(order.secret()));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "secret must be SIGNING_PASSWORD or USER_AUTH_PIN");
        }
        Optional<SimulatedHolder> found = world.holderOn(order.seId());
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + order.seId());
        }
        SimulatedHolder holder = found.get();
        if (holder.credentialSetId().isEmpty()) {
            return error(HttpStatus.CONFLICT, "no_credential_set", "the holder of phone " + order.seId() + " has no credential set");
        }
        try {
            return action.apply(holder, kind);
        } catch (AppApiException e) {
            HttpStatus answered = HttpStatus.resolve(e.status());
            return error(answered != null && answered.is4xxClientError() ? answered : HttpStatus.BAD_GATEWAY,
                    e.error() != null ? e.error() : "app_api_failed",
                    e.serverMessage() != null ? e.serverMessage() : e.getMessage());
        } catch (org.mjpki.applet.client.AppletException e) {
            return error(HttpStatus.CONFLICT, "applet_refused", e.getMessage());
        } catch (IllegalStateException e) {
            return error(HttpStatus.GATEWAY_TIMEOUT, "not_finished", e.getMessage());
        }
    }

    /**
     * @param event ADDRESS_CHANGED (the card signing certificate revoked as affiliationChanged and written anew with a
     *              new address), USER_AUTH_REVOKED (the card user-auth certificate revoked), or RENEWED (both revoked as
     *              superseded, a new pair written)
     */
    public record CardOfficeOrder(String seId, String event) {}

    /**
     * The town hall's card office changes the card of phone {@code seId}'s holder, as it would at a move or a renewal: the
     * embedded CA revokes the card certificate(s) at once; the linked-revocation sweep then follows (R4). Answers 200
     * with the card certificates' serials as they are now.
     */
    @PostMapping("/card-office")
    public ResponseEntity<Map<String, Object>> cardOffice(@RequestBody(required = false) CardOfficeOrder order) {
        if (order == null || order.seId() == null || order.event() == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "seId and event are required");
        }
        Optional<SimulatedHolder> found = world.holderOn(order.seId());
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + order.seId());
        }
        SimulatedHolder holder = found.get();
        switch (order.event()) {
            case "ADDRESS_CHANGED" -> world.holderMoved(holder, "福岡県福岡市中央区天神一丁目" + (1 + random.nextInt(99)) + "番"
                    + (1 + random.nextInt(99)) + "号");
            case "USER_AUTH_REVOKED" -> world.cardUserAuthRevoked(holder);
            case "RENEWED" -> world.cardRenewed(holder);
            default -> {
                return error(HttpStatus.BAD_REQUEST, "invalid_request", "event must be ADDRESS_CHANGED, USER_AUTH_REVOKED or RENEWED");
            }
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("seId", order.seId());
        body.put("event", order.event());
        body.put("cardSigningSerial", holder.card().signingCertificate().getSerialNumber().toString(16));
        body.put("cardUserAuthSerial", holder.card().userAuthCertificate().getSerialNumber().toString(16));
        return ResponseEntity.ok(body);
    }

    private final java.security.SecureRandom random = new java.security.SecureRandom();

    /**
     * The holder of phone {@code seId} registers the signing certificate again in the app, with the card as the card
     * office left it (after an address change and the sweep). Answers 201 with the stage (COMPLETED, or where it stopped);
     * the server's refusal (e.g. {@code signing_certificate_not_revoked}) comes back with its status and error code.
     */
    @PostMapping("/signing-reregistrations")
    public ResponseEntity<Map<String, Object>> reregisterSigning(@RequestBody(required = false) CardOfficeOrder order) {
        if (order == null || order.seId() == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "seId is required");
        }
        Optional<SimulatedHolder> found = world.holderOn(order.seId());
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + order.seId());
        }
        if (found.get().credentialSetId().isEmpty()) {
            return error(HttpStatus.CONFLICT, "no_credential_set", "the holder of phone " + order.seId() + " has no credential set");
        }
        try {
            var status = world.app().reregisterSigning(found.get(), Duration.ofMinutes(3));
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("reregistrationId", status.reregistrationId());
            body.put("credentialSetId", status.credentialSetId());
            body.put("stage", status.stage());
            return ResponseEntity.status(HttpStatus.CREATED).body(body);
        } catch (AppApiException e) {
            HttpStatus answered = HttpStatus.resolve(e.status());
            return error(answered != null && answered.is4xxClientError() ? answered : HttpStatus.BAD_GATEWAY,
                    e.error() != null ? e.error() : "app_api_failed", e.serverMessage() != null ? e.serverMessage() : e.getMessage());
        } catch (IllegalStateException e) {
            return error(HttpStatus.GATEWAY_TIMEOUT, "not_finished", e.getMessage());
        }
    }

    /**
     * What the test My Number card of phone {@code seId}'s holder states: the four facts a caller gives the call center
     * (Tasklist, "Report a lost phone"). Simulated holders only, for trying the call center in the embedded default;
     * operators only, never logged.
     */
    @GetMapping("/phones/{seId}/card")
    public ResponseEntity<Map<String, Object>> card(@PathVariable String seId) {
        Optional<SimulatedHolder> found = world.holderOn(seId);
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "no simulated holder has phone " + seId);
        }
        var facts = found.get().card().holder();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", facts.name());
        body.put("birthDate", facts.birthDate().toString());
        body.put("sex", "1".equals(facts.sex()) ? "MALE" : "FEMALE");
        body.put("address", facts.address());
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }

    public record Timings(String preset) {}

    /** The timings in force: {@code none}, or {@code seed-004} (phones, JPKI system and holders as seed 004 measured). */
    @GetMapping("/timings")
    public Timings timings() {
        return new Timings(world.timings().current().name());
    }

    /** Switches the timings for everything from now on; an unknown preset is refused and changes nothing. */
    @PutMapping("/timings")
    public ResponseEntity<?> useTimings(@RequestBody(required = false) Timings timings) {
        try {
            world.timings().use(SimulatedTimings.Preset.named(timings == null ? null : timings.preset()));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", e.getMessage()));
        }
        return ResponseEntity.ok(timings());
    }

    /**
     * Every phone with what its applet holds: per key, the SHA-256 of its public key and of its certificate as the applet
     * answers READ PUBLIC KEY and READ CERTIFICATE — what a reliability test compares with the registry (issue 16).
     */
    @GetMapping("/phones")
    public java.util.List<Map<String, Object>> phones() {
        return world.fleet().phones().stream().map(p -> {
            Map<String, Object> described = new java.util.LinkedHashMap<>(describe(p));
            described.put("keys", p.appletInstalled() ? keysOn(p) : Map.of());
            return described;
        }).toList();
    }

    private static Map<String, Object> keysOn(SimulatedPhone phone) {
        Map<String, Object> keys = new java.util.LinkedHashMap<>();
        for (org.mjpki.applet.client.AppletKey role : org.mjpki.applet.client.AppletKey.values()) {
            try {
                Map<String, String> held = phone.withLocalApplet(transport -> {
                    org.mjpki.applet.client.JpkiAppletClient applet = new org.mjpki.applet.client.JpkiAppletClient(transport);
                    applet.select();
                    return Map.of("publicKeySha256", sha256(applet.readPublicKey(role).getEncoded()),
                            "certificateSha256", sha256(applet.readCertificate(role)));
                });
                keys.put(role.name(), held);
            } catch (RuntimeException none) {
                // no key or no certificate of this role on the applet (yet)
            }
        }
        return keys;
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @GetMapping("/phones/{seId}")
    public ResponseEntity<Map<String, Object>> phone(@PathVariable String seId) {
        return world.fleet().phone(seId)
                .map(p -> ResponseEntity.ok(describe(p)))
                .orElse(ResponseEntity.notFound().build());
    }

    public record Network(boolean online) {}

    /** Takes a phone off the network or brings it back (R12: issuance resumes where it stopped). */
    @PostMapping("/phones/{seId}/network")
    public ResponseEntity<Map<String, Object>> network(@PathVariable String seId, @RequestBody Network network) {
        return world.fleet().phone(seId)
                .map(p -> {
                    p.setOnline(network.online());
                    return ResponseEntity.ok(describe(p));
                })
                .orElse(ResponseEntity.notFound().build());
    }

    private static Map<String, Object> describe(SimulatedPhone phone) {
        return Map.of("seId", phone.seId(), "online", phone.online(), "appletInstalled", phone.appletInstalled(),
                "deletePending", phone.deletePending(), "inbox", phone.inbox(), "device", phone.device());
    }
}
