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
}
