package org.mjpki.applet.client;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real X.509 certificates made with Bouncy Castle for the keys the applet generated. */
final class TestCertificates {

    private static final KeyPair CA;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            CA = g.generateKeyPair();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestCertificates() {
    }

    static PublicKey caKey() {
        return CA.getPublic();
    }

    /** A certificate for the key whose DER is at least targetSize bytes (padded with a private extension). */
    static byte[] issue(PublicKey subjectKey, AppletKey role, int targetSize) {
        try {
            X500Name issuer = new X500Name("C=JP, O=JPKI, OU=JPKI for digital signature, OU=Test CA");
            X500Name subject = new X500Name("C=JP, CN=TEST HOLDER " + role);
            long now = System.currentTimeMillis();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now),
                    new Date(now - 60_000), new Date(now + 86_400_000L), subject, subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, role == AppletKey.SIGNING
                    ? new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                    : new KeyUsage(KeyUsage.digitalSignature));
            int base = build(b, 0).length;
            int pad = Math.max(0, targetSize - base - 16);
            if (pad > 0) {
                b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), false, new DEROctetString(new byte[pad]));
            }
            return build(b, 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A certificate of exactly {@code size} bytes of DER: the padding extension is grown or shrunk until
     * the encoding lands on it (a step that would skip it only happens at a DER length-of-length boundary).
     */
    static byte[] issueExactly(PublicKey subjectKey, AppletKey role, int size) {
        int target = size;
        for (int i = 0; i < 8; i++) {
            byte[] der = issue(subjectKey, role, target);
            if (der.length == size) {
                return der;
            }
            target += size - der.length;
        }
        throw new IllegalStateException("could not make a certificate of exactly " + size + " bytes");
    }

    private static byte[] build(X509v3CertificateBuilder b, int unused) throws Exception {
        return b.build(new JcaContentSignerBuilder("SHA256withRSA").build(CA.getPrivate())).getEncoded();
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
