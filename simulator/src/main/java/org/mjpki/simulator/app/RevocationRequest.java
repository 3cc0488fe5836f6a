package org.mjpki.simulator.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The holder's request to revoke their credential set from the app (R9), before the phone signs it. The app API
 * takes its JSON as UTF-8 bytes ({@link #toJson()}), signed on the phone with the signing key:
 * {@code {"type":"REVOCATION","credentialSetId":…,"reason":…,"nonce":…,"expiresAt":…}}.
 *
 * @param nonce     32 url-safe base64 characters (24 random bytes), so that a request is sent once
 * @param expiresAt an ISO-8601 instant; a fresh request expires {@link #VALIDITY} after it was made
 */
public record RevocationRequest(String credentialSetId, Reason reason, String nonce, Instant expiresAt) {

    public static final String TYPE = "REVOCATION";
    /** How long a fresh request is good for. */
    public static final Duration VALIDITY = Duration.ofMinutes(5);
    /** The length of a fresh nonce, in url-safe base64 characters (24 random bytes, no padding). */
    public static final int NONCE_LENGTH = 32;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why the holder revokes, as the app offers it. */
    public enum Reason {
        NO_LONGER_USED, PHONE_COMPROMISED, OTHER;

        /** The reason by its name; none given is {@link #NO_LONGER_USED}; an unknown one is refused. */
        public static Reason named(String name) {
            if (name == null || name.isBlank()) {
                return NO_LONGER_USED;
            }
            for (Reason reason : values()) {
                if (reason.name().equals(name.trim())) {
                    return reason;
                }
            }
            throw new IllegalArgumentException("unknown revocation reason; one of NO_LONGER_USED, PHONE_COMPROMISED, OTHER");
        }
    }

    public RevocationRequest {
        Objects.requireNonNull(credentialSetId, "credentialSetId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new request for {@code credentialSetId}: a fresh nonce, expiring {@link #VALIDITY} from now on {@code clock}. */
    public static RevocationRequest fresh(String credentialSetId, Reason reason, Clock clock, SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH * 3 / 4];
        random.nextBytes(nonce);
        return new RevocationRequest(credentialSetId, reason, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce),
                clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(VALIDITY));
    }

    /** The same request expiring at {@code other} (e.g. already expired, for a test). */
    public RevocationRequest withExpiresAt(Instant other) {
        return new RevocationRequest(credentialSetId, reason, nonce, other);
    }

    /** The same request for another set (e.g. someone else's, for a test). */
    public RevocationRequest withCredentialSetId(String other) {
        return new RevocationRequest(other, reason, nonce, expiresAt);
    }

    /** What the phone signs and the app sends: the request's JSON, UTF-8 (Jackson), fields in the order above. */
    public byte[] toJson() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", TYPE);
        fields.put("credentialSetId", credentialSetId);
        fields.put("reason", reason.name());
        fields.put("nonce", nonce);
        fields.put("expiresAt", expiresAt.toString());
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the revocation request could not be written", e);
        }
    }
}
