package org.mjpki.ca.embedded;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/** A key held by a {@link KeyStorage}, with its certificate. */
final class StoredSigningKey implements SigningKey {
    private final KeyStorage storage;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final X509CertificateHolder holder;
    private final String algorithm;

    StoredSigningKey(KeyStorage storage, PrivateKey key, X509Certificate certificate, String algorithm) {
        this.storage = storage;
        this.key = key;
        this.certificate = certificate;
        this.holder = CertificateProfiles.holder(certificate);
        this.algorithm = algorithm;
    }

    @Override public X509Certificate certificate() { return certificate; }
    @Override public X509CertificateHolder certificateHolder() { return holder; }
    @Override public ContentSigner newSigner() { return storage.signer(key, algorithm); }
    @Override public String toString() { return "SigningKey[" + certificate.getSubjectX500Principal() + "]"; }
}
