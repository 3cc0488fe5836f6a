package org.mjpki.registry;

import java.time.Instant;

/** A live set whose reminder before its card-aligned expiry (R3) is due: where to push it, and when the set ends. */
public record ExpiryReminderDue(String credentialSetId, String seId, Instant cardNotAfter) {
}
