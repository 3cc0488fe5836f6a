package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.embedded.SigningBudget;
import org.mjpki.ca.embedded.OcspResponder;
import org.mjpki.ca.embedded.PreproducedOcspResponses;
import org.mjpki.ca.embedded.StatusVersionWatch;
import org.mjpki.testsupport.PostgresTestDatabase;

/**
 * Pre-produced OCSP responses (ADR 0030): signed once and then served from memory; a status change on this node shows in
 * the very next response, on another node once its status watch polls; old responses are signed anew, expired ones never
 * served; nothing a client sends can fill the memory; nonces within and past their budget; the database away.
 */
class PreproducedOcspResponsesTest {
    private final CaTestSupport t = CaTestSupport.postgres();

    @Test
    void aResponseIsSignedOnceAndThenServedFromMemory() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        PreproducedOcspResponses.Stats before = t.preproduced.stats();
        byte[] first = ask(t, cert, false, null);
        byte[] second = ask(t, cert, false, null);
        byte[] third = ask(t, cert, false, null);
        assertThat(second).isEqualTo(first).isEqualTo(third);
        PreproducedOcspResponses.Stats after = t.preproduced.stats();
        assertThat(after.signed() - before.signed()).as("signatures").isEqualTo(1);
        assertThat(after.served() - before.served()).as("served from memory").isEqualTo(3);
        SingleResp good = verifiedSingle(t, first);
        assertThat(good.getCertStatus()).isNull();
        assertThat(Duration.between(good.getThisUpdate().toInstant(), good.getNextUpdate().toInstant()))
                .isEqualTo(t.policy.ocspValidity());
        // the SHA-256 CertID has a response of its own, echoing that CertID
        SingleResp sha256 = verifiedSingle(t, ask(t, cert, true, null));
        assertThat(sha256.getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(sha256.getCertStatus()).isNull();
    }

    @Test
    void holdReleaseAndRevokeShowInTheVeryNextResponse() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.CARD_SIGNING);
        for (boolean sha256 : new boolean[] {false, true}) {
            assertThat(status(t, cert, sha256)).isNull();                       // good, and now kept
        }

        t.ca.placeOnHold(CaTestSupport.id(), cert.ref());
        for (boolean sha256 : new boolean[] {false, true}) {
            assertThat(((RevokedStatus) status(t, cert, sha256)).getRevocationReason())
                    .isEqualTo(RevocationReason.CERTIFICATE_HOLD.code());
        }

        t.ca.releaseHold(CaTestSupport.id(), cert.ref());
        for (boolean sha256 : new boolean[] {false, true}) {
            assertThat(status(t, cert, sha256)).isNull();
        }

        Revocation r = t.ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.KEY_COMPROMISE);
        for (boolean sha256 : new boolean[] {false, true}) {
            RevokedStatus revoked = (RevokedStatus) status(t, cert, sha256);
            assertThat(revoked.getRevocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE.code());
            assertThat(revoked.getRevocationTime().toInstant()).isEqualTo(r.revokedAt());
        }
    }

    @Test
    void aBatchRevocationShowsInTheVeryNextResponse() throws Exception {
        List<IssuedCertificate> certs = new ArrayList<>();
        List<RevocationOrder> orders = new ArrayList<>();
        for (CertificateProfile profile : CertificateProfile.values()) {
            IssuedCertificate cert = t.issue(profile);
            certs.add(cert);
            assertThat(status(t, cert, false)).isNull();
            orders.add(new RevocationOrder(CaTestSupport.id(), cert.ref(), RevocationReason.AFFILIATION_CHANGED));
        }
        t.ca.revokeAll(orders);
        for (IssuedCertificate cert : certs) {
            assertThat(((RevokedStatus) status(t, cert, false)).getRevocationReason())
                    .isEqualTo(RevocationReason.AFFILIATION_CHANGED.code());
        }
    }

    @Test
    void anotherNodesChangeReachesThisNodeWhenItsStatusWatchPolls() throws Exception {
        CaTestSupport other = t.otherNode();
        IssuedCertificate held = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate revoked = t.issue(CertificateProfile.CARD_USER_AUTH);
        assertThat(status(t, held, false)).isNull();
        assertThat(status(t, revoked, false)).isNull();
        t.statusWatch.poll();

        other.ca.placeOnHold(CaTestSupport.id(), held.ref());
        other.ca.revokeAll(List.of(new RevocationOrder(CaTestSupport.id(), revoked.ref(), RevocationReason.SUPERSEDED)));
        assertThat(status(other, held, false)).as("at the node that made it").isInstanceOf(RevokedStatus.class);
        assertThat(status(t, held, false)).as("kept here until the watch polls").isNull();

        assertThat(t.statusWatch.poll()).isGreaterThanOrEqualTo(2);
        assertThat(((RevokedStatus) status(t, held, false)).getRevocationReason()).isEqualTo(RevocationReason.CERTIFICATE_HOLD.code());
        assertThat(((RevokedStatus) status(t, revoked, false)).getRevocationReason()).isEqualTo(RevocationReason.SUPERSEDED.code());

        // the watch on its own thread, as the application runs it: woken by PostgreSQL's notification (the interval is
        // far longer than the wait), and by its interval alone where nothing notifies (H2)
        try (var watch = new StatusVersionWatch(t.repository, t.preproduced).start(Duration.ofMinutes(10), t.dataSource)) {
            other.ca.releaseHold(CaTestSupport.id(), held.ref());
            awaitStatus(t, held, null);
        }
        try (var watch = new StatusVersionWatch(t.repository, t.preproduced).start(Duration.ofMillis(100), null)) {
            other.ca.placeOnHold(CaTestSupport.id(), held.ref());
            awaitStatus(t, held, RevokedStatus.class);
        }
    }

    private static void awaitStatus(CaTestSupport on, IssuedCertificate cert, Class<?> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Object status = status(on, cert, false);
        while ((expected == null ? status != null : !expected.isInstance(status)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = status(on, cert, false);
        }
        assertThat(status).as("seen within 10 s").satisfies(s -> {
            if (expected == null) {
                assertThat(s).isNull();
            } else {
                assertThat(s).isInstanceOf(expected);
            }
        });
    }

    @Test
    void oldResponsesAreSignedAnewAndExpiredOnesAreNeverServed() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        try {
            Instant first = verifiedSingle(t, ask(t, cert, false, null)).getThisUpdate().toInstant();
            t.clock.advance(t.properties.getOcsp().getRefreshAfter().plusMinutes(1));
            // the request that finds it old still gets it (valid until its nextUpdate); the refresh runs beside it
            assertThat(verifiedSingle(t, ask(t, cert, false, null)).getThisUpdate().toInstant()).isEqualTo(first);
            Instant refreshed = verifiedSingle(t, ask(t, cert, false, null)).getThisUpdate().toInstant();
            assertThat(refreshed).isAfter(first.plus(t.properties.getOcsp().getRefreshAfter()));

            t.clock.advance(t.policy.ocspValidity().plusMinutes(1));
            Instant now = t.clock.instant();
            SingleResp late = verifiedSingle(t, ask(t, cert, false, null));
            assertThat(late.getNextUpdate().toInstant()).as("never past its nextUpdate").isAfter(now);
            assertThat(late.getThisUpdate().toInstant()).isAfterOrEqualTo(now.minusSeconds(1));
        } finally {
            t.clock.reset();
        }
    }

    @Test
    void requestsWithoutAKeptResponseNeverFillTheMemory() throws Exception {
        X509Certificate ca = t.ca.caCertificates().get(0);
        IssuedCertificate issued = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        SecureRandom random = new SecureRandom();
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        X509CertificateHolder caHolder = new X509CertificateHolder(ca.getEncoded());
        byte[] junkHash = new byte[20];
        PreproducedOcspResponses.Stats before = t.preproduced.stats();
        for (int i = 0; i < 300; i++) {
            BigInteger serial = new BigInteger(127, random).setBit(100);
            random.nextBytes(junkHash);
            CertificateID[] ids = {
                OcspTestSupport.certId(ca, serial, i % 2 == 0),                                        // never issued
                new CertificateID(new CertID(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1),     // another issuer
                        new DEROctetString(junkHash), new DEROctetString(junkHash), new ASN1Integer(issued.ref().serial()))),
                new CertificateID(digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha512)), caHolder,
                        issued.ref().serial())                                                       // a form not kept
            };
            for (CertificateID id : ids) {
                byte[] answer = t.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, OcspTestSupport.request(id));
                assertThat(new OCSPResp(answer).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            }
        }
        PreproducedOcspResponses.Stats after = t.preproduced.stats();
        assertThat(after.signed()).as("nothing signed to keep").isEqualTo(before.signed());
        assertThat(after.entries()).as("nothing kept").isLessThanOrEqualTo(before.entries());
    }

    @Test
    void aNonceIsEchoedWithinItsBudgetAndPastItTheKeptResponseIsServedWithoutIt() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.CARD_USER_AUTH);
        byte[] kept = ask(t, cert, false, null);
        OcspResponder oneASecond = new OcspResponder(t.policy, t.keys, t.repository, t.clock, t.preproduced,
                new SigningBudget("nonce", 1),
                new SigningBudget("on-demand", 1_000_000));
        byte[] nonce = {9, 8, 7, 6, 5, 4, 3, 2, 1};
        byte[] request = OcspTestSupport.request(t.ca.caCertificates().get(1), cert.ref().serial(), nonce, false);

        BasicOCSPResp signedOnDemand = basic(oneASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, request));
        assertThat(org.bouncycastle.asn1.ASN1OctetString.getInstance(signedOnDemand
                .getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets()).getOctets()).isEqualTo(nonce);

        byte[] pastBudget = oneASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, request);
        assertThat(pastBudget).as("the kept response, without the nonce").isEqualTo(kept);
        assertThat(basic(pastBudget).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();

        // a certificate without a kept response echoes the nonce whatever the nonce budget: it is signed on demand anyway,
        // from the on-demand budget
        OcspResponder never = new OcspResponder(t.policy, t.keys, t.repository, t.clock, t.preproduced, new SigningBudget("nonce", 0),
                new SigningBudget("on-demand", 1_000_000));
        BasicOCSPResp unknown = basic(never.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD,
                OcspTestSupport.request(t.ca.caCertificates().get(1), BigInteger.valueOf(777_777), nonce, false)));
        assertThat(unknown.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(unknown.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotNull();
    }

    @Test
    void whatNothingPreProducedAnswersIsSignedWithinItsBudgetAndPastItIsTryLater() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.CARD_USER_AUTH);
        X509Certificate caCert = t.ca.caCertificates().get(1);
        byte[] kept = ask(t, cert, false, null);
        OcspResponder twoASecond = new OcspResponder(t.policy, t.keys, t.repository, t.clock, t.preproduced,
                new SigningBudget("nonce", 0), new SigningBudget("on-demand", 2));
        byte[] unknownSerial = OcspTestSupport.request(caCert, BigInteger.valueOf(424_242), null, false);

        for (int i = 0; i < 2; i++) {
            BasicOCSPResp signed = basic(twoASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, unknownSerial));
            assertThat(signed.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
        }
        // a flood of unknown serials: past the budget nothing is signed, whatever else the request holds
        assertThat(new OCSPResp(twoASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, unknownSerial)).getStatus())
                .isEqualTo(OCSPResp.TRY_LATER);
        assertThat(new OCSPResp(twoASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD,
                OcspTestSupport.request(caCert, BigInteger.valueOf(424_243), new byte[] {1, 2, 3}, false))).getStatus())
                .isEqualTo(OCSPResp.TRY_LATER);
        // the certificates the CA issued are still answered, from what was pre-produced: no signature needed
        assertThat(twoASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD,
                OcspTestSupport.request(caCert, cert.ref().serial(), null, false))).isEqualTo(kept);

        Thread.sleep(1_100);                                     // the budget fills again within a second
        assertThat(new OCSPResp(twoASecond.respond(IssuingCa.USER_AUTH, CertificateMedium.CARD, unknownSerial)).getStatus())
                .isEqualTo(OCSPResp.SUCCESSFUL);
        assertThatThrownBy(() -> new SigningBudget("mjpki.ca.ocsp.on-demand-signatures-per-second", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on-demand-signatures-per-second");
    }

    @Test
    void withTheDatabaseAwayKeptResponsesAreStillServedAndTheRestIsTryLater() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        var pool = CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password());
        CaTestSupport own = CaTestSupport.create(pool, CaTestSupport.defaults(), null);
        IssuedCertificate kept = own.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        IssuedCertificate notKept = own.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        byte[] before = ask(own, kept, false, null);

        pool.close();
        assertThat(ask(own, kept, false, null)).isEqualTo(before);
        assertThat(new OCSPResp(ask(own, notKept, false, null)).getStatus()).isEqualTo(OCSPResp.TRY_LATER);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] ask(CaTestSupport on, IssuedCertificate cert, boolean sha256, byte[] nonce) throws Exception {
        IssuingCa ca = cert.ref().ca();
        X509Certificate issuer = on.ca.caCertificates().get(ca == IssuingCa.SIGNING ? 0 : 1);
        return on.ocsp.respond(ca, medium(cert), OcspTestSupport.request(issuer, cert.ref().serial(), nonce, sha256));
    }

    /** The medium its CRL distribution point names (no database: some tests ask with the database away). */
    private static CertificateMedium medium(IssuedCertificate cert) {
        byte[] crlDp = cert.certificate().getExtensionValue("2.5.29.31");
        return new String(crlDp, java.nio.charset.StandardCharsets.ISO_8859_1).contains("/smartphone/")
                ? CertificateMedium.SMARTPHONE : CertificateMedium.CARD;
    }

    private static Object status(CaTestSupport on, IssuedCertificate cert, boolean sha256) throws Exception {
        return verifiedSingle(on, ask(on, cert, sha256, null)).getCertStatus();
    }

    private static SingleResp verifiedSingle(CaTestSupport on, byte[] response) throws Exception {
        BasicOCSPResp basic = basic(response);
        X509Certificate signer = new JcaX509CertificateConverter().getCertificate(basic.getCerts()[0]);
        signer.verify(on.ca.caCertificates().get(0).getIssuerX500Principal().equals(signer.getIssuerX500Principal())
                ? on.ca.caCertificates().get(0).getPublicKey() : on.ca.caCertificates().get(1).getPublicKey());
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
        assertThat(basic.getResponses()).hasSize(1);
        return basic.getResponses()[0];
    }

    private static BasicOCSPResp basic(byte[] response) throws Exception {
        OCSPResp resp = new OCSPResp(response);
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) resp.getResponseObject();
    }
}
