package org.mjpki.ca.embedded;

import java.time.Instant;

/**
 * A CRL as published.
 *
 * @param baseCrlNumber for a delta CRL, the number of its base complete CRL; otherwise null
 * @param statusVersion the scope's status version it reflects (every change up to it is on it)
 * @param der           the encoded CRL; null when read without it
 */
public record PublishedCrl(CrlScope scope, Kind kind, long crlNumber, Long baseCrlNumber, long statusVersion,
                           Instant thisUpdate, Instant nextUpdate, long entries, byte[] der) {
    public enum Kind { FULL, DELTA }

    public PublishedCrl withoutDer() {
        return new PublishedCrl(scope, kind, crlNumber, baseCrlNumber, statusVersion, thisUpdate, nextUpdate, entries, null);
    }
}
