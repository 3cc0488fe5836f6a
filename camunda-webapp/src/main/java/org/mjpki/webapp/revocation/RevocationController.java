package org.mjpki.webapp.revocation;

import static org.mjpki.webapp.revocation.AppApiInput.base64;
import static org.mjpki.webapp.revocation.AppApiInput.id;

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
 * The app API for the holder's own revocation (R9) and their set's validity check. Thin: sizes and encodings here,
 * the checks in {@link HolderRevocations}.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Revocation and the set")
public class RevocationController {

    private final HolderRevocations revocations;
    private final CredentialSets sets;

    public RevocationController(HolderRevocations revocations, CredentialSets sets) {
        this.revocations = revocations;
        this.sets = sets;
    }

    /** The phone-signed request as it was signed (base64), the signature and its identification info. */
    public record SignedRevocation(String request, String signature, String identification) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "Revoke the set from the phone", description = "The phone-signed revocation request as it was signed, the signature and its identification info (ADR 0015).")
    @PostMapping("/api/v1/revocations")
    @StartsAnOperation
    public ResponseEntity<RevocationStatus> revoke(@RequestBody SignedRevocation body,
            @RequestHeader(value = CallerCapability.HEADER, required = false) String capability) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        PhoneSignedRequest signed = PhoneSignedRequest.revocation(
                base64(body.request(), "request", PhoneSignedRequest.MAX_REQUEST_BYTES),
                base64(body.signature(), "signature", PhoneSignedRequest.MAX_SIGNATURE_BYTES),
                base64(body.identification(), "identification", PhoneSignedRequest.MAX_IDENTIFICATION_BYTES));
        CallerCapability caller = CallerCapability.forStart(capability);
        RevocationStatus started = revocations.request(signed, caller.sha256());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(CallerCapability.HEADER, caller.token()).body(started);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Where a revocation stands")
    @GetMapping("/api/v1/revocations/{revocationId}")
    @ForTheCaller(value = Operation.REVOCATION, pathVariable = "revocationId")
    public RevocationStatus revocation(@PathVariable String revocationId) {
        return revocations.status(id(revocationId));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The set as the validity check shows it", description = "State, each certificate's status and validity, the phone's maker and model, history.")
    @GetMapping("/api/v1/credential-sets/{credentialSetId}")
    @ForTheCaller(value = Operation.CREDENTIAL_SET, pathVariable = "credentialSetId")
    public CredentialSetView credentialSet(@PathVariable String credentialSetId) {
        return sets.view(id(credentialSetId));
    }

    /** The delete-complete notice of the set's phone (R8). */
    @io.swagger.v3.oas.annotations.Operation(summary = "The phone deleted the applet", description = "The delete-complete notice of the set's phone (R8).")
    @PostMapping("/api/v1/credential-sets/{credentialSetId}/applet-delete-notices")
    @ForTheCaller(value = Operation.CREDENTIAL_SET, pathVariable = "credentialSetId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public void appletDeleteNotice(@PathVariable String credentialSetId) {
        sets.appletDeleteReported(id(credentialSetId));
    }
}
