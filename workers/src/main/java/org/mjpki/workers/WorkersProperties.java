package org.mjpki.workers;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the workers' outside-system ports.
 *
 * @param issuerMasterKeyFile   the SE issuer's secure-channel master key (hex); see {@link org.mjpki.workers.se.IssuerKeys}
 * @param createIssuerMasterKey create the key file on first start (the embedded default); production sets false
 * @param attestationTrustAnchors PEM files of public keys whose device-integrity verdicts are trusted (R15)
 */
@ConfigurationProperties(prefix = "mjpki.workers")
public record WorkersProperties(
        Path issuerMasterKeyFile,
        Boolean createIssuerMasterKey,
        List<Path> attestationTrustAnchors) {

    public WorkersProperties {
        if (issuerMasterKeyFile == null) {
            issuerMasterKeyFile = Path.of("data", "keys", "se-issuer-master.key");
        }
        if (createIssuerMasterKey == null) {
            createIssuerMasterKey = Boolean.TRUE;
        }
        attestationTrustAnchors = attestationTrustAnchors == null ? List.of() : List.copyOf(attestationTrustAnchors);
    }
}
