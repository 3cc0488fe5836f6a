package org.mjpki.lifecycle.device;

import java.security.PublicKey;

/** A public key whose attestation verdicts are trusted. Contributed as beans: from configuration, or by the simulator. */
public record AttestationTrustAnchor(String name, PublicKey key) {
}
