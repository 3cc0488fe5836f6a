package org.mjpki.registry;

import java.time.Instant;

/**
 * A request the holder signed about their credential set, other than an application: a revocation signed on the phone
 * (R9), the release of a hold signed with the card (R10), the release of a password or PIN lock signed with the card
 * (R9, R0), or registering the signing certificate again signed with the new card certificate (R4). Recorded once per nonce, so a replay is refused.
 *
 * @param reason the revocation's reason; for a lock release, the secret it is for (its name, never a value)
 */
public record HolderRequest(
        String requestId,
        Kind kind,
        String credentialSetId,
        String nonce,
        String reason,
        Instant expiresAt,
        Instant receivedAt) {

    public enum Kind { REVOCATION, HOLD_RELEASE, LOCK_RELEASE, SIGNING_REREGISTRATION }
}
