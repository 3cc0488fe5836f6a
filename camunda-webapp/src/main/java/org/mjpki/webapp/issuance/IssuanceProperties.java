package org.mjpki.webapp.issuance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param holderInputTimeout how long each holder input step (password and PIN, operation check) may take */
@ConfigurationProperties(prefix = "mjpki.issuance")
public record IssuanceProperties(Duration holderInputTimeout) {
    public IssuanceProperties {
        holderInputTimeout = holderInputTimeout == null ? Duration.ofMinutes(15) : holderInputTimeout;
    }
}
