package org.mjpki.ca.embedded;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.operator.ContentSigner;

/** Where the CA keeps its private keys (PKCS#12 file, PKCS#11 token). Keys never leave it in the clear through this port. */
public interface KeyStorage {

    record KeyEntry(PrivateKey privateKey, X509Certificate certificate) {
        @Override public String toString() { return "KeyEntry[" + certificate.getSubjectX500Principal() + "]"; }
    }

    Optional<KeyEntry> load(String alias);

    /** Generates an RSA key pair inside the storage (on the token for PKCS#11). */
    KeyPair generateRsaKeyPair(int bits);

    /** Stores (or replaces) a key with its certificate under the alias, durably. */
    void store(String alias, PrivateKey privateKey, X509Certificate certificate);

    /** A fresh (single-use, not thread-safe) signer with a key of this storage. */
    ContentSigner signer(PrivateKey privateKey, String signatureAlgorithm);

    /** For logs: type and location, never a secret. */
    String description();
}
