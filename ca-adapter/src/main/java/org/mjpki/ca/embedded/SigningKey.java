package org.mjpki.ca.embedded;

import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/** A private key that signs, with its certificate. */
public interface SigningKey {
    X509Certificate certificate();

    X509CertificateHolder certificateHolder();

    /** A fresh signer for one signature (ContentSigner is not thread-safe). */
    ContentSigner newSigner();
}
