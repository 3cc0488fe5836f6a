package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.ca.embedded.SerialNumberPolicy;

/** The embedded default runs on H2: same migrations, same SQL. */
class H2CompatibilityTest {
    @Test
    void migrationsIssuanceStatusAndCrlsRunOnH2() {
        CaTestSupport h2 = CaTestSupport.create(CaTestSupport.pool("jdbc:h2:mem:ca" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", ""), CaTestSupport.defaults(), null);
        IssueRequest request = h2.request(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate cert = h2.ca.issue(request);
        assertThat(h2.ca.issue(request).ref()).isEqualTo(cert.ref());
        h2.ca.placeOnHold(CaTestSupport.id(), cert.ref());
        h2.ca.releaseHold(CaTestSupport.id(), cert.ref());
        h2.ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.SUPERSEDED);
        assertThat(h2.ca.status(cert.ref()).state()).isEqualTo(CertificateStatus.State.REVOKED);
        CrlScope scope = new CrlScope(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE,
                SerialNumberPolicy.partitionOf(cert.ref().serial(), 8));
        PublishedCrl crl = h2.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
        assertThat(CaTestSupport.crl(crl.der()).getRevokedCertificate(cert.ref().serial())).isNotNull();
        assertThat(h2.crls.current(scope, PublishedCrl.Kind.DELTA)).isPresent();
        assertThat(h2.crls.republishAll()).isEqualTo(40);
        // the set-wise batch (the linked-revocation sweep's): CASE, IN lists and FOR UPDATE with ORDER BY on H2
        IssuedCertificate signing = h2.ca.issue(h2.request(CertificateProfile.SMARTPHONE_SIGNING));
        IssuedCertificate userAuth = h2.ca.issue(h2.request(CertificateProfile.SMARTPHONE_USER_AUTH));
        java.util.List<RevocationOrder> orders = java.util.List.of(
                new RevocationOrder(CaTestSupport.id(), signing.ref(), RevocationReason.AFFILIATION_CHANGED),
                new RevocationOrder(CaTestSupport.id(), userAuth.ref(), RevocationReason.SUPERSEDED),
                new RevocationOrder(CaTestSupport.id(), cert.ref(), RevocationReason.KEY_COMPROMISE));
        java.util.List<Revocation> revoked = h2.ca.revokeAll(orders);
        assertThat(revoked).extracting(Revocation::reason)
                .containsExactly(RevocationReason.AFFILIATION_CHANGED, RevocationReason.SUPERSEDED, RevocationReason.SUPERSEDED);
        assertThat(h2.ca.revokeAll(orders)).as("a repeat").isEqualTo(revoked);
        assertThat(h2.ca.status(userAuth.ref()).state()).isEqualTo(CertificateStatus.State.REVOKED);
        h2.clock.advance(Duration.ofDays(1));
        assertThat(h2.ca.checkCardCertificate(h2.issue(CertificateProfile.CARD_SIGNING).certificate()).status())
                .isEqualTo(CardCertificateCheck.Status.GOOD);
    }
}
