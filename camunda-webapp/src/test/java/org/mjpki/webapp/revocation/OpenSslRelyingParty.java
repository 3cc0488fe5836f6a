package org.mjpki.webapp.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.mjpki.ca.CertificateAuthority;

/**
 * OpenSSL's command line as an independent relying party: asks the OCSP responder and fetches the CRL at the URLs
 * inside a certificate, as any relying party would, and says what OpenSSL makes of them.
 */
public final class OpenSslRelyingParty {

    private final CertificateAuthority ca;

    public OpenSslRelyingParty(CertificateAuthority ca) {
        this.ca = ca;
    }

    public String ocsp(X509Certificate certificate) throws Exception {
        Path dir = Files.createTempDirectory("revocation-ocsp");
        X509Certificate issuer = ca.caCertificates().stream()
                .filter(c -> c.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())).findFirst().orElseThrow();
        Path caPem = pem(dir.resolve("ca.pem"), "CERTIFICATE", issuer.getEncoded());
        Path certPem = pem(dir.resolve("cert.pem"), "CERTIFICATE", certificate.getEncoded());
        return run("openssl", "ocsp", "-issuer", caPem.toString(), "-cert", certPem.toString(), "-url", ocspUrl(certificate),
                "-CAfile", caPem.toString(), "-resp_text");
    }

    public String verifyWithCrl(X509Certificate certificate) throws Exception {
        Path dir = Files.createTempDirectory("revocation-crl");
        X509Certificate issuer = ca.caCertificates().stream()
                .filter(c -> c.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())).findFirst().orElseThrow();
        Path caPem = pem(dir.resolve("ca.pem"), "CERTIFICATE", issuer.getEncoded());
        Path certPem = pem(dir.resolve("cert.pem"), "CERTIFICATE", certificate.getEncoded());
        byte[] crl = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(crlUrl(certificate))).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        Path crlPem = pem(dir.resolve("crl.pem"), "X509 CRL", crl);
        return run("openssl", "verify", "-CAfile", caPem.toString(), "-crl_check", "-CRLfile", crlPem.toString(),
                certPem.toString());
    }

    /** The delta CRL of the certificate's partition (its CRL URL with {@code -delta}), as {@code openssl crl -text} reads it. */
    public String deltaCrlText(X509Certificate certificate) throws Exception {
        Path dir = Files.createTempDirectory("revocation-delta");
        byte[] crl = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(crlUrl(certificate).replace(".crl", "-delta.crl"))).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        Path crlPem = pem(dir.resolve("delta.pem"), "X509 CRL", crl);
        return run("openssl", "crl", "-in", crlPem.toString(), "-noout", "-text");
    }

    private static String ocspUrl(X509Certificate certificate) throws Exception {
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(
                new JcaX509CertificateHolder(certificate).getExtensions());
        for (AccessDescription d : aia.getAccessDescriptions()) {
            if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) {
                return d.getAccessLocation().getName().toString();
            }
        }
        throw new AssertionError("no OCSP URL in the certificate");
    }

    private static String crlUrl(X509Certificate certificate) throws Exception {
        CRLDistPoint points = CRLDistPoint.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions());
        for (DistributionPoint point : points.getDistributionPoints()) {
            for (GeneralName name : org.bouncycastle.asn1.x509.GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames()) {
                if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    return name.getName().toString();
                }
            }
        }
        throw new AssertionError("no CRL distribution point in the certificate");
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

    public static X509Certificate x509(byte[] der) throws Exception {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

}
