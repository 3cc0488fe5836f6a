package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.config.CaProperties;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

class CrlTest {
    private final CaTestSupport t = CaTestSupport.postgres();

    @AfterEach
    void resetClock() {
        t.clock.reset();
    }

    @Test
    void completeCrlListsHeldAndRevokedOnlyWithReasonAndTime() throws Exception {
        IssuedCertificate good = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate held = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate revoked = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate released = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        t.ca.placeOnHold(CaTestSupport.id(), held.ref());
        Revocation r = t.ca.revoke(CaTestSupport.id(), revoked.ref(), RevocationReason.KEY_COMPROMISE);
        t.ca.placeOnHold(CaTestSupport.id(), released.ref());
        t.ca.releaseHold(CaTestSupport.id(), released.ref());

        assertThat(entry(good)).isNull();
        assertThat(entry(released)).isNull();
        X509CRLEntry h = entry(held);
        assertThat(h.getRevocationReason()).isEqualTo(CRLReason.CERTIFICATE_HOLD);
        assertThat(h.getRevocationDate().toInstant()).isEqualTo(t.ca.status(held.ref()).revokedAt());
        X509CRLEntry rv = entry(revoked);
        assertThat(rv.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(rv.getRevocationDate().toInstant()).isEqualTo(r.revokedAt());
    }

    @Test
    void crlIsSignedScopedNumberedAndDated() throws Exception {
        IssuedCertificate cert = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        CrlScope scope = scopeOf(cert);
        PublishedCrl published = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
        X509CRL crl = CaTestSupport.crl(published.der());
        X509Certificate caCert = t.ca.caCertificates().get(1);
        crl.verify(caCert.getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(caCert.getSubjectX500Principal());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant())).isEqualTo(Duration.ofHours(24));
        X509CRLHolder h = new X509CRLHolder(published.der());
        assertThat(CRLNumber.getInstance(h.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber())
                .isEqualTo(BigInteger.valueOf(published.crlNumber()));
        Extension idpExt = h.getExtension(Extension.issuingDistributionPoint);
        assertThat(idpExt.isCritical()).isTrue();
        IssuingDistributionPoint idp = IssuingDistributionPoint.getInstance(idpExt.getParsedValue());
        assertThat(idp.onlyContainsUserCerts()).isTrue();
        CRLDistPoint certDp = CRLDistPoint.fromExtensions(new X509CertificateHolder(cert.certificate().getEncoded()).getExtensions());
        assertThat(GeneralNames.getInstance(idp.getDistributionPoint().getName()))
                .isEqualTo(GeneralNames.getInstance(certDp.getDistributionPoints()[0].getDistributionPoint().getName()));
        assertThat(h.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
        CRLDistPoint freshest = CRLDistPoint.getInstance(h.getExtension(Extension.freshestCRL).getParsedValue());
        assertThat(freshest.getDistributionPoints()[0].getDistributionPoint().getName().toString()).contains(
                scope.partition() + "-delta.crl");
        assertThat(crl.getRevokedCertificates() == null || crl.getRevokedCertificates().stream()
                .noneMatch(e -> e.getSerialNumber().equals(cert.ref().serial()))).isTrue();
    }

    @Test
    void crlNumbersStrictlyIncreaseAndUnchangedCrlsAreCached() {
        IssuedCertificate cert = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        CrlScope scope = scopeOf(cert);
        long n1 = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber();
        long n1again = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber();
        assertThat(n1again).isEqualTo(n1);
        t.ca.placeOnHold(CaTestSupport.id(), cert.ref());
        long n2 = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber();
        long d2 = t.crls.current(scope, PublishedCrl.Kind.DELTA).orElseThrow().crlNumber();
        t.ca.releaseHold(CaTestSupport.id(), cert.ref());
        long n3 = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber();
        assertThat(n2).isGreaterThan(n1);
        assertThat(d2).isGreaterThan(n2);
        assertThat(n3).isGreaterThan(d2);
    }

    @Test
    void partitionsKeepTheirOwnEntries() {
        IssuedCertificate cert = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        t.ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.SUPERSEDED);
        CrlScope own = scopeOf(cert);
        assertThat(entry(cert)).isNotNull();
        for (int p = 0; p < 8; p++) {
            if (p != own.partition()) {
                X509CRL other = CaTestSupport.crl(t.crls.current(new CrlScope(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, p),
                        PublishedCrl.Kind.FULL).orElseThrow().der());
                assertThat(other.getRevokedCertificate(cert.ref().serial())).isNull();
            }
        }
        // card CRLs are separate from smartphone CRLs
        for (int p = 0; p < 2; p++) {
            X509CRL card = CaTestSupport.crl(t.crls.current(new CrlScope(IssuingCa.SIGNING, CertificateMedium.CARD, p),
                    PublishedCrl.Kind.FULL).orElseThrow().der());
            assertThat(card.getRevokedCertificate(cert.ref().serial())).isNull();
        }
        assertThat(t.crls.current(new CrlScope(IssuingCa.SIGNING, CertificateMedium.CARD, 99), PublishedCrl.Kind.FULL)).isEmpty();
    }

    @Test
    void revokedEntriesLeaveOneCrlValidityAfterExpiry() {
        IssueRequest shortLived = new IssueRequest(CaTestSupport.id(), CertificateProfile.SMARTPHONE_USER_AUTH,
                CaTestSupport.rsaKey().getPublic(), CaTestSupport.holder(), java.time.Instant.now().plus(Duration.ofDays(2)));
        IssuedCertificate cert = t.ca.issue(shortLived);
        t.ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.CESSATION_OF_OPERATION);
        assertThat(entry(cert)).isNotNull();
        t.clock.advance(Duration.ofDays(2).plusHours(12));           // expired, within one CRL validity
        t.crls.republishAll();
        assertThat(entry(cert)).isNotNull();
        t.clock.advance(Duration.ofDays(1));                         // more than one validity after notAfter
        t.crls.republishAll();
        assertThat(entry(cert)).isNull();
    }

    @Test
    void republishAllIssuesANewPairForEveryPartition() {
        int published = t.crls.republishAll();
        assertThat(published).isEqualTo(2 * 2 * (2 + 8));
        CrlScope scope = new CrlScope(IssuingCa.USER_AUTH, CertificateMedium.CARD, 1);
        long before = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber();
        t.crls.republishAll();
        assertThat(t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber()).isGreaterThan(before);
    }

    @Test
    void deltaCrlCarriesChangesSinceItsBaseIncludingRemoveFromCrl() throws Exception {
        CaProperties p = CaTestSupport.defaults();
        p.getSmartphone().setCrlPartitions(1);
        p.getCrl().setFullMinInterval(Duration.ofHours(1));            // complete CRL kept; deltas carry the changes
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        CaTestSupport own = CaTestSupport.create(CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password()), p, null);
        CrlScope scope = new CrlScope(IssuingCa.USER_AUTH, CertificateMedium.SMARTPHONE, 0);

        IssuedCertificate x = own.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        IssuedCertificate y = own.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        own.ca.placeOnHold(CaTestSupport.id(), x.ref());
        PublishedCrl base = own.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
        assertThat(CaTestSupport.crl(base.der()).getRevokedCertificate(x.ref().serial()).getRevocationReason())
                .isEqualTo(CRLReason.CERTIFICATE_HOLD);

        own.ca.releaseHold(CaTestSupport.id(), x.ref());
        own.ca.revoke(CaTestSupport.id(), y.ref(), RevocationReason.KEY_COMPROMISE);
        assertThat(own.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber()).isEqualTo(base.crlNumber());
        PublishedCrl delta = own.crls.current(scope, PublishedCrl.Kind.DELTA).orElseThrow();
        X509CRL d = CaTestSupport.crl(delta.der());
        d.verify(own.ca.caCertificates().get(1).getPublicKey());
        assertThat(delta.crlNumber()).isGreaterThan(base.crlNumber());
        // the streaming reader (for a card CA's CRLs) reads this CA's own delta as Bouncy Castle and the JDK do
        java.util.List<org.mjpki.ca.crl.StreamingCrlReader.Entry> streamed = new java.util.ArrayList<>();
        org.mjpki.ca.crl.StreamingCrlReader.Summary summary = org.mjpki.ca.crl.StreamingCrlReader.read(
                new java.io.ByteArrayInputStream(delta.der()), own.ca.caCertificates().get(1).getPublicKey(), streamed::add);
        assertThat(summary.baseCrlNumber()).isEqualTo(BigInteger.valueOf(base.crlNumber()));
        assertThat(summary.crlNumber()).isEqualTo(BigInteger.valueOf(delta.crlNumber()));
        assertThat(streamed).extracting(org.mjpki.ca.crl.StreamingCrlReader.Entry::serial,
                        org.mjpki.ca.crl.StreamingCrlReader.Entry::reasonCode)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(x.ref().serial(), 8),
                        org.assertj.core.groups.Tuple.tuple(y.ref().serial(), RevocationReason.KEY_COMPROMISE.code()));
        assertThat(d.getRevokedCertificate(x.ref().serial()).getRevocationReason()).isEqualTo(CRLReason.REMOVE_FROM_CRL);
        assertThat(d.getRevokedCertificate(y.ref().serial()).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        X509CRLHolder dh = new X509CRLHolder(delta.der());
        Extension indicator = dh.getExtension(Extension.deltaCRLIndicator);
        assertThat(indicator.isCritical()).isTrue();
        assertThat(ASN1Integer.getInstance(indicator.getParsedValue()).getValue()).isEqualTo(BigInteger.valueOf(base.crlNumber()));
        assertThat(dh.getExtension(Extension.issuingDistributionPoint))
                .isEqualTo(new X509CRLHolder(base.der()).getExtension(Extension.issuingDistributionPoint));
        assertThat(Duration.between(d.getThisUpdate().toInstant(), d.getNextUpdate().toInstant())).isEqualTo(Duration.ofHours(1));

        // past the minimum interval the complete CRL catches up and the next delta is empty
        own.clock.advance(Duration.ofMinutes(61));
        PublishedCrl full2 = own.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
        X509CRL f2 = CaTestSupport.crl(full2.der());
        assertThat(f2.getRevokedCertificate(x.ref().serial())).isNull();
        assertThat(f2.getRevokedCertificate(y.ref().serial())).isNotNull();
        PublishedCrl delta2 = own.crls.current(scope, PublishedCrl.Kind.DELTA).orElseThrow();
        assertThat(delta2.baseCrlNumber()).isEqualTo(full2.crlNumber());
        assertThat(CaTestSupport.crl(delta2.der()).getRevokedCertificates()).isNull();
    }

    @Test
    void fullPartitionsSendIssuanceElsewhereAndFailClearlyWhenAllAreFull() {
        CaProperties p = CaTestSupport.defaults();
        p.getCard().setCrlPartitions(2);
        p.getCrl().setMaxEntries(3);
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        CaTestSupport own = CaTestSupport.create(CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password()), p, null);
        for (int i = 0; i < 6; i++) {
            own.issue(CertificateProfile.CARD_USER_AUTH);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> own.issue(CertificateProfile.CARD_USER_AUTH))
                .isInstanceOf(CertificateAuthorityException.class).hasMessageContaining("crl-partitions");
        own.issue(CertificateProfile.CARD_SIGNING);                    // the other CA's partitions are not full
    }

    @Test
    void republicationKeepsTheNewestCrlsAndTheRetainedHistoryOnly() {
        CaProperties p = CaTestSupport.defaults();
        p.getCard().setCrlPartitions(1);
        p.getSmartphone().setCrlPartitions(1);                       // 2 CAs x 2 media x 1 = 4 scopes, 8 CRLs a run
        p.getCrl().setHistoryRetention(Duration.ofDays(2));
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        CaTestSupport own = CaTestSupport.create(CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password()), p, null);
        JdbcTemplate sql = new JdbcTemplate(own.dataSource);

        own.crls.republishAll();
        own.crls.republishAll();
        assertThat(crlRows(sql)).isEqualTo(16);
        own.clock.advance(Duration.ofDays(1));
        own.crls.republishAll();
        assertThat(crlRows(sql)).as("all within the retention").isEqualTo(24);
        own.clock.advance(Duration.ofHours(36));                   // the first two runs are now 2.5 days old
        own.crls.republishAll();
        assertThat(crlRows(sql)).as("runs 3 and 4 only").isEqualTo(16);
        assertThat(sql.queryForObject("SELECT MIN(this_update) FROM ca.crl", java.time.OffsetDateTime.class).toInstant())
                .isAfter(own.clock.instant().minus(Duration.ofDays(2)));

        // whatever the cutoff, the newest complete and delta CRL of every partition stay, and numbering goes on
        CrlScope scope = new CrlScope(IssuingCa.SIGNING, CertificateMedium.CARD, 0);
        long newest = own.crls.current(scope, PublishedCrl.Kind.DELTA).orElseThrow().crlNumber();
        own.repository.inTransaction(() -> own.repository.pruneCrls(own.clock.instant().plus(Duration.ofDays(365))));
        assertThat(crlRows(sql)).isEqualTo(8);
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM ca.crl WHERE der IS NULL", Long.class)).isZero();
        assertThat(own.crls.current(scope, PublishedCrl.Kind.DELTA).orElseThrow().crlNumber()).isEqualTo(newest);
        own.crls.republishAll();
        assertThat(own.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().crlNumber()).isGreaterThan(newest);
    }

    private static long crlRows(JdbcTemplate sql) {
        return sql.queryForObject("SELECT COUNT(*) FROM ca.crl", Long.class);
    }

    private X509CRLEntry entry(IssuedCertificate cert) {
        X509CRL crl = CaTestSupport.crl(t.crls.current(scopeOf(cert), PublishedCrl.Kind.FULL).orElseThrow().der());
        return crl.getRevokedCertificate(cert.ref().serial());
    }

    private CrlScope scopeOf(IssuedCertificate cert) {
        CertificateMedium m = cert.certificate().getExtensionValue("2.5.29.31") != null
                && new String(cert.certificate().getExtensionValue("2.5.29.31")).contains("/smartphone/")
                ? CertificateMedium.SMARTPHONE : CertificateMedium.CARD;
        return new CrlScope(cert.ref().ca(), m, SerialNumberPolicy.partitionOf(cert.ref().serial(), m == CertificateMedium.CARD ? 2 : 8));
    }
}
