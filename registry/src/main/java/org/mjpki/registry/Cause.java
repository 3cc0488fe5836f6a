package org.mjpki.registry;

import java.util.Objects;
import org.mjpki.lifecycle.Actor;

/**
 * Why a credential set changes, for its audit row: who caused it, in which case (the process instance's business key:
 * an application, a revocation request), and the reason in a few words. Never personal data or a secret.
 */
public record Cause(Actor actor, String caseId, String reason) {
    private static final int REASON_LIMIT = 128;

    public Cause {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > REASON_LIMIT) {
            throw new IllegalArgumentException("a cause's reason is 1 to " + REASON_LIMIT + " characters");
        }
    }

    public static Cause of(Actor actor, String caseId, String reason) {
        return new Cause(actor, caseId, reason);
    }
}
