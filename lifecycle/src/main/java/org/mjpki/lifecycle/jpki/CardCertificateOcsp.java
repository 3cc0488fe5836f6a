package org.mjpki.lifecycle.jpki;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * R1's "the card certificate is good", asked the way any relying party asks: OCSP (RFC 6960) at the URL the
 * card certificate itself names, with a nonce, and a response that must be signed by the issuing CA or by an
 * OCSP signer the CA delegated to. Status verification never depends on the issuance path (CA port), so a
 * problem there cannot make a revoked card look good.
 */
public final class CardCertificateOcsp {

    /** What the responder said about the card certificate. */
    public enum Status { GOOD, REVOKED, UNKNOWN }

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private final HttpClient http;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CardCertificateOcsp(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Asks the card certificate's OCSP responder. {@code issuer} must already be known as the certificate's
     * trusted issuing CA (the application's signature check established it).
     *
     * @throws OcspUnavailableException when the responder cannot be reached or gives no usable answer (retry later)
     */
    public Status check(X509Certificate card, X509Certificate issuer) {
        URI url = ocspUrl(card);
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), card.getSerialNumber());
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            // RFC 8954: the extension's value is the DER encoding of an OCTET STRING holding the nonce
            Extension nonceExtension = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(nonce).getEncoded()));
            OCSPReq request = new OCSPReqBuilder().addRequest(id)
                    .setRequestExtensions(new Extensions(nonceExtension)).build();
            byte[] answer = post(url, request.getEncoded());
            OCSPResp response = new OCSPResp(answer);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new OcspUnavailableException("the OCSP responder answered status " + response.getStatus());
            }
            BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
            verifySigner(basic, issuer);
            Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (echoed == null || !Arrays.equals(echoed.getExtnValue().getOctets(), nonceExtension.getExtnValue().getOctets())) {
                throw new OcspUnavailableException("the OCSP response does not echo the request's nonce");
            }
            for (SingleResp single : basic.getResponses()) {
                if (single.getCertID().equals(id)) {
                    checkTimes(single);
                    Object status = single.getCertStatus();
                    if (status == CertificateStatus.GOOD) {
                        return Status.GOOD;
                    }
                    if (status instanceof RevokedStatus) {
                        return Status.REVOKED; // certificateHold included: a held card may not apply
                    }
                    if (status instanceof UnknownStatus) {
                        return Status.UNKNOWN;
                    }
                }
            }
            throw new OcspUnavailableException("the OCSP response does not answer for the card certificate");
        } catch (OcspUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new OcspUnavailableException("the OCSP exchange with " + url + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private void checkTimes(SingleResp single) {
        Instant now = clock.instant();
        if (single.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new OcspUnavailableException("the OCSP response is dated in the future");
        }
        if (single.getNextUpdate() != null && single.getNextUpdate().toInstant().isBefore(now.minus(CLOCK_SKEW))) {
            throw new OcspUnavailableException("the OCSP response is stale");
        }
    }

    /** Signed by the issuing CA itself, or by a certificate the CA issued for OCSP signing and valid now. */
    private void verifySigner(BasicOCSPResp basic, X509Certificate issuer) throws Exception {
        JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
        if (basic.isSignatureValid(verifiers.build(issuer.getPublicKey()))) {
            return;
        }
        X509CertificateHolder caHolder = new JcaX509CertificateHolder(issuer);
        for (X509CertificateHolder delegate : basic.getCerts()) {
            boolean issuedByCa = delegate.getIssuer().equals(caHolder.getSubject())
                    && delegate.isSignatureValid(verifiers.build(issuer.getPublicKey()));
            boolean forOcsp = delegate.getExtensions() != null
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(delegate.getExtensions()) != null
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(delegate.getExtensions())
                        .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
            if (issuedByCa && forOcsp && delegate.isValidOn(java.util.Date.from(clock.instant()))
                    && basic.isSignatureValid(verifiers.build(delegate))) {
                return;
            }
        }
        throw new OcspUnavailableException("the OCSP response is not signed by the CA or its OCSP signer");
    }

    static URI ocspUrl(X509Certificate certificate) {
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(
                    new JcaX509CertificateHolder(certificate).getExtensions());
            if (aia != null) {
                for (AccessDescription d : aia.getAccessDescriptions()) {
                    if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                            && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                        URI uri = URI.create(d.getAccessLocation().getName().toString());
                        if (List.of("http", "https").contains(uri.getScheme())) {
                            return uri;
                        }
                    }
                }
            }
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            throw new InvalidApplicationException("the card certificate's OCSP URL is unreadable", e);
        }
        throw new InvalidApplicationException("the card certificate names no OCSP responder");
    }

    private byte[] post(URI url, byte[] request) throws IOException {
        HttpRequest httpRequest = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        try {
            HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new OcspUnavailableException("the OCSP responder " + url + " answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_RESPONSE_BYTES) {
                throw new OcspUnavailableException("the OCSP response is larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcspUnavailableException("interrupted while asking the OCSP responder");
        }
    }

    /** No usable OCSP answer now: a technical failure, retried; never treated as good. */
    public static class OcspUnavailableException extends RuntimeException {
        public OcspUnavailableException(String message) {
            super(message);
        }

        public OcspUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
