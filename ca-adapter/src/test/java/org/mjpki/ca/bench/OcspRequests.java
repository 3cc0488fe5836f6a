package org.mjpki.ca.bench;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** An RFC 5019 request: one SHA-1 CertID, no nonce, unsigned. */
final class OcspRequests {
    private OcspRequests() {}

    static byte[] of(X509Certificate issuer, BigInteger serial) {
        try {
            // SHA-1 with NULL parameters, as OpenSSL and most clients send it (RFC 5019 2.1.1)
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new X509CertificateHolder(issuer.getEncoded()), serial);
            return new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
