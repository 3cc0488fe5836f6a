package org.mjpki.linked;

import java.time.Duration;

/**
 * How the sweep acts (ADR 0022).
 *
 * @param gracePeriod   how long after a card certificate is first found revoked its phone certificates are revoked (the
 *                      seeds' 一定期間, 001 ~L216, 002 ~L447)
 * @param valveShare    the safety valve: a sweep that would revoke more than this share of all live sets stops for an
 *                      operator before revoking anything (0 &lt; share ≤ 1)
 * @param valveMinimum  ... unless it touches this many sets or fewer: a small installation (the embedded demo with a
 *                      handful of sets) is not stopped for every address change
 * @param batchSize     findings revoked per batch, one checkpoint after each
 * @param deletePeriod  how long a remote delete of an ended set's applet is tried before it is recorded LEFT_ON_PHONE
 */
public record LinkedRevocationPolicy(Duration gracePeriod, double valveShare, long valveMinimum, int batchSize,
                                     Duration deletePeriod) {

    public static final LinkedRevocationPolicy DEFAULT =
            new LinkedRevocationPolicy(Duration.ofDays(7), 0.01, 100, 500, Duration.ofDays(30));

    public LinkedRevocationPolicy {
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("mjpki.linked-revocation.grace-period must be zero or positive");
        }
        if (!(valveShare > 0 && valveShare <= 1)) {
            throw new IllegalArgumentException("mjpki.linked-revocation.valve-share must be above 0 and at most 1, not " + valveShare);
        }
        if (valveMinimum < 0) {
            throw new IllegalArgumentException("mjpki.linked-revocation.valve-minimum must be zero or positive");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("mjpki.linked-revocation.batch-size must be 1..10000, not " + batchSize);
        }
        if (deletePeriod == null || deletePeriod.isNegative() || deletePeriod.isZero()) {
            throw new IllegalArgumentException("mjpki.linked-revocation.delete-period must be positive");
        }
    }
}
