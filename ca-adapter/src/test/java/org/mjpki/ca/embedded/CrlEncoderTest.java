package org.mjpki.ca.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CaTestSupport;

class CrlEncoderTest {
    @Test
    void largeCrlsEncodeToWhatTheJdkParsesAndVerifies() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair ca = g.generateKeyPair();
        Date now = new Date(System.currentTimeMillis() / 1000 * 1000);
        CrlEncoder e = new CrlEncoder(new X500Name("C=JP,O=test"), now, new Date(now.getTime() + 86_400_000L));
        SerialNumberPolicy serials = new SerialNumberPolicy(new SecureRandom(), 16);
        List<BigInteger> some = new ArrayList<>();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            BigInteger s = serials.next();
            if (i % 5000 == 0) some.add(s);
            e.add(s, now, i % 3 == 0 ? -1 : (i % 3 == 1 ? 1 : 6));
        }
        ExtensionsGenerator x = new ExtensionsGenerator();
        x.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(7)));
        byte[] der = e.sign(x.generate(), new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate()));
        X509CRL crl = CaTestSupport.crl(der);
        crl.verify(ca.getPublic());
        assertThat(crl.getRevokedCertificates()).hasSize(n);
        // entry i has no reason when i % 3 == 0, keyCompromise (1) when i % 3 == 1, certificateHold (6) when i % 3 == 2
        assertThat(crl.getRevokedCertificate(some.get(0)).getRevocationReason()).isNull();            // i = 0
        assertThat(crl.getRevokedCertificate(some.get(1)).getRevocationReason())
                .isEqualTo(CRLReason.CERTIFICATE_HOLD);                                               // i = 5000
        assertThat(crl.getRevokedCertificate(some.get(2)).getRevocationReason())
                .isEqualTo(CRLReason.KEY_COMPROMISE);                                                 // i = 10000

        CrlEncoder empty = new CrlEncoder(new X500Name("C=JP,O=test"), now, new Date(now.getTime() + 1000));
        X509CRL e0 = CaTestSupport.crl(empty.sign(x.generate(), new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())));
        e0.verify(ca.getPublic());
        assertThat(e0.getRevokedCertificates()).isNull();
    }
}
