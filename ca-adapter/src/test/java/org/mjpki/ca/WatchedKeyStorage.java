package org.mjpki.ca;

import java.io.OutputStream;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.mjpki.ca.embedded.KeyStorage;

/** A key storage that counts the signatures made with its keys, and can make the next one fail (an HSM hiccup). */
final class WatchedKeyStorage implements KeyStorage {
    final AtomicInteger signatures = new AtomicInteger();
    final AtomicBoolean failNext = new AtomicBoolean();
    private final KeyStorage delegate;

    WatchedKeyStorage(KeyStorage delegate) {
        this.delegate = delegate;
    }

    @Override public Optional<KeyEntry> load(String alias) { return delegate.load(alias); }
    @Override public KeyPair generateRsaKeyPair(int bits) { return delegate.generateRsaKeyPair(bits); }
    @Override public void store(String alias, PrivateKey privateKey, X509Certificate certificate) {
        delegate.store(alias, privateKey, certificate);
    }
    @Override public String description() { return "watched " + delegate.description(); }

    @Override
    public ContentSigner signer(PrivateKey privateKey, String signatureAlgorithm) {
        ContentSigner real = delegate.signer(privateKey, signatureAlgorithm);
        return new ContentSigner() {
            @Override public AlgorithmIdentifier getAlgorithmIdentifier() { return real.getAlgorithmIdentifier(); }
            @Override public OutputStream getOutputStream() { return real.getOutputStream(); }
            @Override public byte[] getSignature() {
                if (failNext.compareAndSet(true, false)) {
                    throw new CertificateAuthorityException("signing key unavailable (test)");
                }
                byte[] signature = real.getSignature();
                signatures.incrementAndGet();
                return signature;
            }
        };
    }
}
