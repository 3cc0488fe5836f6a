package org.mjpki.webapp.issuance;

import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.caller.CallerCapabilities.Operation;
import org.mjpki.webapp.caller.CallerCapability;
import org.mjpki.webapp.caller.ForTheCaller;
import org.mjpki.webapp.caller.StartsAnOperation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The app API for issuance: what the Mynaportal app calls. Thin: parsing and limits here, the rest in the service. */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Issuance and device change")
@RequestMapping("/api/v1/applications")
public class IssuanceApplicationController {

    private static final int MAX_SIGNATURE = 512;
    private static final int MAX_IDENTIFICATION = 64;
    private static final int MAX_ATTESTATION = 8 * 1024;
    /**
     * The form of a compact JWS (RFC 7515): three base64url parts. Checked before the token is stored: the process
     * verifies it, but what is not even of its form (a NUL, which PostgreSQL refuses as text, failed the insert: a 500)
     * is refused here.
     */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*){2}");

    private final IssuanceApplications applications;
    private final ApplicationStatusWaits statusWaits;

    public IssuanceApplicationController(IssuanceApplications applications, ApplicationStatusWaits statusWaits) {
        this.applications = applications;
        this.statusWaits = statusWaits;
    }

    public record NewApplication(String signedApplication, String attestationToken) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "Apply for a smartphone credential set, or change device", description = "The card-signed application and the phone's attestation token; with consentToRevokeExistingSet in its signed content it is a device change (ADR 0017).")
    @PostMapping
    @StartsAnOperation
    public ResponseEntity<ApplicationStatus> apply(@RequestBody NewApplication body,
            @RequestHeader(value = CallerCapability.HEADER, required = false) String capability) {
        if (body == null || body.signedApplication() == null) {
            throw new BadRequestException("signedApplication is required");
        }
        if (body.attestationToken() == null || body.attestationToken().isBlank() || body.attestationToken().length() > MAX_ATTESTATION) {
            throw new BadRequestException("attestationToken is required and at most " + MAX_ATTESTATION + " characters");
        }
        if (!COMPACT_JWS.matcher(body.attestationToken()).matches()) {
            throw new BadRequestException("attestationToken is not a compact JWS");
        }
        CallerCapability caller = CallerCapability.forStart(capability);
        IssuanceApplications.Received received = applications.receive(
                base64(body.signedApplication(), "signedApplication", 64 * 1024), body.attestationToken(), caller.sha256());
        // 201 for a new application; 200 with where it stands when the same caller sent it again
        return ResponseEntity.status(received.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
                .header(CallerCapability.HEADER, caller.token()).body(received.status());
    }

    /**
     * Where the application stands. With {@code If-None-Match} (the entity tag of the status the app has) and
     * {@code Prefer: wait=N} (seconds, at most 30) the answer waits until it changes: 200 with the new status, or
     * 304 when the wait ends first.
     */
    @io.swagger.v3.oas.annotations.Operation(summary = "Where an application stands", description = "In the holder's terms; with If-None-Match and Prefer: wait=N it waits for the next step (long polling).")
    @GetMapping("/{applicationId}")
    @ForTheCaller(value = Operation.APPLICATION, pathVariable = "applicationId")
    public DeferredResult<ResponseEntity<ApplicationStatus>> status(@PathVariable String applicationId,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String seenTag,
            @RequestHeader(value = "Prefer", required = false) String prefer) {
        return statusWaits.status(ApplicationIds.require(applicationId), seenTag, PreferWait.parse(prefer));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The holder set the password and PIN on the phone", description = "The secrets never leave the phone; this only tells that they are set.")
    @PostMapping("/{applicationId}/holder-secrets")
    @ForTheCaller(value = Operation.APPLICATION, pathVariable = "applicationId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public void holderSecretsSet(@PathVariable String applicationId) {
        applications.holderSecretsSet(ApplicationIds.require(applicationId));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The operation check's challenge", description = "What the holder signs with each new key to prove the set works.")
    @GetMapping("/{applicationId}/operation-challenge")
    @ForTheCaller(value = Operation.APPLICATION, pathVariable = "applicationId")
    public Map<String, String> operationChallenge(@PathVariable String applicationId) {
        byte[] challenge = applications.operationChallenge(ApplicationIds.require(applicationId));
        return Map.of("challenge", Base64.getEncoder().encodeToString(challenge));
    }

    public record Signature(String keyRole, String signature, String identification) {}

    public record OperationCheck(List<Signature> signatures) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "The holder's operation check", description = "A signature with each key over the challenge.")
    @PostMapping("/{applicationId}/operation-check")
    @ForTheCaller(value = Operation.APPLICATION, pathVariable = "applicationId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public void operationCheck(@PathVariable String applicationId, @RequestBody OperationCheck body) {
        if (body == null || body.signatures() == null || body.signatures().size() != KeyRole.values().length) {
            throw new BadRequestException("signatures must hold one entry per key: SIGNING and USER_AUTH");
        }
        Map<KeyRole, byte[][]> signatures = new EnumMap<>(KeyRole.class);
        for (Signature s : body.signatures()) {
            if (s == null) {
                throw new BadRequestException("each signature is an object with keyRole, signature and identification");
            }
            KeyRole role;
            try {
                role = KeyRole.valueOf(String.valueOf(s.keyRole()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("keyRole must be SIGNING or USER_AUTH");
            }
            if (signatures.put(role, new byte[][] {base64(s.signature(), "signature", MAX_SIGNATURE),
                    base64(s.identification(), "identification", MAX_IDENTIFICATION)}) != null) {
                throw new BadRequestException("keyRole " + role + " appears twice");
            }
        }
        applications.operationCheckSubmitted(ApplicationIds.require(applicationId), signatures);
    }

    private static byte[] base64(String value, String field, int maxBytes) {
        if (value == null || value.isEmpty()) {
            throw new BadRequestException(field + " is required");
        }
        if (value.length() > (maxBytes / 3 + 1) * 4) {
            throw new BadRequestException(field + " is larger than " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + " is not base64");
        }
    }
}
