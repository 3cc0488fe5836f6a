package org.mjpki.ca.bench;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

final class OcspRequests {
    private OcspRequests() {}

    static byte[] of(X509Certificate issuer, BigInteger serial) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)), new X509CertificateHolder(issuer.getEncoded()), serial);
            return new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
