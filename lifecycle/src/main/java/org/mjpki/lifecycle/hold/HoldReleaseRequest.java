package org.mjpki.lifecycle.hold;

import java.util.Set;
import org.mjpki.lifecycle.jpki.CardSignedRequest;

/**
 * The holder's release of a hold on a found phone (R10), signed with the My Number card like an application: a
 * {@link CardSignedRequest} of type {@code HOLD_RELEASE} with no further field,
 * {@code {"type":"HOLD_RELEASE","credentialSetId":…,"nonce":…,"expiresAt":…}}. The card, not the phone, authorizes it:
 * the phone was out of the holder's hands.
 */
public final class HoldReleaseRequest {

    public static final String TYPE = "HOLD_RELEASE";

    private HoldReleaseRequest() {}

    public static CardSignedRequest parse(byte[] encoded) {
        return CardSignedRequest.parse(encoded, TYPE, Set.of(), "release");
    }
}
