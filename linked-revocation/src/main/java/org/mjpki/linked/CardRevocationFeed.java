package org.mjpki.linked;

import java.time.Instant;

/**
 * Where the card certificates' statuses come from (R4). A feed records, set-wise, a finding for every live phone
 * certificate whose linked card certificate (same kind) it knows to be revoked and that has no finding for that card
 * certificate yet, first found at {@code foundAt}; it returns how many it recorded. A card certificate on hold is not
 * revoked: a held card is not followed (it may be released).
 */
public interface CardRevocationFeed {

    /** The feed's name, kept on every finding it records. */
    String name();

    long recordNewlyRevokedLinks(Instant foundAt);

    /**
     * Reconciliation (a missed feed, a restored backup): checks every live link against everything the feed knows, not
     * only what is new to it, and records what is not yet found; a feed that can tell also records links to card
     * certificates the card CA has no record of. By default the same as {@link #recordNewlyRevokedLinks}.
     */
    default long reconcileLinks(Instant foundAt) {
        return recordNewlyRevokedLinks(foundAt);
    }
}
