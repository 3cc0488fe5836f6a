package org.mjpki.webapp.hold;

import static org.mjpki.webapp.revocation.AppApiInput.base64;
import static org.mjpki.webapp.revocation.AppApiInput.id;

import org.mjpki.lifecycle.jpki.CardSignedDocument;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.lifecycle.revocation.PhoneSignedRequest;
import org.mjpki.registry.caller.CallerCapabilities.Operation;
import org.mjpki.webapp.caller.CallerCapability;
import org.mjpki.webapp.caller.ForTheCaller;
import org.mjpki.webapp.caller.StartsAnOperation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app API for releasing a found phone's hold with the card (R10) and for the re-issue's key check. Thin: sizes
 * and encodings here, the checks in {@link HoldReleases}.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Hold release")
public class HoldReleaseController {

    private final HoldReleases releases;

    public HoldReleaseController(HoldReleases releases) {
        this.releases = releases;
    }

    /** The card-signed release (CMS SignedData, base64). */
    public record SignedRelease(String signedRelease) {}

    /** The holder's signature with the new signing key over the key-check challenge, and its identification info. */
    public record KeyCheck(String signature, String identification) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "Release a lost-phone hold with the card", description = "The card-signed release (CMS SignedData, base64) starts process lost-device-hold's release: the signing certificate is re-issued on the same phone (ADR 0019).")
    @PostMapping("/api/v1/credential-sets/{credentialSetId}/hold-releases")
    @StartsAnOperation
    public ResponseEntity<HoldReleases.HoldReleaseStatus> release(@PathVariable String credentialSetId, @RequestBody SignedRelease body,
            @RequestHeader(value = CallerCapability.HEADER, required = false) String capability) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        CallerCapability caller = CallerCapability.forStart(capability);
        HoldReleases.HoldReleaseStatus started = releases.request(id(credentialSetId),
                base64(body.signedRelease(), "signedRelease", CardSignedDocument.MAX_ENCODED_SIZE), caller.sha256());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(CallerCapability.HEADER, caller.token()).body(started);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Where a hold release stands", description = "Its stage, and the key-check challenge to sign with the new signing key.")
    @GetMapping("/api/v1/hold-releases/{releaseId}")
    @ForTheCaller(value = Operation.HOLD_RELEASE, pathVariable = "releaseId")
    public HoldReleases.HoldReleaseStatus status(@PathVariable String releaseId) {
        return releases.status(id(releaseId));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Prove the new signing key of a hold release", description = "The holder's signature with the new signing key over the key-check challenge, and its identification info.")
    @PostMapping("/api/v1/hold-releases/{releaseId}/key-check")
    @ForTheCaller(value = Operation.HOLD_RELEASE, pathVariable = "releaseId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public HoldReleases.HoldReleaseStatus keyCheck(@PathVariable String releaseId, @RequestBody KeyCheck body) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        return releases.keyCheck(id(releaseId), base64(body.signature(), "signature", PhoneSignedRequest.MAX_SIGNATURE_BYTES),
                base64(body.identification(), "identification", PhoneSignedRequest.MAX_IDENTIFICATION_BYTES));
    }
}
