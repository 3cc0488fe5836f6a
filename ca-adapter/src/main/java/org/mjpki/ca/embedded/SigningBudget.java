package org.mjpki.ca.embedded;

/**
 * How many OCSP responses a node signs on demand (ADR 0030, 0034): a token bucket of {@code perSecond} tokens a
 * second, holding at most one second's worth. Two exist: one for echoing a request's nonce (past it, the pre-produced
 * response without the nonce, as RFC 5019 2.2 and RFC 8954 allow) and one for what nothing pre-produced can answer —
 * unknown serials, several CertIDs in one request, other issuers (past it, {@code tryLater}) — so that no request
 * turns the responder back into one that signs every response. Measured in real time, not on the CA's clock: it bounds
 * CPU.
 */
public final class SigningBudget {
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long last;

    /**
     * @param property  the setting the budget comes from, for the message when it is negative
     * @param perSecond 0: never sign on demand for this
     */
    public SigningBudget(String property, int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException(property + " must be 0 or more");
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
