package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import ch.qos.logback.classic.Level;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.mjpki.ca.embedded.OcspResponder;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspResponderTest {
    private final CaTestSupport t = CaTestSupport.postgres();

    @Test
    void goodRevokedHeldAndUnknownAreSignedByTheDelegatedSigner() throws Exception {
        IssuedCertificate good = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate revoked = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate held = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        Revocation r = t.ca.revoke(CaTestSupport.id(), revoked.ref(), RevocationReason.KEY_COMPROMISE);
        t.ca.placeOnHold(CaTestSupport.id(), held.ref());
        X509Certificate ca = t.ca.caCertificates().get(0);

        SingleResp g = single(ask(ca, good.ref().serial(), CertificateMedium.SMARTPHONE));
        assertThat(g.getCertStatus()).isNull();                               // GOOD
        assertThat(Duration.between(g.getThisUpdate().toInstant(), g.getNextUpdate().toInstant())).isEqualTo(Duration.ofHours(1));

        SingleResp rv = single(ask(ca, revoked.ref().serial(), CertificateMedium.SMARTPHONE));
        RevokedStatus rs = (RevokedStatus) rv.getCertStatus();
        assertThat(rs.getRevocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE.code());
        assertThat(rs.getRevocationTime().toInstant()).isEqualTo(r.revokedAt());

        RevokedStatus hs = (RevokedStatus) single(ask(ca, held.ref().serial(), CertificateMedium.SMARTPHONE)).getCertStatus();
        assertThat(hs.getRevocationReason()).isEqualTo(RevocationReason.CERTIFICATE_HOLD.code());
        t.ca.releaseHold(CaTestSupport.id(), held.ref());
        assertThat(single(ask(ca, held.ref().serial(), CertificateMedium.SMARTPHONE)).getCertStatus()).isNull();

        // never issued; issued for the other medium; asked of the other CA
        assertThat(single(ask(ca, BigInteger.valueOf(4242), CertificateMedium.SMARTPHONE)).getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(single(ask(ca, good.ref().serial(), CertificateMedium.CARD)).getCertStatus()).isInstanceOf(UnknownStatus.class);
        byte[] otherCa = t.ocsp.respond(IssuingCa.USER_AUTH, CertificateMedium.SMARTPHONE,
                OcspTestSupport.request(ca, good.ref().serial(), null, false));
        assertThat(single(otherCa).getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void responseIsVerifiableNonceEchoedSha256Accepted() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.CARD_USER_AUTH);
        X509Certificate ca = t.ca.caCertificates().get(1);
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        OCSPResp resp = new OCSPResp(t.ocsp.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD,
                OcspTestSupport.request(ca, cert.ref().serial(), nonce, true)));
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        X509CertificateHolder signerHolder = basic.getCerts()[0];
        X509Certificate signer = new JcaX509CertificateConverter().getCertificate(signerHolder);
        signer.verify(ca.getPublicKey());                                              // delegated by the CA
        assertThat(signer.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
        assertThat(signer.getExtensionValue(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId())).isNotNull();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
        byte[] echoed = ASN1OctetString.getInstance(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                .getExtnValue().getOctets()).getOctets();
        assertThat(echoed).isEqualTo(nonce);
        assertThat(basic.getResponses()[0].getCertID().getHashAlgOID().getId()).isEqualTo("2.16.840.1.101.3.4.2.1");
        assertThat(basic.getResponses()[0].getCertStatus()).isNull();
    }

    @Test
    void malformedRequestsGetMalformedRequest() throws Exception {
        X509Certificate ca = t.ca.caCertificates().get(0);
        byte[] ok = OcspTestSupport.request(ca, BigInteger.TEN, null, false);
        byte[][] junk = {null, {}, {0x30}, {0x30, 0x00}, "GET / HTTP/1.1".getBytes(), Arrays.copyOf(ok, ok.length - 3),
                new byte[9000], OcspTestSupport.request(ca, BigInteger.TEN, new byte[64], false),
                {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}};
        for (byte[] j : junk) {
            OCSPResp resp = new OCSPResp(t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, j));
            assertThat(resp.getStatus()).as(j == null ? "null" : j.length + " bytes").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
    }

    /**
     * Found by the OCSP fuzzing: DER of nothing but nested SEQUENCEs overflowed the parser's stack (a StackOverflowError,
     * an HTTP 500) before it failed as malformed; so did a nonce whose value nests deep, parsed after the request.
     */
    @Test
    void derNestedDeeperThanAnyRequestIsMalformedNotAStackOverflow() throws Exception {
        X509Certificate ca = t.ca.caCertificates().get(0);
        byte[] indefinite = new byte[8000];
        for (int i = 0; i < indefinite.length; i += 2) {
            indefinite[i] = 0x30;
            indefinite[i + 1] = (byte) 0x80;
        }
        byte[][] nested = {nestedSequences(1360), nestedSequences(OcspResponder.MAX_NESTING + 1), indefinite,
            requestWithNonceValue(ca, nestedSequences(1340))};
        for (byte[] der : nested) {
            assertThat(der.length).isLessThanOrEqualTo(OcspResponder.MAX_REQUEST_BYTES);
            OCSPResp resp = new OCSPResp(respondOnASmallStack(der));
            assertThat(resp.getStatus()).as(der.length + " bytes").isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        // a real request is answered on the same small stack
        byte[] real = OcspTestSupport.request(ca, BigInteger.TEN, new byte[] {1, 2, 3}, false);
        assertThat(new OCSPResp(respondOnASmallStack(real)).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    }

    /** The answer on a thread with a 256 KiB stack (a server thread has 1 MiB): an overflow shows whatever the JVM's default. */
    private byte[] respondOnASmallStack(byte[] der) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, der));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        assertThat(outcome.get()).as("an answer, not a Throwable").isInstanceOf(byte[].class);
        return (byte[]) outcome.get();
    }

    /**
     * Found by the OCSP fuzzing: a request with one bit flipped was answered tryLater, as if the database were away (a
     * NullPointerException while the answer was built). Every single-bit flip of real requests, with and without a
     * nonce, SHA-1 and SHA-256 CertIDs, is answered malformedRequest or successful.
     */
    @Test
    void everyBitFlipOfARealRequestIsMalformedOrAnswered() throws Exception {
        IssuedCertificate good = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        X509Certificate ca = t.ca.caCertificates().get(0);
        for (byte[] nonce : new byte[][] {null, new byte[16]}) {
            for (boolean sha256 : new boolean[] {false, true}) {
                byte[] request = OcspTestSupport.request(ca, good.ref().serial(), nonce, sha256);
                for (int bit = 0; bit < request.length * 8; bit++) {
                    byte[] flipped = request.clone();
                    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                    int status = new OCSPResp(t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, flipped)).getStatus();
                    assertThat(status).as("bit %d of byte %d of %d, SHA-%s, nonce %s", bit % 8, bit / 8, request.length,
                            sha256 ? "256" : "1", nonce != null).isIn(OCSPResp.MALFORMED_REQUEST, OCSPResp.SUCCESSFUL);
                }
            }
        }
    }

    /** SEQUENCEs in SEQUENCEs, {@code depth} deep, each with a four-byte definite length. */
    private static byte[] nestedSequences(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            int inner = (depth - i - 1) * 6;
            out.writeBytes(new byte[] {0x30, (byte) 0x84, (byte) (inner >>> 24), (byte) (inner >>> 16), (byte) (inner >>> 8), (byte) inner});
        }
        return out.toByteArray();
    }

    /** A well-formed request whose nonce extension holds {@code value} as it is. */
    private static byte[] requestWithNonceValue(X509Certificate ca, byte[] value) throws Exception {
        return new org.bouncycastle.cert.ocsp.OCSPReqBuilder().addRequest(OcspTestSupport.certId(ca, BigInteger.TEN, false))
                .setRequestExtensions(new org.bouncycastle.asn1.x509.Extensions(new org.bouncycastle.asn1.x509.Extension(
                        OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(value))))
                .build().getEncoded();
    }

    @Test
    void aCertIdWithAHashAlgorithmTheResponderCannotComputeIsUnknownAndTheRestIsAnswered() throws Exception {
        IssuedCertificate good = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        X509Certificate ca = t.ca.caCertificates().get(0);
        // well-formed (any OID is a valid AlgorithmIdentifier), but no provider computes it: it cannot name our CA
        String exoticOid = "1.3.6.1.4.1.55555.1.1";
        byte[] hash = new byte[32];
        CertificateID exotic = new CertificateID(new CertID(new AlgorithmIdentifier(new ASN1ObjectIdentifier(exoticOid)),
                new DEROctetString(hash), new DEROctetString(hash), new ASN1Integer(good.ref().serial())));
        byte[] request = OcspTestSupport.request(exotic, OcspTestSupport.certId(ca, good.ref().serial(), false));
        try (LogCapture logs = LogCapture.of(OcspResponder.class)) {
            BasicOCSPResp basic = signedAnswer(t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, request));
            SingleResp[] answers = basic.getResponses();
            assertThat(answers).hasSize(2);
            assertThat(answers[0].getCertID().getHashAlgOID().getId()).isEqualTo(exoticOid);
            assertThat(answers[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
            assertThat(answers[1].getCertID().getSerialNumber()).isEqualTo(good.ref().serial());
            assertThat(answers[1].getCertStatus()).isNull();                               // GOOD
            assertThat(logs.atOrAbove(Level.WARN)).as("a client's choice is not our fault").isEmpty();
        }
    }

    @Test
    void serialsNoCaIssuesAreUnknown() throws Exception {
        X509Certificate ca = t.ca.caCertificates().get(0);
        BigInteger twentyOneOctets = BigInteger.ONE.shiftLeft(160);
        BigInteger largestLegal = BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE);
        byte[] request = OcspTestSupport.request(OcspTestSupport.certId(ca, BigInteger.ZERO, false),
                OcspTestSupport.certId(ca, BigInteger.valueOf(-5), false), OcspTestSupport.certId(ca, twentyOneOctets, false),
                OcspTestSupport.certId(ca, largestLegal, true));
        try (LogCapture logs = LogCapture.of(OcspResponder.class)) {
            SingleResp[] answers = signedAnswer(t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.CARD, request)).getResponses();
            assertThat(answers).hasSize(4).allSatisfy(a -> assertThat(a.getCertStatus()).isInstanceOf(UnknownStatus.class));
            assertThat(logs.atOrAbove(Level.WARN)).isEmpty();
        }
    }

    @Test
    void atMostTwentyCertIdsPerRequest() throws Exception {
        X509Certificate ca = t.ca.caCertificates().get(1);
        IssuedCertificate good = t.issue(CertificateProfile.CARD_USER_AUTH);
        CertificateID[] ids = new CertificateID[OcspResponder.MAX_CERTIFICATES_PER_REQUEST + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = OcspTestSupport.certId(ca, i == 0 ? good.ref().serial() : BigInteger.valueOf(1000 + i), true);
        }
        byte[] twenty = OcspTestSupport.request(Arrays.copyOf(ids, OcspResponder.MAX_CERTIFICATES_PER_REQUEST));
        SingleResp[] answers = signedAnswer(t.ocsp.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, twenty)).getResponses();
        assertThat(answers).hasSize(20);
        assertThat(answers[0].getCertStatus()).isNull();
        assertThat(new OCSPResp(t.ocsp.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, OcspTestSupport.request(ids)))
                .getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    private BasicOCSPResp signedAnswer(byte[] response) throws Exception {
        OCSPResp resp = new OCSPResp(response);
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        X509Certificate signer = new JcaX509CertificateConverter().getCertificate(basic.getCerts()[0]);
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
        return basic;
    }

    private byte[] ask(X509Certificate ca, BigInteger serial, CertificateMedium medium) throws Exception {
        IssuingCa which = ca.equals(t.ca.caCertificates().get(0)) ? IssuingCa.SIGNING : IssuingCa.USER_AUTH;
        return t.ocsp.respond(which, medium, OcspTestSupport.request(ca, serial, null, false));
    }

    private static SingleResp single(byte[] response) throws Exception {
        OCSPResp resp = new OCSPResp(response);
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0];
    }
}
