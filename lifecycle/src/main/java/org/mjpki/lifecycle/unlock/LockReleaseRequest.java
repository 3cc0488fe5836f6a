package org.mjpki.lifecycle.unlock;

import java.util.Set;
import java.util.regex.Pattern;
import org.mjpki.lifecycle.HolderSecret;
import org.mjpki.lifecycle.jpki.CardSignedRequest;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;

/**
 * The holder's request to release the lock of (or reset) the signing password or the user-auth PIN on the phone (R9),
 * signed with the My Number card (R0, ADR 0020): the phone's own secret is what was lost, so the card authorizes. A
 * {@link CardSignedRequest} of type {@code LOCK_RELEASE} that also names the phone ({@code seId}) and the secret:
 * {@code {"type":"LOCK_RELEASE","credentialSetId":…,"seId":…,"secret":"SIGNING_PASSWORD"|"USER_AUTH_PIN","nonce":…,"expiresAt":…}}.
 * The new secret is not in it: it is typed in the app afterwards and goes to the applet encrypted.
 */
public record LockReleaseRequest(CardSignedRequest signed, String seId, HolderSecret secret) {

    public static final String TYPE = "LOCK_RELEASE";
    private static final Pattern SE_ID = Pattern.compile("[A-Za-z0-9._:-]{4,128}");
    private static final Pattern SECRET = Pattern.compile("SIGNING_PASSWORD|USER_AUTH_PIN");

    public static LockReleaseRequest parse(byte[] encoded) {
        CardSignedRequest signed = CardSignedRequest.parse(encoded, TYPE, Set.of("seId", "secret"), "lock release");
        String seId = signed.field("seId", SE_ID);
        String secret = signed.field("secret", SECRET);
        return new LockReleaseRequest(signed, seId, HolderSecret.valueOf(secret));
    }

    public LockReleaseRequest {
        if (signed == null || seId == null || secret == null) {
            throw new InvalidApplicationException("a lock release needs the signed request, the phone and the secret");
        }
    }
}
