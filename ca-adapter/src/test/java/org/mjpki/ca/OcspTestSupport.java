package org.mjpki.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

final class OcspTestSupport {
    /**
     * A nonce whose bytes put both '+' and '/' into the base64 of any request that carries it, whatever its offset:
     * FB EF BE encodes as "++++" at one of the three byte alignments, and each copy (separated by one byte) sits at
     * another alignment; FF FF is 16 one-bits, so some sextet is 111111 ('/') at any alignment.
     */
    static final byte[] SLASH_AND_PLUS_NONCE = {(byte) 0xFB, (byte) 0xEF, (byte) 0xBE, 0, (byte) 0xFB, (byte) 0xEF, (byte) 0xBE, 0,
            (byte) 0xFB, (byte) 0xEF, (byte) 0xBE, (byte) 0xFF, (byte) 0xFF};

    private OcspTestSupport() {}

    static byte[] request(X509Certificate issuer, BigInteger serial, byte[] nonce, boolean sha256) throws Exception {
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(certId(issuer, serial, sha256));
        if (nonce != null) {
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(nonce)))));
        }
        return b.build().getEncoded();
    }

    static CertificateID certId(X509Certificate issuer, BigInteger serial, boolean sha256) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        return new CertificateID(digests.get(new AlgorithmIdentifier(
                sha256 ? NISTObjectIdentifiers.id_sha256 : OIWObjectIdentifiers.idSHA1)),
                new X509CertificateHolder(issuer.getEncoded()), serial);
    }

    /** A request for several CertIDs, unsigned, without nonce. */
    static byte[] request(CertificateID... ids) throws Exception {
        OCSPReqBuilder b = new OCSPReqBuilder();
        for (CertificateID id : ids) {
            b.addRequest(id);
        }
        return b.build().getEncoded();
    }
}
