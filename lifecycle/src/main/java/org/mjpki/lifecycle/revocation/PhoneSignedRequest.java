package org.mjpki.lifecycle.revocation;

import static org.mjpki.lifecycle.jpki.StrictJson.instant;
import static org.mjpki.lifecycle.jpki.StrictJson.matching;
import static org.mjpki.lifecycle.jpki.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.lifecycle.jpki.StrictJson;

/**
 * A request the holder signed on the phone with the set's signing key (R9): the applet signs, after the holder typed
 * the signing password, the request's exact bytes followed by its signature identification info (R13), SHA256withRSA,
 * as it signs an operation check. The request is a small JSON object:
 * {@code {"type":"REVOCATION","credentialSetId":…,"reason":…,"nonce":…,"expiresAt":…}}; its bytes travel as they were
 * signed, so no canonical form is needed. Everything here is hostile until {@link #verifies} says otherwise.
 */
public final class PhoneSignedRequest {

    /** Bounds checked before anything is parsed. */
    public static final int MAX_REQUEST_BYTES = 1024;
    public static final int MAX_SIGNATURE_BYTES = 512;
    public static final int MAX_IDENTIFICATION_BYTES = 64;

    private static final Pattern SET_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Set<String> FIELDS = Set.of("type", "credentialSetId", "reason", "nonce", "expiresAt");

    /** What the request says. */
    public record Revocation(String credentialSetId, HolderRevocationReason reason, String nonce, Instant expiresAt) {}

    private final byte[] request;
    private final byte[] signature;
    private final byte[] identification;
    private final Revocation revocation;

    private PhoneSignedRequest(byte[] request, byte[] signature, byte[] identification, Revocation revocation) {
        this.request = request;
        this.signature = signature;
        this.identification = identification;
        this.revocation = revocation;
    }

    /** Parses a revocation request; anything malformed, oversized or of another type is refused with a reason. */
    public static PhoneSignedRequest revocation(byte[] request, byte[] signature, byte[] identification) {
        bounded(request, "request", MAX_REQUEST_BYTES);
        bounded(signature, "signature", MAX_SIGNATURE_BYTES);
        bounded(identification, "identification", MAX_IDENTIFICATION_BYTES);
        JsonNode json = StrictJson.object(request, FIELDS, "request");
        if (!"REVOCATION".equals(text(json, "type"))) {
            throw new InvalidApplicationException("the request is not a revocation");
        }
        String setId = matching(json, "credentialSetId", SET_ID);
        HolderRevocationReason reason;
        try {
            reason = HolderRevocationReason.valueOf(text(json, "reason"));
        } catch (IllegalArgumentException e) {
            throw new InvalidApplicationException("reason must be one of NO_LONGER_USED, PHONE_COMPROMISED, OTHER");
        }
        String nonce = matching(json, "nonce", NONCE);
        Instant expiresAt = instant(json, "expiresAt");
        return new PhoneSignedRequest(request.clone(), signature.clone(), identification.clone(),
                new Revocation(setId, reason, nonce, expiresAt));
    }

    public Revocation content() {
        return revocation;
    }

    /** Whether the signature was made over this request by the private key of {@code signingKey}. */
    public boolean verifies(PublicKey signingKey) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(signingKey);
            verifier.update(request);
            verifier.update(identification);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void bounded(byte[] value, String field, int max) {
        if (value == null || value.length == 0) {
            throw new InvalidApplicationException(field + " is required");
        }
        if (value.length > max) {
            throw new InvalidApplicationException(field + " is larger than " + max + " bytes");
        }
    }
}
