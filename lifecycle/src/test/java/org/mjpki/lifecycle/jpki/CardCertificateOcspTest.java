package org.mjpki.lifecycle.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.function.Function;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relying-party side of R1's status check against a responder that behaves — and one that does not:
 * a forged signature, a missing nonce, a stale answer and an error status must never read as "good".
 */
class CardCertificateOcspTest {

    private static final KeyPair CA_KEY = rsa();
    private static final X509Certificate CA = certificate("CN=test JPKI CA", CA_KEY, CA_KEY, null, BigInteger.ONE);

    private HttpServer server;
    private final CardCertificateOcsp ocsp = new CardCertificateOcsp(Clock.systemUTC());

    /** How the responder answers one request: which status, whose key signs, whether it echoes the nonce, when. */
    record Answer(CertificateStatus status, KeyPair signer, boolean echoNonce, Instant thisUpdate, int responseStatus) {}

    private X509Certificate cardServedBy(Function<OCSPReq, Answer> answers) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ocsp", exchange -> {
            try {
                OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
                Answer answer = answers.apply(request);
                byte[] body;
                if (answer.responseStatus() != OCSPRespBuilder.SUCCESSFUL) {
                    body = new OCSPRespBuilder().build(answer.responseStatus(), null).getEncoded();
                } else {
                    BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(new X500Name("CN=test JPKI CA")));
                    for (Req r : request.getRequestList()) {
                        builder.addResponse(r.getCertID(), answer.status(), Date.from(answer.thisUpdate()),
                                Date.from(answer.thisUpdate().plus(1, ChronoUnit.HOURS)));
                    }
                    if (answer.echoNonce()) {
                        builder.setResponseExtensions(new org.bouncycastle.asn1.x509.Extensions(
                                request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)));
                    }
                    body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
                            new JcaContentSignerBuilder("SHA256withRSA").build(answer.signer().getPrivate()), null, new Date()))
                            .getEncoded();
                }
                exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
        return certificate("CN=card", rsa(), CA_KEY, url, BigInteger.valueOf(4711));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Answer honest(CertificateStatus status) {
        return new Answer(status, CA_KEY, true, Instant.now(), OCSPRespBuilder.SUCCESSFUL);
    }

    @Test
    void readsGoodAndRevokedFromAnHonestResponder() throws Exception {
        X509Certificate card = cardServedBy(r -> honest(CertificateStatus.GOOD));
        assertThat(ocsp.check(card, CA)).isEqualTo(CardCertificateOcsp.Status.GOOD);
        stop();
        X509Certificate revoked = cardServedBy(r -> honest(new RevokedStatus(new Date(), CRLReason.certificateHold)));
        assertThat(ocsp.check(revoked, CA)).as("a held card may not apply").isEqualTo(CardCertificateOcsp.Status.REVOKED);
    }

    @Test
    void aForgedSignatureIsNeverGood() throws Exception {
        KeyPair forger = rsa();
        X509Certificate card = cardServedBy(r -> new Answer(CertificateStatus.GOOD, forger, true, Instant.now(), 0));
        assertThatThrownBy(() -> ocsp.check(card, CA)).isInstanceOf(CardCertificateOcsp.OcspUnavailableException.class)
                .hasMessageContaining("not signed by the CA");
    }

    @Test
    void anAnswerWithoutOurNonceIsNeverGood() throws Exception {
        X509Certificate card = cardServedBy(r -> new Answer(CertificateStatus.GOOD, CA_KEY, false, Instant.now(), 0));
        assertThatThrownBy(() -> ocsp.check(card, CA)).hasMessageContaining("nonce");
    }

    @Test
    void aStaleAnswerIsNeverGood() throws Exception {
        X509Certificate card = cardServedBy(r -> new Answer(CertificateStatus.GOOD, CA_KEY, true,
                Instant.now().minus(3, ChronoUnit.HOURS), 0));
        assertThatThrownBy(() -> ocsp.check(card, CA)).hasMessageContaining("stale");
    }

    @Test
    void anErrorStatusIsNeverGood() throws Exception {
        X509Certificate card = cardServedBy(r -> new Answer(null, CA_KEY, true, Instant.now(), OCSPRespBuilder.TRY_LATER));
        assertThatThrownBy(() -> ocsp.check(card, CA)).hasMessageContaining("status");
    }

    @Test
    void aCardWithoutAnOcspUrlIsRefused() {
        X509Certificate card = certificate("CN=card", rsa(), CA_KEY, null, BigInteger.TEN);
        assertThatThrownBy(() -> ocsp.check(card, CA)).isInstanceOf(InvalidApplicationException.class);
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, KeyPair issuerKey, String ocspUrl,
                                               BigInteger serial) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=test JPKI CA"), serial,
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(365, ChronoUnit.DAYS)),
                    new X500Name(subject), subjectKey.getPublic());
            if (ocspUrl != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
            }
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
