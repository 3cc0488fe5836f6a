package org.mjpki.webapp.issuance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param holderInputTimeout     how long each holder input step (password and PIN, operation check) may take
 * @param personalizationTimeout how long the whole personalization (keys, certificates, the holder's secrets, storing
 *                               on the phone) may take before the issuance is abandoned and undone, so that a phone that
 *                               never comes back does not hold the holder's only slot for ever
 */
@ConfigurationProperties(prefix = "mjpki.issuance")
public record IssuanceProperties(Duration holderInputTimeout, Duration personalizationTimeout) {
    public IssuanceProperties {
        holderInputTimeout = holderInputTimeout == null ? Duration.ofMinutes(15) : holderInputTimeout;
        personalizationTimeout = personalizationTimeout == null ? Duration.ofMinutes(30) : personalizationTimeout;
        if (personalizationTimeout.isNegative() || personalizationTimeout.isZero() || holderInputTimeout.isNegative() || holderInputTimeout.isZero()) {
            throw new IllegalArgumentException("mjpki.issuance timeouts must be positive");
        }
    }
}
