package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.mjpki.testsupport.PostgresTestDatabase;

/** A CA that runs for months: the scheduled republication renews the delegated OCSP signers before they expire. */
class OcspSignerRenewalTest {

    @Test
    void republicationRenewsASignerCloseToItsEnd() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        CaTestSupport t = CaTestSupport.create(CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password()),
                CaTestSupport.defaults(), null);
        X509Certificate first = t.keys.ocspSigner(IssuingCa.SIGNING).certificate();

        t.crls.republishAll();
        assertThat(t.keys.ocspSigner(IssuingCa.SIGNING).certificate()).as("not due yet").isEqualTo(first);

        // past the renewal point (validity 90 days, renewed 30 days before the end by default)
        t.clock.advance(Duration.ofDays(61));
        t.crls.republishAll();
        X509Certificate renewed = t.keys.ocspSigner(IssuingCa.SIGNING).certificate();
        assertThat(renewed).isNotEqualTo(first);
        assertThat(renewed.getNotAfter()).isAfter(first.getNotAfter());
        assertThat(t.keys.ocspSigner(IssuingCa.USER_AUTH).certificate().getNotAfter()).isAfter(first.getNotAfter());

        // and OCSP responses are now signed by the new signer, which the CA issued
        IssuedCertificate card = t.issue(CertificateProfile.CARD_SIGNING);
        X509Certificate ca = t.ca.caCertificates().get(0);
        OCSPResp resp = new OCSPResp(t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.CARD,
                OcspTestSupport.request(ca, card.ref().serial(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, false)));
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        X509Certificate signer = new JcaX509CertificateConverter().getCertificate(basic.getCerts()[0]);
        assertThat(signer).isEqualTo(renewed);
        signer.verify(ca.getPublicKey());
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
    }
}
