package org.mjpki.linked;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.Cause;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.linked.LinkedRevocationLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * R4 on real PostgreSQL with the embedded CA: detection by the set-based join, the grace period on a moved clock, per
 * kind revocation, the whole set ending when both kinds are gone, repeats that change nothing, and the valve's measure.
 * Each test works on holders of its own; counts over the whole database are compared before and after. The cases run
 * on PostgreSQL ({@link LinkedRevocationsTest}) and on H2, the embedded default ({@link LinkedRevocationsOnH2Test}).
 */
@SpringBootTest(classes = LinkedRevocationTestApplication.class, properties = {
        "spring.flyway.enabled=false", "mjpki.linked-revocation.grace-period=P7D", "mjpki.linked-revocation.batch-size=2",
        "mjpki.linked-revocation.valve-minimum=0"})
abstract class LinkedRevocationCases {

    static KeyPair key;

    @BeforeAll
    static void oneKeyForEveryCertificate() throws Exception {
        // the CA certifies any public key; one key pair keeps the test fast
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
    }

    @Autowired LinkedRevocations sweep;
    @Autowired LinkedRevocationLedger ledger;
    @Autowired CredentialRegistry registry;
    @Autowired CertificateAuthority ca;
    @Autowired LinkedRevocationTestApplication.MovableClock clock;
    @Autowired JdbcTemplate jdbc;

    /** A holder's card (both certificates) and the phone set linked to it, ACTIVE with both phone certificates. */
    record Issued(String setId, CertificateRef cardSigning, CertificateRef cardUserAuth, CertificateRef phoneSigning,
                  CertificateRef phoneUserAuth) {}

    private Issued activeSetLinkedToACard() {
        String holderRef = "holder-" + UUID.randomUUID();
        Holder holder = new Holder(holderRef, "試験 太郎", LocalDate.of(1980, 1, 2), "1", "東京都千代田区霞が関二丁目1番2号");
        Instant notAfter = clock.instant().plus(1000, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        IssuedCertificate cardSigning = issue(CertificateProfile.CARD_SIGNING, holder, notAfter);
        IssuedCertificate cardUserAuth = issue(CertificateProfile.CARD_USER_AUTH, Holder.anonymous(holderRef), notAfter);
        String applicationId = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(applicationId, "se-" + applicationId, "nonce-" + applicationId,
                clock.instant().plusSeconds(600), new byte[] {1}, "token", clock.instant()));
        registry.recordVerifiedHolder(applicationId, holderRef, notAfter,
                new CardCertificateLink(cardSigning.ref().ca().name(), cardSigning.ref().serial()));
        Cause test = Cause.of(Actor.HOLDER, applicationId, "test");
        String setId = registry.reserveSlot(applicationId, null, test).credentialSetId();
        registry.recordCardLink(setId, KeyRole.USER_AUTH, new CardCertificateLink(cardUserAuth.ref().ca().name(), cardUserAuth.ref().serial()));
        registry.moveTo(setId, CredentialState.PERSONALIZING, test);
        IssuedCertificate phoneSigning = phoneCertificate(setId, KeyRole.SIGNING, CertificateProfile.SMARTPHONE_SIGNING, holder, notAfter);
        IssuedCertificate phoneUserAuth = phoneCertificate(setId, KeyRole.USER_AUTH, CertificateProfile.SMARTPHONE_USER_AUTH,
                Holder.anonymous(holderRef), notAfter);
        registry.moveTo(setId, CredentialState.ACTIVE, test);
        return new Issued(setId, cardSigning.ref(), cardUserAuth.ref(), phoneSigning.ref(), phoneUserAuth.ref());
    }

    private IssuedCertificate issue(CertificateProfile profile, Holder holder, Instant notAfter) {
        return ca.issue(new IssueRequest("test/" + UUID.randomUUID(), profile, key.getPublic(), holder, notAfter));
    }

    private IssuedCertificate phoneCertificate(String setId, KeyRole role, CertificateProfile profile, Holder holder, Instant notAfter) {
        byte[] publicKey = key.getPublic().getEncoded();
        registry.recordPublicKey(setId, role, publicKey);
        IssuedCertificate issued = issue(profile, holder, notAfter);
        try {
            registry.recordCertificate(setId, role, issued.ref().ca().name(), issued.ref().serial(), issued.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return issued;
    }

    private void revokeCard(CertificateRef card, RevocationReason reason) {
        ca.revoke("card-office/" + UUID.randomUUID(), card, reason);
    }

    private CertificateStatus.State status(CertificateRef ref) {
        return ca.status(ref).state();
    }

    /** Runs the batches of one sweep to the end, as the model loops; returns the total revoked. */
    private int revokeAllDue(String sweepId, Instant dueBefore) {
        int revoked = 0;
        String checkpoint = "";
        for (int batch = 0; batch < 10_000; batch++) {
            LinkedRevocations.BatchResult result = sweep.revokeBatch(sweepId, dueBefore, checkpoint);
            revoked += result.revoked();
            checkpoint = result.checkpoint();
            if (!result.more()) {
                return revoked;
            }
        }
        throw new AssertionError("the batches never ended");
    }

    private List<String> followUps(String setId) {
        return jdbc.queryForList("SELECT kind || ':' || COALESCE(notification, '-') FROM registry.holder_follow_up"
                + " WHERE credential_set_id = ? ORDER BY kind, notification", String.class, setId);
    }

    @Test
    void aChangedAddressRevokesThePhoneSigningCertificateAfterTheGracePeriodAndLeavesUserAuthGood() {
        Issued issued = activeSetLinkedToACard();
        revokeCard(issued.cardSigning(), RevocationReason.AFFILIATION_CHANGED);

        assertThat(sweep.detect().newlyFound()).as("found once").isGreaterThanOrEqualTo(1);
        assertThat(sweep.detect().newlyFound()).as("a second detection finds nothing new").isZero();
        revokeAllDue("sweep-early", sweep.assess().dueBefore());
        assertThat(status(issued.phoneSigning())).as("within the grace period nothing is revoked").isEqualTo(CertificateStatus.State.GOOD);

        clock.advance(Duration.ofDays(8));
        LinkedRevocations.Assessment due = sweep.assess();
        assertThat(due.dueFindings()).isGreaterThanOrEqualTo(1);
        revokeAllDue("sweep-1", due.dueBefore());

        CertificateStatus signing = ca.status(issued.phoneSigning());
        assertThat(signing.state()).isEqualTo(CertificateStatus.State.REVOKED);
        assertThat(signing.reason()).as("ADR 0022: the card's facts changed").isEqualTo(RevocationReason.AFFILIATION_CHANGED);
        assertThat(status(issued.phoneUserAuth())).isEqualTo(CertificateStatus.State.GOOD);
        assertThat(registry.set(issued.setId()).orElseThrow().state()).as("the set lives on with its user-auth certificate")
                .isEqualTo(CredentialState.ACTIVE);
        assertThat(registry.revokedKeyRoles(issued.setId())).containsExactly(KeyRole.SIGNING);
        assertThat(ledger.outcome(issued.setId(), KeyRole.SIGNING)).isEqualTo(LinkedRevocationLedger.Outcome.REVOKED);
        assertThat(followUps(issued.setId())).containsExactly("PUSH:SIGNING_CERTIFICATE_REVOKED");
        assertThat(registry.transitions(issued.setId())).anySatisfy(t -> {
            assertThat(t.actor()).isEqualTo(Actor.SWEEP);
            assertThat(t.to()).isEqualTo("REVOKED");
            assertThat(t.reason()).contains("card signing " + issued.cardSigning().serialHex());
        });

        // a repeated sweep, and a second detection, change nothing
        assertThat(revokeAllDue("sweep-2", sweep.assess().dueBefore())).isZero();
        assertThat(sweep.detect().newlyFound()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ca.status_request WHERE serial = ? AND operation = 'REVOKE'",
                Integer.class, issued.phoneSigning().serialHex())).as("revoked once at the CA").isEqualTo(1);
    }

    @Test
    void bothCardCertificatesRevokedEndTheWholeSetAndQueueTheAppletDeleteAndThePush() {
        Issued issued = activeSetLinkedToACard();
        revokeCard(issued.cardSigning(), RevocationReason.SUPERSEDED);
        revokeCard(issued.cardUserAuth(), RevocationReason.SUPERSEDED);

        sweep.detect();
        clock.advance(Duration.ofDays(8));
        revokeAllDue("sweep-renewal", sweep.assess().dueBefore());

        assertThat(registry.set(issued.setId()).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        assertThat(ca.status(issued.phoneSigning()).reason()).as("card renewal").isEqualTo(RevocationReason.SUPERSEDED);
        assertThat(ca.status(issued.phoneUserAuth()).reason()).isEqualTo(RevocationReason.SUPERSEDED);
        assertThat(followUps(issued.setId())).containsExactly("DELETE_APPLET:-", "PUSH:CREDENTIAL_SET_REVOKED");
        assertThat(registry.set(issued.setId()).orElseThrow().revocationCaseId()).isEqualTo(LinkedRevocations.caseOf(issued.setId()));
    }

    @Test
    void aUserAuthRevocationFirstAndASigningOneLaterEndTheSetOnTheSecond() {
        Issued issued = activeSetLinkedToACard();
        revokeCard(issued.cardUserAuth(), RevocationReason.KEY_COMPROMISE);
        sweep.detect();
        clock.advance(Duration.ofDays(8));
        revokeAllDue("sweep-a", sweep.assess().dueBefore());
        assertThat(ca.status(issued.phoneUserAuth()).reason()).as("the phone key was never at risk")
                .isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(status(issued.phoneSigning())).isEqualTo(CertificateStatus.State.GOOD);
        assertThat(registry.set(issued.setId()).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);

        revokeCard(issued.cardSigning(), RevocationReason.AFFILIATION_CHANGED);
        sweep.detect();
        clock.advance(Duration.ofDays(8));
        revokeAllDue("sweep-b", sweep.assess().dueBefore());
        assertThat(registry.set(issued.setId()).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        assertThat(ca.status(issued.phoneSigning()).reason()).isEqualTo(RevocationReason.AFFILIATION_CHANGED);
        assertThat(ca.status(issued.phoneUserAuth()).reason()).as("kept as first revoked").isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(followUps(issued.setId())).containsExactly("DELETE_APPLET:-", "PUSH:CREDENTIAL_SET_REVOKED",
                "PUSH:USER_AUTH_CERTIFICATE_REVOKED");
    }

    @Test
    void aCardOnHoldIsNotFollowedAndASetEndedOtherwiseIsClosedAsNotLive() {
        Issued held = activeSetLinkedToACard();
        ca.placeOnHold("card-office/" + UUID.randomUUID(), held.cardSigning());
        Issued revokedByHolder = activeSetLinkedToACard();
        revokeCard(revokedByHolder.cardSigning(), RevocationReason.AFFILIATION_CHANGED);
        sweep.detect();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry.linked_revocation WHERE credential_set_id = ?",
                Integer.class, held.setId())).as("a hold is not a revocation").isZero();

        // the holder revokes the set from the phone before its turn
        Cause holder = Cause.of(Actor.HOLDER, "rev-" + UUID.randomUUID(), "test");
        registry.claimForRevocation(revokedByHolder.setId(), holder.caseId());
        registry.moveTo(revokedByHolder.setId(), CredentialState.REVOKED, holder);
        clock.advance(Duration.ofDays(8));
        revokeAllDue("sweep-c", sweep.assess().dueBefore());
        assertThat(ledger.outcome(revokedByHolder.setId(), KeyRole.SIGNING)).isEqualTo(LinkedRevocationLedger.Outcome.NOT_LIVE);
        assertThat(status(revokedByHolder.phoneSigning())).as("left to the case that ended it").isEqualTo(CertificateStatus.State.GOOD);
    }

    @Test
    void batchesResumeFromTheirCheckpointAndTheValveMeasuresTheShareOfLiveSets() {
        List<Issued> sets = List.of(activeSetLinkedToACard(), activeSetLinkedToACard(), activeSetLinkedToACard());
        sets.forEach(s -> revokeCard(s.cardSigning(), RevocationReason.AFFILIATION_CHANGED));
        sweep.detect();
        clock.advance(Duration.ofDays(8));
        LinkedRevocations.Assessment due = sweep.assess();
        assertThat(due.dueSets()).isGreaterThanOrEqualTo(3);
        assertThat(due.liveSets()).isGreaterThanOrEqualTo(3);
        assertThat(new LinkedRevocations.Assessment(due.dueBefore(), 3, 3, 100, 0.01, 0).valveTripped()).as("3 of 100 > 1%").isTrue();
        assertThat(new LinkedRevocations.Assessment(due.dueBefore(), 1, 1, 100, 0.01, 0).valveTripped()).as("1 of 100 is not more than 1%").isFalse();
        assertThat(new LinkedRevocations.Assessment(due.dueBefore(), 0, 0, 0, 0.01, 0).valveTripped()).isFalse();
        assertThat(new LinkedRevocations.Assessment(due.dueBefore(), 3, 3, 100, 0.01, 3).valveTripped())
                .as("no more than the minimum: a small installation is not stopped").isFalse();
        assertThat(new LinkedRevocations.Assessment(due.dueBefore(), 150_000, 100_001, 10_000_000, 0.01, 100).valveTripped())
                .as("100,001 of 10 M > 1%").isTrue();

        // one batch (of two), then the same batch again as a crashed worker's retry would, then the rest
        LinkedRevocations.BatchResult first = sweep.revokeBatch("sweep-d", due.dueBefore(), "");
        assertThat(first.more()).isTrue();
        LinkedRevocations.BatchResult repeated = sweep.revokeBatch("sweep-d", due.dueBefore(), "");
        assertThat(repeated.checkpoint()).as("the closed findings are not met again").isNotEqualTo(first.checkpoint());
        revokeAllDue("sweep-d", due.dueBefore());
        for (Issued s : sets) {
            assertThat(status(s.phoneSigning())).isEqualTo(CertificateStatus.State.REVOKED);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ca.status_request WHERE serial = ? AND operation = 'REVOKE'",
                    Integer.class, s.phoneSigning().serialHex())).isEqualTo(1);
        }
        assertThat(sweep.assess().dueFindings()).isZero();
    }

    @Test
    void reconciliationHandsTheSweepALinkToACardCertificateTheCaHasNoRecordOf() {
        Issued issued = activeSetLinkedToACard();
        // a restored backup: the set's signing link names a card certificate the card CA never issued
        BigInteger unknown = new BigInteger(120, new java.security.SecureRandom()).setBit(119);
        registry.recordCardLink(issued.setId(), KeyRole.SIGNING, new CardCertificateLink("SIGNING", unknown));
        assertThat(sweep.detect().newlyFound()).as("the feed reports revocations only").isZero();
        assertThat(sweep.reconcile().newlyFound()).isGreaterThanOrEqualTo(1);
        assertThat(sweep.reconcile().newlyFound()).as("found once").isZero();
        assertThat(jdbc.queryForObject("SELECT card_reason FROM registry.linked_revocation WHERE credential_set_id = ?",
                String.class, issued.setId())).isEqualTo(org.mjpki.linked.embedded.EmbeddedCardRevocationFeed.NOT_ON_RECORD);
        clock.advance(Duration.ofDays(8));
        revokeAllDue("sweep-reconciled", sweep.assess().dueBefore());
        assertThat(ca.status(issued.phoneSigning()).reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(status(issued.phoneUserAuth())).as("its user-auth link is fine").isEqualTo(CertificateStatus.State.GOOD);
    }

    @Test
    void findingKeysRoundTripAndBadOnesAreRefusedAndAnUnknownCardReasonEndsAsCessation() {
        var key = new LinkedRevocationLedger.FindingKey("cs-1", "SIGNING", "abc");
        assertThat(LinkedRevocationLedger.FindingKey.decode(key.encoded())).isEqualTo(key);
        assertThat(LinkedRevocationLedger.FindingKey.decode("")).isNull();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> LinkedRevocationLedger.FindingKey.decode("cs-1/SIGNING"));
        assertThat(PhoneRevocationReasons.forCardReason("NOT_A_REASON")).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
    }
}
