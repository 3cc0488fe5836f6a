package org.mjpki.registry;

import java.time.Instant;

/**
 * A request the holder signed about their credential set, other than an application: a revocation signed on the phone
 * (R9), or the release of a hold signed with the card (R10). Recorded once per nonce, so a replay is refused.
 */
public record HolderRequest(
        String requestId,
        Kind kind,
        String credentialSetId,
        String nonce,
        String reason,
        Instant expiresAt,
        Instant receivedAt) {

    public enum Kind { REVOCATION, HOLD_RELEASE }
}
