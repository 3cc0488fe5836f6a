package org.mjpki.webapp.health;

import java.io.OutputStream;
import java.time.Clock;
import java.util.Date;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.ca.embedded.SigningKey;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness (issue 15): the server is ready only when each issuing CA's key and its OCSP signer's key are there, their
 * certificates valid now, and each key signs — a key store or an HSM that went away makes the node unready, before a
 * relying party gets no OCSP answer or an issuance waits on a CA that cannot sign. Names no key material in its details.
 */
@Component("caKeys")
public class CaKeysHealthIndicator extends AbstractHealthIndicator {

    private static final byte[] PROBE = "mjpki readiness probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final CaKeyRing keys;
    private final Clock clock;

    public CaKeysHealthIndicator(CaKeyRing keys, Clock clock) {
        super("the CA keys cannot sign");
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws Exception {
        for (IssuingCa ca : IssuingCa.values()) {
            check(health, ca + " CA", keys.ca(ca));
            check(health, ca + " OCSP signer", keys.ocspSigner(ca));
        }
        health.up();
    }

    private void check(Health.Builder health, String which, SigningKey key) throws Exception {
        if (key == null) {
            throw new IllegalStateException(which + ": no key");
        }
        key.certificate().checkValidity(Date.from(clock.instant()));
        var signer = key.newSigner();
        try (OutputStream out = signer.getOutputStream()) {
            out.write(PROBE);
        }
        if (signer.getSignature().length == 0) {
            throw new IllegalStateException(which + ": an empty signature");
        }
        health.withDetail(which, "signs, valid until " + key.certificate().getNotAfter().toInstant());
    }
}
