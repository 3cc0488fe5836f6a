package org.mjpki.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.RevocationReason;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;

/**
 * The deployed server as a relying party meets it: CRLs, CA certificates and OCSP under /pki, with no account at
 * all, at the URLs the certificates name, and signed by the CA; while the engine REST API and the app API still
 * turn anonymous callers away. Runs on the one server of every end-to-end test ({@link EndToEndOnPostgres}).
 */
class PkiPublicationEndToEndTest extends EndToEndOnPostgres {

    /**
     * Puts both '+' and '/' into the base64 of any request carrying it, whatever its offset: FB EF BE is "++++" at
     * one byte alignment and the three copies sit at the three alignments; FF FF holds a sextet of ones ('/').
     */
    private static final byte[] SLASH_AND_PLUS_NONCE = {(byte) 0xFB, (byte) 0xEF, (byte) 0xBE, 0, (byte) 0xFB, (byte) 0xEF,
            (byte) 0xBE, 0, (byte) 0xFB, (byte) 0xEF, (byte) 0xBE, (byte) 0xFF, (byte) 0xFF};

    /** No Authorization header, ever. */
    private final HttpClient anonymous = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void crlsCaCertificatesAndOcspAreServedToAnonymousRelyingPartiesAndSigned() throws Exception {
        IssuedCertificate good = issue();
        IssuedCertificate revoked = issue();
        ca.revoke(id(), revoked.ref(), RevocationReason.KEY_COMPROMISE);

        // the CA certificate, where the certificates' AIA caIssuers points
        HttpResponse<byte[]> caResponse = get(uri(aia(good.certificate(), AccessDescription.id_ad_caIssuers)));
        assertThat(caResponse.statusCode()).isEqualTo(200);
        assertThat(caResponse.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
        X509Certificate caCertificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caResponse.body()));
        caCertificate.verify(caCertificate.getPublicKey());                        // a self-signed root
        assertThat(caCertificate).isEqualTo(ca.caCertificates().get(1));
        good.certificate().verify(caCertificate.getPublicKey());

        // the complete CRL of the revoked certificate's partition, at its CRL distribution point
        HttpResponse<byte[]> crlResponse = get(uri(crlDistributionPoint(revoked.certificate())));
        assertThat(crlResponse.statusCode()).isEqualTo(200);
        assertThat(crlResponse.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crlResponse.body()));
        crl.verify(caCertificate.getPublicKey());
        assertThat(crl.getRevokedCertificate(revoked.ref().serial())).isNotNull();
        assertThat(crl.getRevokedCertificate(good.ref().serial())).isNull();

        // OCSP, POST, at the certificates' AIA OCSP URL
        URI ocsp = uri(aia(good.certificate(), AccessDescription.id_ad_ocsp));
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        HttpResponse<byte[]> posted = anonymous.send(HttpRequest.newBuilder(ocsp).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ocspRequest(caCertificate, nonce, good, revoked))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        BasicOCSPResp basic = signedByTheCasResponder(posted.body(), caCertificate);
        SingleResp[] answers = basic.getResponses();
        assertThat(answers[0].getCertID().getSerialNumber()).isEqualTo(good.ref().serial());
        assertThat(answers[0].getCertStatus()).as("good").isNull();
        assertThat(((RevokedStatus) answers[1].getCertStatus()).getRevocationReason())
                .isEqualTo(RevocationReason.KEY_COMPROMISE.code());
        assertThat(ASN1OctetString.getInstance(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue()
                .getOctets()).getOctets()).isEqualTo(nonce);

        // OCSP, GET (RFC 6960 A.1): url-encoded base64 that holds '/' and '+', so %2F and %2B reach the responder
        String base64 = Base64.getEncoder().encodeToString(ocspRequest(caCertificate, SLASH_AND_PLUS_NONCE, good));
        String encoded = URLEncoder.encode(base64, StandardCharsets.UTF_8);
        assertThat(encoded).contains("%2F", "%2B");
        HttpResponse<byte[]> got = get(URI.create(ocsp + "/" + encoded));
        assertThat(got.statusCode()).isEqualTo(200);
        BasicOCSPResp viaGet = signedByTheCasResponder(got.body(), caCertificate);
        assertThat(viaGet.getResponses()[0].getCertID().getSerialNumber()).isEqualTo(good.ref().serial());
        assertThat(viaGet.getResponses()[0].getCertStatus()).isNull();

        // /pki being open opened nothing else
        assertThat(get(URI.create(ServerOnPostgres.baseUrl() + "/engine-rest/process-definition")).statusCode()).isEqualTo(401);
        assertThat(get(URI.create(ServerOnPostgres.baseUrl() + "/api/v1/applications/APP-00000000")).statusCode()).isEqualTo(401);
        assertThat(get(URI.create(ServerOnPostgres.baseUrl() + "/engine-rest/process-definition/" + encoded)).statusCode())
                .as("an encoded slash is no way around the engine REST API's authentication").isEqualTo(401);
    }

    // ------------------------------------------------------------------ helpers

    /** A user-authentication certificate (no personal data) on a smartphone, straight from the CA port. */
    private IssuedCertificate issue() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return ca.issue(new IssueRequest(id(), CertificateProfile.SMARTPHONE_USER_AUTH,
                rsa.generateKeyPair().getPublic(), Holder.anonymous(id()),
                Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
    }

    /**
     * A request id without dashes: the CA logs it, and SecretsLeakTest takes every 4-digit token of the log for a
     * possible PIN, which a dashed UUID's groups often are.
     */
    private static String id() {
        return "pki-e2e-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static byte[] ocspRequest(X509Certificate issuer, byte[] nonce, IssuedCertificate... certificates) throws Exception {
        OCSPReqBuilder request = new OCSPReqBuilder();
        for (IssuedCertificate c : certificates) {
            request.addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new X509CertificateHolder(issuer.getEncoded()), c.ref().serial()));
        }
        request.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(nonce)))));
        return request.build().getEncoded();
    }

    /** A successful response, signed by a delegated responder the CA certified for OCSP signing. */
    private static BasicOCSPResp signedByTheCasResponder(byte[] response, X509Certificate caCertificate) throws Exception {
        OCSPResp resp = new OCSPResp(response);
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        X509Certificate signer = new JcaX509CertificateConverter().getCertificate(basic.getCerts()[0]);
        signer.verify(caCertificate.getPublicKey());
        assertThat(signer.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.9");          // id-kp-OCSPSigning
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
        return basic;
    }

    private static String crlDistributionPoint(X509Certificate certificate) throws Exception {
        CRLDistPoint points = CRLDistPoint.fromExtensions(new X509CertificateHolder(certificate.getEncoded()).getExtensions());
        GeneralName name = GeneralNames.getInstance(points.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames()[0];
        return ASN1IA5String.getInstance(name.getName()).getString();
    }

    private static String aia(X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier method) throws Exception {
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(
                new X509CertificateHolder(certificate.getEncoded()).getExtensions());
        for (AccessDescription d : aia.getAccessDescriptions()) {
            if (d.getAccessMethod().equals(method)) {
                return ASN1IA5String.getInstance(d.getAccessLocation().getName()).getString();
            }
        }
        throw new AssertionError("no " + method + " in the certificate's AIA");
    }

    /** A URL the certificates name, which must be this server's. */
    private static URI uri(String url) {
        assertThat(url).startsWith(ServerOnPostgres.baseUrl() + "/pki/");
        return URI.create(url);
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
