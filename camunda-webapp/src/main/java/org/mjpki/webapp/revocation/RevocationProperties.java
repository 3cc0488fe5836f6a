package org.mjpki.webapp.revocation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxRequestValidity how far ahead a phone-signed request's {@code expiresAt} may lie
 * @param clockSkew          how much the phone's clock may differ from the server's
 * @param appletDeletePeriod how long a revoked set's remote delete waits for an offline phone before the applet is
 *                           recorded as left on the phone (ADR 0015)
 * @param appletDeleteRecheckInterval while it waits, how often the SEI-TSM is asked again without a delete-complete
 *                           notice (a notice can be lost)
 */
@ConfigurationProperties(prefix = "mjpki.revocation")
public record RevocationProperties(Duration maxRequestValidity, Duration clockSkew, Duration appletDeletePeriod,
                                   Duration appletDeleteRecheckInterval) {
    public RevocationProperties {
        maxRequestValidity = maxRequestValidity == null ? Duration.ofMinutes(15) : maxRequestValidity;
        clockSkew = clockSkew == null ? Duration.ofMinutes(5) : clockSkew;
        appletDeletePeriod = appletDeletePeriod == null ? Duration.ofDays(30) : appletDeletePeriod;
        appletDeleteRecheckInterval = appletDeleteRecheckInterval == null ? Duration.ofHours(1) : appletDeleteRecheckInterval;
        if (appletDeleteRecheckInterval.isNegative() || appletDeleteRecheckInterval.isZero()) {
            throw new IllegalArgumentException("mjpki.revocation.applet-delete-recheck-interval must be positive");
        }
        if (maxRequestValidity.isNegative() || maxRequestValidity.isZero() || clockSkew.isNegative() || appletDeletePeriod.isNegative() || appletDeletePeriod.isZero()) {
            throw new IllegalArgumentException("mjpki.revocation: validity and delete period must be positive, skew not negative");
        }
    }
}
