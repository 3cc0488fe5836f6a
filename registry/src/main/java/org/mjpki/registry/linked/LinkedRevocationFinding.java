package org.mjpki.registry.linked;

import java.time.Instant;
import org.mjpki.lifecycle.KeyRole;

/**
 * A live phone certificate whose linked card certificate was found revoked (R4), still open: the sweep revokes it once
 * the grace period since {@code foundAt} has passed.
 *
 * @param cardSerialHex the card certificate's serial as its CA writes it (lowercase hex)
 * @param cardReason    the card certificate's revocation reason as its CA recorded it (a {@code RevocationReason} name)
 */
public record LinkedRevocationFinding(String credentialSetId, KeyRole role, String cardIssuingCa, String cardSerialHex,
                                      String cardReason, Instant foundAt) {}
