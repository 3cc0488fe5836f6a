package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The CA as relying parties see it: CRLs and OCSP over HTTP from the Spring application, checked by
 * the JDK/BC and by openssl as an independent relying party.
 */
@SpringBootTest(classes = CaTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicationHttpTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.fresh(), registry);
        registry.add("mjpki.ca.data-dir", () -> dataDir.toString());
        registry.add("mjpki.ca.smartphone.crl-partitions", () -> "4");
    }

    @LocalServerPort
    int port;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    CrlPublisher crlPublisher;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void opensslIsThere() throws Exception {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl on PATH").isTrue();
    }

    @Test
    void crlAndCaCertificateAreServedWhereCertificatesPoint() throws Exception {
        IssuedCertificate cert = issue(CertificateProfile.SMARTPHONE_SIGNING);
        ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.SUPERSEDED);
        HttpResponse<byte[]> r = get(crlPath(cert));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/pkix-crl");
        assertThat(r.headers().firstValue("ETag")).isPresent();
        X509CRL crl = CaTestSupport.crl(r.body());
        crl.verify(ca.caCertificates().get(0).getPublicKey());
        assertThat(crl.getRevokedCertificate(cert.ref().serial())).isNotNull();
        HttpResponse<byte[]> delta = get(crlPath(cert).replace(".crl", "-delta.crl"));
        assertThat(delta.statusCode()).isEqualTo(200);
        CaTestSupport.crl(delta.body()).verify(ca.caCertificates().get(0).getPublicKey());

        HttpResponse<byte[]> caCert = get("/pki/crl/signing/ca.crt");
        assertThat(caCert.statusCode()).isEqualTo(200);
        assertThat(caCert.body()).isEqualTo(ca.caCertificates().get(0).getEncoded());

        for (String missing : List.of("/pki/crl/signing/smartphone/99.crl", "/pki/crl/nope/smartphone/0.crl",
                "/pki/crl/signing/tablet/0.crl", "/pki/crl/signing/smartphone/x.crl", "/pki/crl/nope/ca.crt")) {
            assertThat(get(missing).statusCode()).as(missing).isEqualTo(404);
        }
        assertThat(crlPublisher.republishAll()).isEqualTo(2 * 2 * (4 + 4));
    }

    @Test
    void ocspOverPostAndGetAndMalformedRequests() throws Exception {
        IssuedCertificate cert = issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        ca.placeOnHold(CaTestSupport.id(), cert.ref());
        X509Certificate issuer = ca.caCertificates().get(1);
        String url = "/pki/ocsp/user-auth/smartphone";
        byte[] request = OcspTestSupport.request(issuer, cert.ref().serial(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, false);

        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(uri(url)).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.headers().firstValue("Content-Type")).contains("application/ocsp-response");
        RevokedStatus held = (RevokedStatus) ((BasicOCSPResp) new OCSPResp(post.body()).getResponseObject())
                .getResponses()[0].getCertStatus();
        assertThat(held.getRevocationReason()).isEqualTo(RevocationReason.CERTIFICATE_HOLD.code());

        // GET as RFC 6960 A.1 (and as the JDK's revocation checker sends it): url-encoded base64. The nonce makes the
        // base64 contain both '/' and '+' wherever it lands (OcspTestSupport.SLASH_AND_PLUS_NONCE), so both escapes
        // (%2F, %2B) are exercised on every run
        ca.releaseHold(CaTestSupport.id(), cert.ref());
        byte[] getRequest = OcspTestSupport.request(issuer, cert.ref().serial(), OcspTestSupport.SLASH_AND_PLUS_NONCE, false);
        String b64 = Base64.getEncoder().encodeToString(getRequest);
        assertThat(b64).contains("/", "+");
        String encoded = URLEncoder.encode(b64, StandardCharsets.UTF_8);
        assertThat(encoded).contains("%2F", "%2B");
        HttpResponse<byte[]> got = get(url + "/" + encoded);
        assertThat(got.statusCode()).isEqualTo(200);
        BasicOCSPResp viaGet = (BasicOCSPResp) new OCSPResp(got.body()).getResponseObject();
        assertThat(viaGet.getResponses()[0].getCertStatus()).isNull();                      // good again after the release
        assertThat(viaGet.getResponses()[0].getCertID().getSerialNumber()).isEqualTo(cert.ref().serial());
        // some clients leave '/' unescaped in the path: the responder reads the raw path, so that works too
        HttpResponse<byte[]> raw = get(url + "/" + b64.replace("+", "%2B").replace("=", "%3D"));
        assertThat(new OCSPResp(raw.body()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        assertThat(((BasicOCSPResp) new OCSPResp(raw.body()).getResponseObject()).getResponses()[0].getCertStatus()).isNull();

        for (byte[] junk : List.of(new byte[0], "junk".getBytes(), new byte[100_000])) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri(url)).header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(junk)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new OCSPResp(r.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        for (String junk : List.of("AAAA", "bm90IGFuIG9jc3AgcmVxdWVzdA==", "!!", "", "a%2Fb")) {
            HttpResponse<byte[]> r = get(url + "/" + junk);
            assertThat(r.statusCode()).as(junk).isEqualTo(200);
            assertThat(new OCSPResp(r.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        assertThat(get("/pki/ocsp/nope/smartphone/AAAA").statusCode()).isEqualTo(404);
    }

    @Test
    void opensslVerifyWithCrlCheck(@TempDir Path dir) throws Exception {
        IssuedCertificate good = issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate held = issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate revoked = issue(CertificateProfile.SMARTPHONE_SIGNING);
        ca.placeOnHold(CaTestSupport.id(), held.ref());
        ca.revoke(CaTestSupport.id(), revoked.ref(), RevocationReason.KEY_COMPROMISE);
        Path caPem = pem(dir.resolve("ca.pem"), "CERTIFICATE", ca.caCertificates().get(0).getEncoded());

        assertThat(verify(dir, caPem, good)).contains(": OK").doesNotContain("revoked");
        assertThat(verify(dir, caPem, held)).contains("certificate revoked");
        assertThat(verify(dir, caPem, revoked)).contains("certificate revoked");
        ca.releaseHold(CaTestSupport.id(), held.ref());
        assertThat(verify(dir, caPem, held)).contains(": OK").doesNotContain("revoked");
    }

    @Test
    void opensslOcspAgainstTheRunningResponder(@TempDir Path dir) throws Exception {
        IssuedCertificate good = issue(CertificateProfile.CARD_USER_AUTH);
        IssuedCertificate held = issue(CertificateProfile.CARD_USER_AUTH);
        IssuedCertificate revoked = issue(CertificateProfile.CARD_USER_AUTH);
        ca.placeOnHold(CaTestSupport.id(), held.ref());
        ca.revoke(CaTestSupport.id(), revoked.ref(), RevocationReason.CESSATION_OF_OPERATION);
        Path caPem = pem(dir.resolve("ca.pem"), "CERTIFICATE", ca.caCertificates().get(1).getEncoded());
        String url = "http://localhost:" + port + "/pki/ocsp/user-auth/card";

        String g = ocsp(dir, caPem, good, url);
        assertThat(g).contains("Response verify OK").contains(": good");
        String h = ocsp(dir, caPem, held, url);
        assertThat(h).contains("Response verify OK").contains(": revoked").contains("Reason: certificateHold");
        String r = ocsp(dir, caPem, revoked, url);
        assertThat(r).contains("Response verify OK").contains(": revoked").contains("Reason: cessationOfOperation");
        assertThat(g).contains("This Update:").contains("Next Update:");
    }

    /**
     * Without a nonce (RFC 5019, as most relying parties ask) the answer is the pre-produced response (ADR 0030): OpenSSL
     * verifies it, the same bytes come twice, and hold, release and revoke each show in the very next response.
     */
    @Test
    void opensslVerifiesPreProducedResponsesAndTheVeryNextOneShowsAStatusChange(@TempDir Path dir) throws Exception {
        IssuedCertificate cert = issue(CertificateProfile.SMARTPHONE_SIGNING);
        Path caPem = pem(dir.resolve("ca.pem"), "CERTIFICATE", ca.caCertificates().get(0).getEncoded());
        String url = "http://localhost:" + port + "/pki/ocsp/signing/smartphone";

        String first = ocspWithoutNonce(dir, caPem, cert, url);
        assertThat(first).contains("Response verify OK").contains(": good").doesNotContain("WARNING");
        assertThat(ocspWithoutNonce(dir, caPem, cert, url)).as("kept: the same response").isEqualTo(first);

        ca.placeOnHold(CaTestSupport.id(), cert.ref());
        assertThat(ocspWithoutNonce(dir, caPem, cert, url)).contains("Response verify OK").contains(": revoked")
                .contains("Reason: certificateHold");
        ca.releaseHold(CaTestSupport.id(), cert.ref());
        assertThat(ocspWithoutNonce(dir, caPem, cert, url)).contains("Response verify OK").contains(": good");
        ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.KEY_COMPROMISE);
        assertThat(ocspWithoutNonce(dir, caPem, cert, url)).contains("Response verify OK").contains(": revoked")
                .contains("Reason: keyCompromise");
    }

    // ------------------------------------------------------------------ helpers

    private String ocspWithoutNonce(Path dir, Path caPem, IssuedCertificate cert, String url) throws Exception {
        Path certPem = pem(dir.resolve("cert-" + cert.ref().serialHex() + ".pem"), "CERTIFICATE", cert.certificate().getEncoded());
        return run("openssl", "ocsp", "-issuer", caPem.toString(), "-cert", certPem.toString(), "-url", url,
                "-CAfile", caPem.toString(), "-no_nonce", "-resp_text");
    }

    private IssuedCertificate issue(CertificateProfile profile) {
        return ca.issue(new IssueRequest(CaTestSupport.id(), profile, CaTestSupport.rsaKey().getPublic(), CaTestSupport.holder(),
                java.time.Instant.now().plus(java.time.Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    private String crlPath(IssuedCertificate cert) {
        String medium = cert.certificate().getExtensionValue("2.5.29.31") != null
                && new String(cert.certificate().getExtensionValue("2.5.29.31")).contains("/smartphone/") ? "smartphone" : "card";
        int partitions = 4;
        return "/pki/crl/" + (cert.ref().ca() == IssuingCa.SIGNING ? "signing" : "user-auth") + "/" + medium + "/"
                + SerialNumberPolicy.partitionOf(cert.ref().serial(), partitions) + ".crl";
    }

    private String verify(Path dir, Path caPem, IssuedCertificate cert) throws Exception {
        Path certPem = pem(dir.resolve("cert-" + cert.ref().serialHex() + ".pem"), "CERTIFICATE", cert.certificate().getEncoded());
        HttpResponse<byte[]> crl = get(crlPath(cert));
        assertThat(crl.statusCode()).isEqualTo(200);
        Path crlPem = pem(dir.resolve("crl-" + System.nanoTime() + ".pem"), "X509 CRL", crl.body());
        return run("openssl", "verify", "-CAfile", caPem.toString(), "-crl_check", "-CRLfile", crlPem.toString(),
                certPem.toString());
    }

    private String ocsp(Path dir, Path caPem, IssuedCertificate cert, String url) throws Exception {
        Path certPem = pem(dir.resolve("cert-" + cert.ref().serialHex() + ".pem"), "CERTIFICATE", cert.certificate().getEncoded());
        return run("openssl", "ocsp", "-issuer", caPem.toString(), "-cert", certPem.toString(), "-url", url,
                "-CAfile", caPem.toString(), "-resp_text");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n");
        return file;
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
