package org.mjpki.webapp.reissue;

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
 * The app API for registering the signing certificate again after a linked revocation (R4 per kind), and for its key
 * check. Thin: sizes and encodings here, the checks in {@link SigningReregistrations}.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Signing re-registration")
public class SigningReregistrationController {

    private final SigningReregistrations reregistrations;

    public SigningReregistrationController(SigningReregistrations reregistrations) {
        this.reregistrations = reregistrations;
    }

    /** The request signed with the new card signing certificate (CMS SignedData, base64). */
    public record SignedReregistration(String signedRequest) {}

    /** The holder's signature with the new signing key over the key-check challenge, and its identification info. */
    public record KeyCheck(String signature, String identification) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "Register the signing certificate again with the new card certificate", description = "After a signing-only linked revocation (an address change): the request signed with the new card signing certificate.")
    @PostMapping("/api/v1/credential-sets/{credentialSetId}/signing-reregistrations")
    @StartsAnOperation
    public ResponseEntity<SigningReregistrations.ReregistrationStatus> request(@PathVariable String credentialSetId,
                                                                               @RequestBody SignedReregistration body,
            @RequestHeader(value = CallerCapability.HEADER, required = false) String capability) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        CallerCapability caller = CallerCapability.forStart(capability);
        SigningReregistrations.ReregistrationStatus started = reregistrations.request(id(credentialSetId),
                base64(body.signedRequest(), "signedRequest", CardSignedDocument.MAX_ENCODED_SIZE), caller.sha256());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(CallerCapability.HEADER, caller.token()).body(started);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Where a signing re-registration stands", description = "Its stage, and the key-check challenge.")
    @GetMapping("/api/v1/signing-reregistrations/{reregistrationId}")
    @ForTheCaller(value = Operation.SIGNING_REREGISTRATION, pathVariable = "reregistrationId")
    public SigningReregistrations.ReregistrationStatus status(@PathVariable String reregistrationId) {
        return reregistrations.status(id(reregistrationId));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Prove the new signing key of a re-registration", description = "The holder's signature with the new signing key over the challenge.")
    @PostMapping("/api/v1/signing-reregistrations/{reregistrationId}/key-check")
    @ForTheCaller(value = Operation.SIGNING_REREGISTRATION, pathVariable = "reregistrationId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public SigningReregistrations.ReregistrationStatus keyCheck(@PathVariable String reregistrationId, @RequestBody KeyCheck body) {
        if (body == null) {
            throw new InvalidApplicationException("a body is required");
        }
        return reregistrations.keyCheck(id(reregistrationId),
                base64(body.signature(), "signature", PhoneSignedRequest.MAX_SIGNATURE_BYTES),
                base64(body.identification(), "identification", PhoneSignedRequest.MAX_IDENTIFICATION_BYTES));
    }
}
