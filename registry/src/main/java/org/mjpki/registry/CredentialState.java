package org.mjpki.registry;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a smartphone credential set stands. RESERVED → PERSONALIZING → ACTIVE → (ON_HOLD ⇄ ACTIVE)
 * → REVOKED | EXPIRED; ABANDONED ends a reservation whose issuance was rolled back.
 */
public enum CredentialState {
    RESERVED, PERSONALIZING, ACTIVE, ON_HOLD, REVOKED, EXPIRED, ABANDONED;

    /** States that hold the holder's single slot (R2); the database enforces one per holder. */
    public static final Set<CredentialState> LIVE = EnumSet.of(RESERVED, PERSONALIZING, ACTIVE, ON_HOLD);

    public boolean isLive() {
        return LIVE.contains(this);
    }

    public boolean canMoveTo(CredentialState next) {
        return switch (this) {
            case RESERVED -> next == PERSONALIZING || next == ABANDONED;
            case PERSONALIZING -> next == ACTIVE || next == ABANDONED;
            case ACTIVE -> next == ON_HOLD || next == REVOKED || next == EXPIRED;
            case ON_HOLD -> next == ACTIVE || next == REVOKED || next == EXPIRED;
            case REVOKED, EXPIRED, ABANDONED -> false;
        };
    }
}
