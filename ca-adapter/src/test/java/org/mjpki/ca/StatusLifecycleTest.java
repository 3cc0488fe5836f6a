package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateStatus.State;

class StatusLifecycleTest {
    private final CaTestSupport t = CaTestSupport.postgres();

    @AfterEach
    void resetClock() {
        t.clock.reset();
    }

    @Test
    void holdThenReleaseIsGoodAgain() {
        CertificateRef ref = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        assertThat(t.ca.status(ref).state()).isEqualTo(State.GOOD);
        t.ca.placeOnHold(CaTestSupport.id(), ref);
        CertificateStatus held = t.ca.status(ref);
        assertThat(held.state()).isEqualTo(State.ON_HOLD);
        assertThat(held.reason()).isEqualTo(RevocationReason.CERTIFICATE_HOLD);
        assertThat(held.revokedAt()).isNotNull();
        t.ca.releaseHold(CaTestSupport.id(), ref);
        CertificateStatus good = t.ca.status(ref);
        assertThat(good.state()).isEqualTo(State.GOOD);
        assertThat(good.reason()).isNull();
        assertThat(good.revokedAt()).isNull();
    }

    @Test
    void holdThenRevoke() {
        CertificateRef ref = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        t.ca.placeOnHold(CaTestSupport.id(), ref);
        Revocation r = t.ca.revoke("revoke-" + CaTestSupport.id(), ref, RevocationReason.CESSATION_OF_OPERATION);
        assertThat(r.reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        CertificateStatus s = t.ca.status(ref);
        assertThat(s.state()).isEqualTo(State.REVOKED);
        assertThat(s.reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(s.revokedAt()).isEqualTo(r.revokedAt());
    }

    @Test
    void revokedCannotBeReleasedNorHeld() {
        CertificateRef ref = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        t.ca.revoke(CaTestSupport.id(), ref, RevocationReason.KEY_COMPROMISE);
        assertThatThrownBy(() -> t.ca.releaseHold(CaTestSupport.id(), ref))
                .isInstanceOf(CertificateRequestRejectedException.class).hasMessageContaining("cannot be released");
        assertThatThrownBy(() -> t.ca.placeOnHold(CaTestSupport.id(), ref))
                .isInstanceOf(CertificateRequestRejectedException.class);
        assertThat(t.ca.status(ref).state()).isEqualTo(State.REVOKED);
    }

    @Test
    void revocationIsIdempotentAndNeverRepeated() {
        CertificateRef ref = t.issue(CertificateProfile.CARD_SIGNING).ref();
        String id = CaTestSupport.id();
        Revocation first = t.ca.revoke(id, ref, RevocationReason.AFFILIATION_CHANGED);
        Revocation again = t.ca.revoke(id, ref, RevocationReason.AFFILIATION_CHANGED);
        assertThat(again).isEqualTo(first);
        // another request for an already revoked certificate: the existing revocation, unchanged
        Revocation other = t.ca.revoke(CaTestSupport.id(), ref, RevocationReason.SUPERSEDED);
        assertThat(other).isEqualTo(first);
        assertThat(other.requestId()).isEqualTo(id);
        // the same id with other content
        assertThatThrownBy(() -> t.ca.revoke(id, ref, RevocationReason.KEY_COMPROMISE))
                .isInstanceOf(CertificateRequestRejectedException.class).hasMessageContaining("already used");
        CertificateRef another = t.issue(CertificateProfile.CARD_SIGNING).ref();
        assertThatThrownBy(() -> t.ca.revoke(id, another, RevocationReason.AFFILIATION_CHANGED))
                .isInstanceOf(CertificateRequestRejectedException.class);
        assertThatThrownBy(() -> t.ca.placeOnHold(id, ref)).isInstanceOf(CertificateRequestRejectedException.class);
    }

    @Test
    void holdAndReleaseAreIdempotentUnderTheirRequestIds() {
        CertificateRef ref = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        String hold = CaTestSupport.id();
        t.ca.placeOnHold(hold, ref);
        Instant heldAt = t.ca.status(ref).revokedAt();
        t.ca.placeOnHold(hold, ref);
        t.ca.placeOnHold(CaTestSupport.id(), ref);                // already held: nothing changes
        assertThat(t.ca.status(ref).revokedAt()).isEqualTo(heldAt);
        String release = CaTestSupport.id();
        t.ca.releaseHold(release, ref);
        t.ca.releaseHold(release, ref);
        t.ca.releaseHold(CaTestSupport.id(), ref);                // already good: nothing changes
        t.ca.placeOnHold(hold, ref);                              // a replay of the old hold request does not hold again
        assertThat(t.ca.status(ref).state()).isEqualTo(State.GOOD);
    }

    @Test
    void refusedStatusRequests() {
        CertificateRef ref = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        assertThatThrownBy(() -> t.ca.revoke(CaTestSupport.id(), ref, RevocationReason.CERTIFICATE_HOLD))
                .isInstanceOf(CertificateRequestRejectedException.class).hasMessageContaining("placeOnHold");
        assertThatThrownBy(() -> t.ca.revoke(CaTestSupport.id(), ref, null)).isInstanceOf(CertificateRequestRejectedException.class);
        assertThatThrownBy(() -> t.ca.revoke("", ref, RevocationReason.SUPERSEDED)).isInstanceOf(CertificateRequestRejectedException.class);
        CertificateRef unknown = new CertificateRef(IssuingCa.USER_AUTH, BigInteger.valueOf(12345));
        assertThatThrownBy(() -> t.ca.revoke(CaTestSupport.id(), unknown, RevocationReason.SUPERSEDED))
                .isInstanceOf(CertificateRequestRejectedException.class).hasMessageContaining("not issued by this CA");
        assertThat(t.ca.status(unknown).state()).isEqualTo(State.UNKNOWN);
        // the serial belongs to the other CA
        assertThat(t.ca.status(new CertificateRef(IssuingCa.SIGNING, ref.serial())).state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void checkCardCertificateInEveryState() throws Exception {
        IssuedCertificate card = t.issue(CertificateProfile.CARD_SIGNING);
        IssueRequest req = t.request(CertificateProfile.CARD_USER_AUTH);
        IssuedCertificate cardAuth = t.ca.issue(req);
        CardCertificateCheck good = t.ca.checkCardCertificate(card.certificate());
        assertThat(good.status()).isEqualTo(CardCertificateCheck.Status.GOOD);
        assertThat(good.ref()).isEqualTo(card.ref());
        assertThat(good.notAfter()).isEqualTo(card.certificate().getNotAfter().toInstant());
        assertThat(t.ca.checkCardCertificate(cardAuth.certificate()).holderRef()).isEqualTo(req.holder().holderRef());

        t.ca.placeOnHold(CaTestSupport.id(), card.ref());
        assertThat(t.ca.checkCardCertificate(card.certificate()).status()).isEqualTo(CardCertificateCheck.Status.ON_HOLD);
        t.ca.revoke(CaTestSupport.id(), card.ref(), RevocationReason.AFFILIATION_CHANGED);
        assertThat(t.ca.checkCardCertificate(card.certificate()).status()).isEqualTo(CardCertificateCheck.Status.REVOKED);

        t.clock.advance(Duration.ofDays(6 * 365));
        assertThat(t.ca.checkCardCertificate(cardAuth.certificate()).status()).isEqualTo(CardCertificateCheck.Status.EXPIRED);
        assertThat(t.ca.status(cardAuth.ref()).state()).isEqualTo(State.EXPIRED);
        t.clock.reset();

        // a smartphone certificate is not a card certificate
        X509Certificate phone = t.issue(CertificateProfile.SMARTPHONE_SIGNING).certificate();
        assertThatThrownBy(() -> t.ca.checkCardCertificate(phone)).isInstanceOf(CertificateRequestRejectedException.class);

        // a look-alike from another issuer with the same name and serial
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rogue = g.generateKeyPair();
        X509Certificate fake = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                X500Name.getInstance(card.certificate().getIssuerX500Principal().getEncoded()), card.ref().serial(),
                new Date(), card.certificate().getNotAfter(), new X500Name("C=JP,CN=fake"), rogue.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rogue.getPrivate())));
        CardCertificateCheck unknown = t.ca.checkCardCertificate(fake);
        assertThat(unknown.status()).isEqualTo(CardCertificateCheck.Status.UNKNOWN);
        assertThat(unknown.holderRef()).isNull();
        assertThat(unknown.ref()).isNull();
    }
}
