package org.mjpki.ca.embedded;

/**
 * How many OCSP responses a node signs on demand to echo a request's nonce (ADR 0030): a token bucket of
 * {@code perSecond} tokens a second, holding at most one second's worth. Past it, a request with a nonce gets the
 * pre-produced response without the nonce, as RFC 5019 2.2 and RFC 8954 allow, so that nonces cannot turn the
 * responder back into one that signs every response. Measured in real time, not on the CA's clock: it bounds CPU.
 */
public final class NonceSigningBudget {
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param perSecond 0: never sign on demand for a nonce */
    public NonceSigningBudget(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("ocsp.nonce-signatures-per-second must be 0 or more");
        }
        this.tokensPerNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.last = System.nanoTime();
    }

    /** Takes one signature from the budget, if one is left. */
    public synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
