package org.mjpki.webapp.unlock;

import static org.mjpki.webapp.revocation.AppApiInput.base64;
import static org.mjpki.webapp.revocation.AppApiInput.id;

import org.mjpki.lifecycle.jpki.CardSignedDocument;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
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
 * The app API for releasing a locked (or forgotten) signing password or user-auth PIN with the card (R9). Thin: sizes
 * and encodings here, the checks in {@link LockReleases}. Changing a known password or PIN never comes here: the
 * applet does it on the phone.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Password and PIN lock release")
public class LockReleaseController {

    /** Larger than any holder-secret blob (103 or 119 bytes); a bigger one is refused unread. */
    private static final int MAX_ENCRYPTED_SECRET_BYTES = 256;

    private final LockReleases releases;

    public LockReleaseController(LockReleases releases) {
        this.releases = releases;
    }

    /** The card-signed lock release (CMS SignedData, base64). */
    public record SignedLockRelease(String signedRequest) {}

    /** The new secret as the app encrypted it for the applet (base64); the server cannot read it. */
    public record NewSecret(String encryptedSecret) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "Release a password or PIN lock with the card", description = "The card-signed lock release (CMS SignedData, base64; ADR 0020).")
    @PostMapping("/api/v1/credential-sets/{credentialSetId}/lock-releases")
    @StartsAnOperation
    public ResponseEntity<LockReleases.LockReleaseStatus> request(@PathVariable String credentialSetId, @RequestBody SignedLockRelease body,
            @RequestHeader(value = CallerCapability.HEADER, required = false) String capability) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        CallerCapability caller = CallerCapability.forStart(capability);
        LockReleases.LockReleaseStatus started = releases.request(id(credentialSetId),
                base64(body.signedRequest(), "signedRequest", CardSignedDocument.MAX_ENCODED_SIZE), caller.sha256());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(CallerCapability.HEADER, caller.token()).body(started);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Where a lock release stands")
    @GetMapping("/api/v1/lock-releases/{lockReleaseId}")
    @ForTheCaller(value = Operation.LOCK_RELEASE, pathVariable = "lockReleaseId")
    public LockReleases.LockReleaseStatus status(@PathVariable String lockReleaseId) {
        return releases.status(id(lockReleaseId));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The new secret for the applet", description = "Encrypted by the app for the applet (base64): the server cannot read it.")
    @PostMapping("/api/v1/lock-releases/{lockReleaseId}/new-secret")
    @ForTheCaller(value = Operation.LOCK_RELEASE, pathVariable = "lockReleaseId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public LockReleases.LockReleaseStatus newSecret(@PathVariable String lockReleaseId, @RequestBody NewSecret body) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        return releases.newSecret(id(lockReleaseId), base64(body.encryptedSecret(), "encryptedSecret", MAX_ENCRYPTED_SECRET_BYTES));
    }
}
