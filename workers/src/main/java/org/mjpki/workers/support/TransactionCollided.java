package org.mjpki.workers.support;

/**
 * The engine stored nothing because another transaction on the same process instance got there first: an optimistic
 * locking conflict, a deadlock, or a foreign key that a concurrent commit made or broke under the execution tree (an
 * interrupting boundary event deleting a scope while a parallel branch adds to it). Sending the same call again is
 * safe and is what {@link MjpkiWorker} does. A transport that does not speak the engine's REST error codes (the engine
 * API, ADR 0031) reports such a refusal as this.
 */
public final class TransactionCollided extends RuntimeException {

    /** The engine's codes for these refusals (Camunda 7.20+ BuiltinExceptionCode): optimistic locking, deadlock, foreign key. */
    public static final java.util.Set<Integer> ENGINE_CODES = java.util.Set.of(1, 10_000, 10_001);

    public TransactionCollided(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
