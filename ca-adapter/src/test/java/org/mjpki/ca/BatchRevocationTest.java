package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateStatus.State;
import org.mjpki.ca.config.CaProperties;
import org.mjpki.ca.embedded.CertificateRepository.StatusRequest;
import org.mjpki.ca.embedded.CertificateRepository.StatusRequest.Operation;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.ca.embedded.StoredCertificate;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link CertificateAuthority#revokeAll} of the embedded CA, set-wise in one transaction, on PostgreSQL. */
class BatchRevocationTest {
    /** Every reason a revocation may carry (hold and removeFromCRL are not revocations). */
    private static final List<RevocationReason> REASONS = List.of(RevocationReason.UNSPECIFIED,
            RevocationReason.KEY_COMPROMISE, RevocationReason.CA_COMPROMISE, RevocationReason.AFFILIATION_CHANGED,
            RevocationReason.SUPERSEDED, RevocationReason.CESSATION_OF_OPERATION, RevocationReason.PRIVILEGE_WITHDRAWN,
            RevocationReason.AA_COMPROMISE);
    private static final List<CertificateProfile> PROFILES = List.of(CertificateProfile.values());

    private final CaTestSupport t = CaTestSupport.postgres();

    @AfterEach
    void resetClock() {
        t.clock.reset();
    }

    // ------------------------------------------------------------------ 1. a large batch

    @Test
    void aBatchAcrossBothCasAndPartitionsRevokesEachWithItsReasonInStatusOcspDeltaAndCompleteCrls() throws Exception {
        CaProperties p = CaTestSupport.defaults();
        p.getSmartphone().setCrlPartitions(4);
        p.getCard().setCrlPartitions(2);
        p.getCrl().setFullMinInterval(Duration.ofHours(1));           // the complete CRL is kept: the delta carries the batch
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        CaTestSupport own = CaTestSupport.create(CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password()), p, null);
        JdbcTemplate sql = new JdbcTemplate(own.dataSource);

        List<IssuedCertificate> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(own.issue(PROFILES.get(i % PROFILES.size())));
        }
        List<IssuedCertificate> bystanders = PROFILES.stream().map(own::issue).toList();
        Map<CertificateRef, CrlScope> scopes = new HashMap<>();
        for (IssuedCertificate c : batch) {
            scopes.put(c.ref(), scope(own, c.ref()));
        }
        assertThat(batch.stream().map(c -> c.ref().ca()).distinct()).containsExactlyInAnyOrder(IssuingCa.values());
        assertThat(scopes.values().stream().distinct().count()).as("more than one partition per CA and medium")
                .isGreaterThan(PROFILES.size());

        Map<CrlScope, PublishedCrl> base = new HashMap<>();
        for (CrlScope s : own.crls.configuredScopes()) {
            PublishedCrl full = own.crls.current(s, PublishedCrl.Kind.FULL).orElseThrow();
            assertThat(CaTestSupport.crl(full.der()).getRevokedCertificates()).isNull();
            base.put(s, full);
            own.crls.current(s, PublishedCrl.Kind.DELTA).orElseThrow();
        }
        Map<CrlScope, Long> versionsBefore = versions(sql);
        long rowsBefore = statusRequestRows(sql);

        List<RevocationOrder> orders = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            orders.add(new RevocationOrder(CaTestSupport.id(), batch.get(i).ref(), REASONS.get(i % REASONS.size())));
        }
        Instant from = own.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Revocation> results = own.ca.revokeAll(orders);
        Instant to = own.clock.instant();

        assertThat(results).hasSize(orders.size());
        for (int i = 0; i < orders.size(); i++) {
            RevocationOrder o = orders.get(i);
            Revocation r = results.get(i);
            assertThat(r.requestId()).isEqualTo(o.requestId());
            assertThat(r.ref()).isEqualTo(o.certificate());
            assertThat(r.reason()).isEqualTo(o.reason());
            assertThat(r.revokedAt()).isBetween(from, to);
            CertificateStatus s = own.ca.status(o.certificate());
            assertThat(s.state()).isEqualTo(State.REVOKED);
            assertThat(s.reason()).isEqualTo(o.reason());
            assertThat(s.revokedAt()).isEqualTo(r.revokedAt());
            StatusRequest recorded = own.repository.findStatusRequest(o.requestId()).orElseThrow();
            assertThat(recorded.operation()).isEqualTo(Operation.REVOKE);
            assertThat(new CertificateRef(recorded.ca(), recorded.serial())).isEqualTo(o.certificate());
            assertThat(recorded.reason()).isEqualTo(o.reason());
        }
        for (IssuedCertificate b : bystanders) {
            assertThat(own.ca.status(b.ref()).state()).isEqualTo(State.GOOD);
        }
        assertThat(statusRequestRows(sql)).isEqualTo(rowsBefore + orders.size());

        // each scope's status version rose by the number of its certificates changed, each changed one took one of them
        Map<CrlScope, List<CertificateRef>> byScope = new HashMap<>();
        orders.forEach(o -> byScope.computeIfAbsent(scopes.get(o.certificate()), s -> new ArrayList<>()).add(o.certificate()));
        Map<CrlScope, Long> expectedVersions = new HashMap<>(versionsBefore);
        byScope.forEach((s, refs) -> expectedVersions.merge(s, (long) refs.size(), Long::sum));
        Map<CrlScope, Long> versionsAfter = versions(sql);
        assertThat(versionsAfter).isEqualTo(expectedVersions);
        byScope.forEach((s, refs) -> assertThat(refs.stream().map(r -> stored(own, r).statusSeq()).sorted().toList())
                .as("status versions of %s", s)
                .containsExactlyElementsOf(LongStream.rangeClosed(versionsBefore.get(s) + 1, versionsAfter.get(s)).boxed().toList()));

        // OCSP
        for (int i = 0; i < orders.size(); i++) {
            RevocationOrder o = orders.get(i);
            RevokedStatus rs = (RevokedStatus) ocsp(own, o.certificate(), batch.get(i).certificate()).getCertStatus();
            assertThat(rs.getRevocationTime().toInstant()).isEqualTo(results.get(i).revokedAt());
            assertThat(rs.hasRevocationReason() ? rs.getRevocationReason() : 0).isEqualTo(o.reason().code());
        }
        for (IssuedCertificate b : bystanders) {
            assertThat(ocsp(own, b.ref(), b.certificate()).getCertStatus()).isNull();
        }

        // the delta CRLs published now list exactly the batch, on the unchanged complete CRLs
        Map<CrlScope, Map<BigInteger, String>> expectedEntries = new HashMap<>();
        for (CrlScope s : own.crls.configuredScopes()) {
            expectedEntries.put(s, new TreeMap<>());
        }
        for (int i = 0; i < orders.size(); i++) {
            expectedEntries.get(scopes.get(orders.get(i).certificate()))
                    .put(orders.get(i).certificate().serial(), orders.get(i).reason().code() + "@" + results.get(i).revokedAt());
        }
        for (CrlScope s : own.crls.configuredScopes()) {
            assertThat(own.crls.current(s, PublishedCrl.Kind.FULL).orElseThrow().crlNumber()).isEqualTo(base.get(s).crlNumber());
            PublishedCrl delta = own.crls.current(s, PublishedCrl.Kind.DELTA).orElseThrow();
            assertThat(delta.baseCrlNumber()).isEqualTo(base.get(s).crlNumber());
            assertThat(delta.statusVersion()).isEqualTo(versionsAfter.get(s));
            X509CRL d = CaTestSupport.crl(delta.der());
            d.verify(caCertificate(own, s.ca()).getPublicKey());
            assertThat(entries(d)).as("delta CRL of %s", s).isEqualTo(expectedEntries.get(s));
        }

        // past the minimum interval the complete CRLs list exactly the batch too
        own.clock.advance(Duration.ofMinutes(61));
        for (CrlScope s : own.crls.configuredScopes()) {
            PublishedCrl full = own.crls.current(s, PublishedCrl.Kind.FULL).orElseThrow();
            if (expectedEntries.get(s).isEmpty()) {
                continue;
            }
            assertThat(full.crlNumber()).isGreaterThan(base.get(s).crlNumber());
            X509CRL f = CaTestSupport.crl(full.der());
            f.verify(caCertificate(own, s.ca()).getPublicKey());
            assertThat(entries(f)).as("complete CRL of %s", s).isEqualTo(expectedEntries.get(s));
        }
    }

    // ------------------------------------------------------------------ 2. the same batch again

    @Test
    void theSameBatchSentAgainGivesTheSameRevocationsAndChangesNothing() {
        List<IssuedCertificate> certs = issueEach(3);
        List<RevocationOrder> orders = orders(certs);
        List<Revocation> first = t.ca.revokeAll(orders);
        assertThat(first).extracting(Revocation::requestId).containsExactlyElementsOf(orders.stream().map(RevocationOrder::requestId).toList());
        Snapshot before = snapshot();

        t.clock.advance(Duration.ofSeconds(3));                      // a second revocation would carry another time
        assertThat(t.ca.revokeAll(orders)).isEqualTo(first);
        assertThat(snapshot()).isEqualTo(before);

        // in another order, or one by one: the same revocations, in the order given
        List<RevocationOrder> reversed = new ArrayList<>(orders);
        Collections.reverse(reversed);
        List<Revocation> firstReversed = new ArrayList<>(first);
        Collections.reverse(firstReversed);
        assertThat(t.ca.revokeAll(reversed)).isEqualTo(firstReversed);
        for (int i = 0; i < orders.size(); i++) {
            RevocationOrder o = orders.get(i);
            assertThat(t.ca.revoke(o.requestId(), o.certificate(), o.reason())).isEqualTo(first.get(i));
        }
        assertThat(snapshot()).isEqualTo(before);

        // replayed orders with a new one among them: only the new one is performed
        IssuedCertificate fresh = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        Snapshot beforeMixed = snapshot();
        RevocationOrder added = new RevocationOrder(CaTestSupport.id(), fresh.ref(), RevocationReason.KEY_COMPROMISE);
        List<RevocationOrder> mixed = new ArrayList<>(orders.subList(0, 5));
        mixed.add(added);
        mixed.addAll(orders.subList(5, orders.size()));
        List<Revocation> mixedResults = t.ca.revokeAll(mixed);
        assertThat(mixedResults.subList(0, 5)).isEqualTo(first.subList(0, 5));
        assertThat(mixedResults.subList(6, mixedResults.size())).isEqualTo(first.subList(5, first.size()));
        assertThat(mixedResults.get(5).requestId()).isEqualTo(added.requestId());
        assertThat(t.ca.status(fresh.ref()).state()).isEqualTo(State.REVOKED);
        Snapshot afterMixed = snapshot();
        assertThat(afterMixed.requests()).hasSize(beforeMixed.requests().size() + 1);
        assertThat(afterMixed.versions()).isEqualTo(bumped(beforeMixed.versions(), Map.of(scope(t, fresh.ref()), 1L)));
        assertThat(changedCertificates(beforeMixed, afterMixed)).containsExactly(fresh.ref());
    }

    // ------------------------------------------------------------------ 3. a certificate revoked before

    @Test
    void anAlreadyRevokedCertificateKeepsItsFirstRevocationAndTheOtherOrdersArePerformed() {
        CertificateRef revokedBefore = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        CertificateRef b = t.issue(CertificateProfile.CARD_USER_AUTH).ref();
        CertificateRef c = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        String firstId = CaTestSupport.id();
        Revocation firstRevocation = t.ca.revoke(firstId, revokedBefore, RevocationReason.KEY_COMPROMISE);
        long seqBefore = stored(t, revokedBefore).statusSeq();
        t.clock.advance(Duration.ofSeconds(2));
        Snapshot before = snapshot();

        List<RevocationOrder> orders = List.of(
                new RevocationOrder(CaTestSupport.id(), b, RevocationReason.SUPERSEDED),
                new RevocationOrder(CaTestSupport.id(), revokedBefore, RevocationReason.AFFILIATION_CHANGED),
                new RevocationOrder(CaTestSupport.id(), c, RevocationReason.CESSATION_OF_OPERATION));
        List<Revocation> results = t.ca.revokeAll(orders);

        assertThat(results.get(1)).isEqualTo(firstRevocation);
        assertThat(results.get(1).requestId()).isEqualTo(firstId);
        assertThat(results.get(1).reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(results.get(0).requestId()).isEqualTo(orders.get(0).requestId());
        assertThat(results.get(0).reason()).isEqualTo(RevocationReason.SUPERSEDED);
        assertThat(results.get(0).revokedAt()).isAfter(firstRevocation.revokedAt());
        assertThat(results.get(2).requestId()).isEqualTo(orders.get(2).requestId());
        assertThat(results.get(2).reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);

        CertificateStatus s = t.ca.status(revokedBefore);
        assertThat(s.state()).isEqualTo(State.REVOKED);
        assertThat(s.reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(s.revokedAt()).isEqualTo(firstRevocation.revokedAt());
        assertThat(stored(t, revokedBefore).statusSeq()).isEqualTo(seqBefore);
        assertThat(stored(t, revokedBefore).revocationRequestId()).isEqualTo(firstId);
        assertThat(t.ca.status(b)).extracting(CertificateStatus::state, CertificateStatus::reason)
                .containsExactly(State.REVOKED, RevocationReason.SUPERSEDED);
        assertThat(t.ca.status(c)).extracting(CertificateStatus::state, CertificateStatus::reason)
                .containsExactly(State.REVOKED, RevocationReason.CESSATION_OF_OPERATION);

        Snapshot after = snapshot();
        assertThat(changedCertificates(before, after)).containsExactlyInAnyOrder(b, c);
        assertThat(after.versions()).isEqualTo(bumped(before.versions(), counts(List.of(scope(t, b), scope(t, c)))));
        // every order is recorded, the one for the revoked certificate as revoke records it
        assertThat(after.requests()).hasSize(before.requests().size() + 3);
        StatusRequest late = t.repository.findStatusRequest(orders.get(1).requestId()).orElseThrow();
        assertThat(late.operation()).isEqualTo(Operation.REVOKE);
        assertThat(late.serial()).isEqualTo(revokedBefore.serial());
        assertThat(late.reason()).isEqualTo(RevocationReason.AFFILIATION_CHANGED);
        // what revoke says for such a request, and for this one replayed
        assertThat(t.ca.revoke(CaTestSupport.id(), revokedBefore, RevocationReason.AFFILIATION_CHANGED)).isEqualTo(firstRevocation);
        assertThat(t.ca.revoke(orders.get(1).requestId(), revokedBefore, RevocationReason.AFFILIATION_CHANGED)).isEqualTo(firstRevocation);
        assertThatThrownBy(() -> t.ca.revoke(orders.get(1).requestId(), revokedBefore, RevocationReason.SUPERSEDED))
                .isInstanceOf(CertificateRequestRejectedException.class).hasMessageContaining("already used");
    }

    // ------------------------------------------------------------------ 4. a held certificate

    @Test
    void heldAndReleasedCertificatesInABatchAreRevoked() throws Exception {
        IssuedCertificate held = t.issue(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate released = t.issue(CertificateProfile.CARD_SIGNING);
        IssuedCertificate good = t.issue(CertificateProfile.CARD_USER_AUTH);
        t.ca.placeOnHold(CaTestSupport.id(), held.ref());
        Instant heldAt = t.ca.status(held.ref()).revokedAt();
        t.ca.placeOnHold(CaTestSupport.id(), released.ref());
        t.ca.releaseHold(CaTestSupport.id(), released.ref());
        Instant holdReleasedAt = stored(t, released.ref()).holdReleasedAt();
        assertThat(holdReleasedAt).isNotNull();
        t.clock.advance(Duration.ofSeconds(2));

        List<RevocationOrder> orders = List.of(
                new RevocationOrder(CaTestSupport.id(), held.ref(), RevocationReason.KEY_COMPROMISE),
                new RevocationOrder(CaTestSupport.id(), released.ref(), RevocationReason.PRIVILEGE_WITHDRAWN),
                new RevocationOrder(CaTestSupport.id(), good.ref(), RevocationReason.SUPERSEDED));
        List<Revocation> results = t.ca.revokeAll(orders);

        for (int i = 0; i < orders.size(); i++) {
            assertThat(results.get(i).requestId()).isEqualTo(orders.get(i).requestId());
            assertThat(results.get(i).reason()).isEqualTo(orders.get(i).reason());
            CertificateStatus s = t.ca.status(orders.get(i).certificate());
            assertThat(s.state()).isEqualTo(State.REVOKED);
            assertThat(s.reason()).isEqualTo(orders.get(i).reason());
            assertThat(s.revokedAt()).isEqualTo(results.get(i).revokedAt());
        }
        assertThat(results.get(0).revokedAt()).isAfter(heldAt);
        assertThat(stored(t, released.ref()).holdReleasedAt()).isEqualTo(holdReleasedAt);

        X509CRLEntry heldEntry = fullCrl(t, held.ref()).getRevokedCertificate(held.ref().serial());
        assertThat(heldEntry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(heldEntry.getRevocationDate().toInstant()).isEqualTo(results.get(0).revokedAt());
        assertThat(fullCrl(t, released.ref()).getRevokedCertificate(released.ref().serial()).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.PRIVILEGE_WITHDRAWN);
        RevokedStatus ocsp = (RevokedStatus) ocsp(t, held.ref(), held.certificate()).getCertStatus();
        assertThat(ocsp.getRevocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE.code());
        assertThat(ocsp.getRevocationTime().toInstant()).isEqualTo(results.get(0).revokedAt());

        // revoked for good: no hold, no release
        assertThatThrownBy(() -> t.ca.releaseHold(CaTestSupport.id(), held.ref())).isInstanceOf(CertificateRequestRejectedException.class);
        assertThatThrownBy(() -> t.ca.placeOnHold(CaTestSupport.id(), held.ref())).isInstanceOf(CertificateRequestRejectedException.class);
        assertThat(t.ca.status(held.ref()).state()).isEqualTo(State.REVOKED);
    }

    // ------------------------------------------------------------------ 5. refusals

    @Test
    void aRequestIdUsedTwiceInTheBatchForAnotherCertificateOrReasonIsRefused() {
        CertificateRef a = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        CertificateRef b = t.issue(CertificateProfile.CARD_USER_AUTH).ref();
        CertificateRef c = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        String id = CaTestSupport.id();
        refused("twice", order(a), new RevocationOrder(id, b, RevocationReason.SUPERSEDED),
                new RevocationOrder(id, c, RevocationReason.SUPERSEDED));
        refused("twice", order(a), new RevocationOrder(id, b, RevocationReason.SUPERSEDED),
                new RevocationOrder(id, b, RevocationReason.KEY_COMPROMISE));
        // the same order twice is one request, not a refusal
        List<Revocation> r = t.ca.revokeAll(List.of(new RevocationOrder(id, b, RevocationReason.SUPERSEDED),
                new RevocationOrder(id, b, RevocationReason.SUPERSEDED)));
        assertThat(r.get(1)).isEqualTo(r.get(0));
        assertThat(r.get(0).requestId()).isEqualTo(id);
    }

    @Test
    void aRequestIdUsedBeforeForAnotherOperationCertificateOrReasonIsRefused() {
        CertificateRef a = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        CertificateRef b = t.issue(CertificateProfile.CARD_USER_AUTH).ref();
        CertificateRef heldOne = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref();
        CertificateRef revokedOne = t.issue(CertificateProfile.CARD_SIGNING).ref();
        String holdId = CaTestSupport.id();
        t.ca.placeOnHold(holdId, heldOne);
        String releaseId = CaTestSupport.id();
        CertificateRef releasedOne = t.issue(CertificateProfile.CARD_SIGNING).ref();
        t.ca.placeOnHold(CaTestSupport.id(), releasedOne);
        t.ca.releaseHold(releaseId, releasedOne);
        String revokeId = CaTestSupport.id();
        t.ca.revoke(revokeId, revokedOne, RevocationReason.KEY_COMPROMISE);

        refused("already used", order(a), new RevocationOrder(holdId, b, RevocationReason.SUPERSEDED));
        refused("already used", order(a), new RevocationOrder(holdId, heldOne, RevocationReason.SUPERSEDED));
        refused("already used", order(a), new RevocationOrder(releaseId, releasedOne, RevocationReason.SUPERSEDED));
        refused("already used", order(a), new RevocationOrder(revokeId, b, RevocationReason.KEY_COMPROMISE));
        refused("already used", order(a), new RevocationOrder(revokeId, revokedOne, RevocationReason.SUPERSEDED));
        assertThat(t.ca.status(heldOne).state()).isEqualTo(State.ON_HOLD);
        assertThat(t.ca.status(releasedOne).state()).isEqualTo(State.GOOD);
    }

    @Test
    void aCertificateThisCaDidNotIssueIsRefused() {
        IssuedCertificate userAuth = t.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        CertificateRef a = t.issue(CertificateProfile.CARD_SIGNING).ref();
        refused("not issued by this CA", order(a),
                new RevocationOrder(CaTestSupport.id(), new CertificateRef(IssuingCa.USER_AUTH, BigInteger.valueOf(12345)), RevocationReason.SUPERSEDED));
        refused("not issued by this CA", order(a),
                new RevocationOrder(CaTestSupport.id(), new CertificateRef(IssuingCa.SIGNING, userAuth.ref().serial()), RevocationReason.SUPERSEDED));
        // the CA's own certificates are not holder certificates
        refused("not issued by this CA", order(a), new RevocationOrder(CaTestSupport.id(), new CertificateRef(IssuingCa.USER_AUTH,
                t.keys.ocspSigner(IssuingCa.USER_AUTH).certificate().getSerialNumber()), RevocationReason.KEY_COMPROMISE));
        refused("not issued by this CA", order(a), new RevocationOrder(CaTestSupport.id(), new CertificateRef(IssuingCa.SIGNING,
                t.ca.caCertificates().get(0).getSerialNumber()), RevocationReason.KEY_COMPROMISE));
        assertThat(t.ca.status(userAuth.ref()).state()).isEqualTo(State.GOOD);
    }

    @Test
    void holdAndRemoveFromCrlAreNoRevocationReasonsAndAReasonIsRequired() {
        CertificateRef a = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        CertificateRef b = t.issue(CertificateProfile.CARD_USER_AUTH).ref();
        refused("placeOnHold", order(a), new RevocationOrder(CaTestSupport.id(), b, RevocationReason.CERTIFICATE_HOLD));
        refused("placeOnHold", order(a), new RevocationOrder(CaTestSupport.id(), b, RevocationReason.REMOVE_FROM_CRL));
        refused("reason is required", order(a), new RevocationOrder(CaTestSupport.id(), b, null));
        assertThat(t.ca.status(b).state()).isEqualTo(State.GOOD);
    }

    @Test
    void aMissingBlankOrOverlongRequestIdAndAMissingOrderOrCertificateAreRefused() {
        CertificateRef a = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        CertificateRef b = t.issue(CertificateProfile.CARD_USER_AUTH).ref();
        refused("request id", order(a), new RevocationOrder(null, b, RevocationReason.SUPERSEDED));
        refused("request id", order(a), new RevocationOrder("", b, RevocationReason.SUPERSEDED));
        refused("request id", order(a), new RevocationOrder("   ", b, RevocationReason.SUPERSEDED));
        refused("request id", order(a), new RevocationOrder("r".repeat(201), b, RevocationReason.SUPERSEDED));
        refused("certificate reference", order(a), new RevocationOrder(CaTestSupport.id(), null, RevocationReason.SUPERSEDED));
        refused("certificate reference", order(a),
                new RevocationOrder(CaTestSupport.id(), new CertificateRef(IssuingCa.SIGNING, null), RevocationReason.SUPERSEDED));
        refused("order", order(a), null);
        Snapshot before = snapshot();
        assertThatThrownBy(() -> t.ca.revokeAll(null)).isInstanceOf(CertificateRequestRejectedException.class);
        assertThat(snapshot()).isEqualTo(before);
        // an id of the longest length is fine
        assertThat(t.ca.revokeAll(List.of(new RevocationOrder("r".repeat(200), b, RevocationReason.SUPERSEDED))).get(0).requestId())
                .isEqualTo("r".repeat(200));
    }

    @Test
    void anEmptyBatchIsAnEmptyAnswerAndChangesNothing() {
        Snapshot before = snapshot();
        assertThat(t.ca.revokeAll(List.of())).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ 6. one certificate, two requests

    @Test
    void twoRequestsForOneCertificateRevokeItOnceAndBothAreRecorded() {
        CertificateRef c = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
        CertificateRef d = t.issue(CertificateProfile.CARD_USER_AUTH).ref();
        String first = CaTestSupport.id();
        String second = CaTestSupport.id();
        List<RevocationOrder> orders = List.of(
                new RevocationOrder(first, c, RevocationReason.KEY_COMPROMISE),
                new RevocationOrder(second, c, RevocationReason.SUPERSEDED),
                new RevocationOrder(CaTestSupport.id(), d, RevocationReason.CESSATION_OF_OPERATION));
        Snapshot before = snapshot();
        List<Revocation> results = t.ca.revokeAll(orders);

        assertThat(results.get(0).requestId()).isEqualTo(first);
        assertThat(results.get(0).reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(results.get(1)).isEqualTo(results.get(0));
        assertThat(results.get(2).requestId()).isEqualTo(orders.get(2).requestId());
        assertThat(t.ca.status(c)).extracting(CertificateStatus::state, CertificateStatus::reason, CertificateStatus::revokedAt)
                .containsExactly(State.REVOKED, RevocationReason.KEY_COMPROMISE, results.get(0).revokedAt());
        assertThat(stored(t, c).revocationRequestId()).isEqualTo(first);

        Snapshot after = snapshot();
        assertThat(after.versions()).as("c changed once").isEqualTo(bumped(before.versions(), counts(List.of(scope(t, c), scope(t, d)))));
        assertThat(after.requests()).hasSize(before.requests().size() + 3);
        StatusRequest s1 = t.repository.findStatusRequest(first).orElseThrow();
        StatusRequest s2 = t.repository.findStatusRequest(second).orElseThrow();
        assertThat(List.of(s1, s2)).extracting(StatusRequest::operation, StatusRequest::serial, StatusRequest::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.REVOKE, c.serial(), RevocationReason.KEY_COMPROMISE),
                        org.assertj.core.groups.Tuple.tuple(Operation.REVOKE, c.serial(), RevocationReason.SUPERSEDED));

        // the second request, replayed alone or in the batch, answers the first revocation; another reason is refused
        assertThat(t.ca.revoke(second, c, RevocationReason.SUPERSEDED)).isEqualTo(results.get(0));
        assertThat(t.ca.revokeAll(orders)).isEqualTo(results);
        assertThat(snapshot()).isEqualTo(after);
        assertThatThrownBy(() -> t.ca.revoke(second, c, RevocationReason.KEY_COMPROMISE))
                .isInstanceOf(CertificateRequestRejectedException.class);
    }

    // ------------------------------------------------------------------ 7. the same as revoke one by one

    @Test
    void aBatchEndsAsRevokeOneByOneEnds() {
        Twin a = twin();
        Twin b = twin();
        Map<String, String> ids = new HashMap<>();                 // a's request ids to b's
        a.pre.forEach((k, id) -> ids.put(id, b.pre.get(k)));
        List<RevocationOrder> ordersA = a.orders();
        List<RevocationOrder> ordersB = b.orders();
        for (int i = 0; i < ordersA.size(); i++) {
            ids.put(ordersA.get(i).requestId(), ordersB.get(i).requestId());
        }

        Snapshot beforeA = snapshot();
        Instant from = t.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Revocation> batch = t.ca.revokeAll(ordersA);
        Snapshot afterA = snapshot();
        List<Revocation> oneByOne = oneByOne().revokeAll(ordersB);
        Snapshot afterB = snapshot();
        Instant to = t.clock.instant();

        assertThat(batch).hasSameSizeAs(oneByOne);
        for (int i = 0; i < batch.size(); i++) {
            Revocation x = batch.get(i);
            Revocation y = oneByOne.get(i);
            assertThat(ids.get(x.requestId())).as("order %d", i).isEqualTo(y.requestId());
            assertThat(x.reason()).as("order %d", i).isEqualTo(y.reason());
            assertThat(x.ref()).isEqualTo(ordersA.get(i).certificate());
            assertThat(y.ref()).isEqualTo(ordersB.get(i).certificate());
            if (a.revokedBefore.containsKey(x.ref())) {
                assertThat(x.revokedAt()).isEqualTo(a.revokedBefore.get(x.ref()));
                assertThat(y.revokedAt()).isEqualTo(b.revokedBefore.get(y.ref()));
            } else {
                assertThat(x.revokedAt()).isBetween(from, to);
                assertThat(y.revokedAt()).isBetween(from, to);
            }
        }
        for (int k = 0; k < a.certs.size(); k++) {
            CertificateRef x = a.certs.get(k);
            CertificateRef y = b.certs.get(k);
            assertThat(t.ca.status(x)).extracting(CertificateStatus::state, CertificateStatus::reason)
                    .containsExactly(t.ca.status(y).state(), t.ca.status(y).reason());
            assertThat(t.ca.status(x).state()).isEqualTo(State.REVOKED);
            assertThat(ids.get(stored(t, x).revocationRequestId())).isEqualTo(stored(t, y).revocationRequestId());
            assertThat(changedCertificates(beforeA, afterA).contains(x)).as("cert %d changed by the batch", k)
                    .isEqualTo(changedCertificates(afterA, afterB).contains(y));
        }
        assertThat(changedCertificates(beforeA, afterA)).hasSize(changedCertificates(afterA, afterB).size()).isNotEmpty();
        assertThat(afterA.requests().size() - beforeA.requests().size()).isEqualTo(afterB.requests().size() - afterA.requests().size());
        assertThat(versionSum(afterA) - versionSum(beforeA)).isEqualTo(versionSum(afterB) - versionSum(afterA));
        for (int i = 0; i < ordersA.size(); i++) {
            StatusRequest x = t.repository.findStatusRequest(ordersA.get(i).requestId()).orElseThrow();
            StatusRequest y = t.repository.findStatusRequest(ordersB.get(i).requestId()).orElseThrow();
            assertThat(List.of(x.operation(), x.reason())).as("order %d", i).isEqualTo(List.of(y.operation(), y.reason()));
            assertThat(b.certs.get(a.certs.indexOf(new CertificateRef(x.ca(), x.serial())))).isEqualTo(new CertificateRef(y.ca(), y.serial()));
        }
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void theSameBatchSentConcurrentlyIsPerformedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                List<RevocationOrder> orders = orders(issueEach(4));
                Snapshot before = snapshot();
                CountDownLatch go = new CountDownLatch(1);
                Future<List<Revocation>> one = pool.submit(() -> { go.await(); return t.ca.revokeAll(orders); });
                Future<List<Revocation>> two = pool.submit(() -> { go.await(); return t.ca.revokeAll(orders); });
                go.countDown();
                List<Revocation> r1 = one.get(60, TimeUnit.SECONDS);
                List<Revocation> r2 = two.get(60, TimeUnit.SECONDS);
                assertThat(r2).isEqualTo(r1);
                assertThat(r1).extracting(Revocation::requestId)
                        .containsExactlyElementsOf(orders.stream().map(RevocationOrder::requestId).toList());
                Snapshot after = snapshot();
                assertThat(after.requests()).hasSize(before.requests().size() + orders.size());
                assertThat(versionSum(after) - versionSum(before)).isEqualTo(orders.size());
                assertThat(changedCertificates(before, after)).hasSize(orders.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two batches of different certificates in the same two CRL scopes, listed in opposite scope order. The certificates
     * are locked in serial order; if the scopes' status versions are taken in batch order instead, the first batch holds
     * scope A and waits for B while the second holds B and waits for A. A third transaction holds scope A until both
     * batches wait, so that the interleaving is not left to chance.
     */
    @Test
    void concurrentBatchesOverTheSameScopesInOppositeOrderDoNotDeadlock() throws Exception {
        Map<CrlScope, List<CertificateRef>> byScope = new LinkedHashMap<>();
        List<CrlScope> two = List.of();
        for (int i = 0; i < 60 && two.size() < 2; i++) {
            CertificateRef ref = t.issue(CertificateProfile.SMARTPHONE_SIGNING).ref();
            byScope.computeIfAbsent(scope(t, ref), s -> new ArrayList<>()).add(ref);
            two = byScope.entrySet().stream().filter(e -> e.getValue().size() >= 2).map(Map.Entry::getKey).toList();
        }
        assertThat(two).as("two scopes with two certificates each").hasSizeGreaterThanOrEqualTo(2);
        CrlScope scopeA = two.get(0);
        CrlScope scopeB = two.get(1);
        List<RevocationOrder> first = List.of(order(byScope.get(scopeA).get(0)), order(byScope.get(scopeB).get(0)));
        List<RevocationOrder> second = List.of(order(byScope.get(scopeB).get(1)), order(byScope.get(scopeA).get(1)));
        Snapshot before = snapshot();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Throwable> failures = new ArrayList<>();
        try (Connection blocker = t.dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT status_version FROM ca.crl_scope "
                    + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? FOR UPDATE")) {
                lock.setString(1, scopeA.ca().name());
                lock.setString(2, scopeA.medium().name());
                lock.setInt(3, scopeA.partition());
                try (ResultSet rs = lock.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            Future<List<Revocation>> f1;
            Future<List<Revocation>> f2;
            try {
                f1 = pool.submit(() -> t.ca.revokeAll(first));
                awaitCondition(() -> lockWaiters() >= 1, "the first batch waits for scope " + scopeA);
                f2 = pool.submit(() -> t.ca.revokeAll(second));
                awaitCondition(() -> lockWaiters() >= 2, "the second batch waits too");
            } finally {
                blocker.commit();
            }
            for (Future<List<Revocation>> f : List.of(f1, f2)) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures.stream().map(BatchRevocationTest::causes).toList())
                .as("both batches succeed (a deadlock aborts one)").isEmpty();
        for (RevocationOrder o : concat(first, second)) {
            assertThat(t.ca.status(o.certificate()).state()).isEqualTo(State.REVOKED);
        }
        assertThat(snapshot().versions()).isEqualTo(bumped(before.versions(), Map.of(scopeA, 2L, scopeB, 2L)));
    }

    // ------------------------------------------------------------------ helpers

    /** Certificates of every profile, {@code each} of each. */
    private List<IssuedCertificate> issueEach(int each) {
        List<IssuedCertificate> certs = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (CertificateProfile p : PROFILES) {
                certs.add(t.issue(p));
            }
        }
        return certs;
    }

    private static List<RevocationOrder> orders(List<IssuedCertificate> certs) {
        List<RevocationOrder> orders = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            orders.add(new RevocationOrder(CaTestSupport.id(), certs.get(i).ref(), REASONS.get(i % REASONS.size())));
        }
        return orders;
    }

    private static RevocationOrder order(CertificateRef ref) {
        return new RevocationOrder(CaTestSupport.id(), ref, RevocationReason.KEY_COMPROMISE);
    }

    /** The batch is refused with a message naming the fault, and nothing of it was performed. */
    private void refused(String message, RevocationOrder... orders) {
        List<RevocationOrder> list = java.util.Arrays.asList(orders);   // may hold null
        Snapshot before = snapshot();
        assertThatThrownBy(() -> t.ca.revokeAll(list)).isInstanceOf(CertificateRequestRejectedException.class)
                .hasMessageContaining(message);
        assertThat(snapshot()).isEqualTo(before);
        // the valid order listed first was not performed either (one by one, it would have been)
        assertThat(t.ca.status(orders[0].certificate()).state()).isEqualTo(State.GOOD);
    }

    /** Certificates in every pre-state, and the orders a test sends for them. */
    private final class Twin {
        final List<CertificateRef> certs = new ArrayList<>();
        final Map<String, String> pre = new HashMap<>();              // role -> request id used before the batch
        final Map<CertificateRef, Instant> revokedBefore = new HashMap<>();
        final List<RevocationOrder> orders = new ArrayList<>();

        CertificateRef cert(CertificateProfile p) {
            CertificateRef ref = t.issue(p).ref();
            certs.add(ref);
            return ref;
        }

        List<RevocationOrder> orders() {
            return orders;
        }
    }

    private Twin twin() {
        Twin w = new Twin();
        CertificateRef good1 = w.cert(CertificateProfile.SMARTPHONE_SIGNING);
        CertificateRef good2 = w.cert(CertificateProfile.CARD_USER_AUTH);
        CertificateRef held = w.cert(CertificateProfile.SMARTPHONE_USER_AUTH);
        CertificateRef released = w.cert(CertificateProfile.CARD_SIGNING);
        CertificateRef revoked = w.cert(CertificateProfile.SMARTPHONE_SIGNING);
        CertificateRef twice = w.cert(CertificateProfile.CARD_SIGNING);
        CertificateRef replayed = w.cert(CertificateProfile.SMARTPHONE_USER_AUTH);
        t.ca.placeOnHold(CaTestSupport.id(), held);
        t.ca.placeOnHold(CaTestSupport.id(), released);
        t.ca.releaseHold(CaTestSupport.id(), released);
        w.pre.put("revoked", CaTestSupport.id());
        w.revokedBefore.put(revoked, t.ca.revoke(w.pre.get("revoked"), revoked, RevocationReason.SUPERSEDED).revokedAt());
        w.pre.put("replayed", CaTestSupport.id());
        w.revokedBefore.put(replayed, t.ca.revoke(w.pre.get("replayed"), replayed, RevocationReason.CA_COMPROMISE).revokedAt());
        String good1Id = CaTestSupport.id();
        w.orders.add(new RevocationOrder(good1Id, good1, RevocationReason.KEY_COMPROMISE));
        w.orders.add(new RevocationOrder(CaTestSupport.id(), good2, RevocationReason.UNSPECIFIED));
        w.orders.add(new RevocationOrder(CaTestSupport.id(), held, RevocationReason.CESSATION_OF_OPERATION));
        w.orders.add(new RevocationOrder(CaTestSupport.id(), released, RevocationReason.AFFILIATION_CHANGED));
        w.orders.add(new RevocationOrder(CaTestSupport.id(), revoked, RevocationReason.KEY_COMPROMISE));
        w.orders.add(new RevocationOrder(CaTestSupport.id(), twice, RevocationReason.KEY_COMPROMISE));
        w.orders.add(new RevocationOrder(CaTestSupport.id(), twice, RevocationReason.SUPERSEDED));
        w.orders.add(new RevocationOrder(w.pre.get("replayed"), replayed, RevocationReason.CA_COMPROMISE));
        w.orders.add(new RevocationOrder(good1Id, good1, RevocationReason.KEY_COMPROMISE));     // the same order again
        return w;
    }

    /** The CA with the port's default revokeAll: revoke one by one. */
    private CertificateAuthority oneByOne() {
        CertificateAuthority ca = t.ca;
        return new CertificateAuthority() {
            @Override public IssuedCertificate issue(IssueRequest request) { return ca.issue(request); }
            @Override public Revocation revoke(String requestId, CertificateRef certificate, RevocationReason reason) {
                return ca.revoke(requestId, certificate, reason);
            }
            @Override public void placeOnHold(String requestId, CertificateRef certificate) { ca.placeOnHold(requestId, certificate); }
            @Override public void releaseHold(String requestId, CertificateRef certificate) { ca.releaseHold(requestId, certificate); }
            @Override public CertificateStatus status(CertificateRef certificate) { return ca.status(certificate); }
            @Override public CardCertificateCheck checkCardCertificate(X509Certificate c) { return ca.checkCardCertificate(c); }
            @Override public List<X509Certificate> caCertificates() { return ca.caCertificates(); }
        };
    }

    /** What the database holds of statuses: every certificate's status columns, every status request, every scope's version. */
    private record Snapshot(Map<String, Map<String, Object>> certificates, List<Map<String, Object>> requests,
                            Map<CrlScope, Long> versions) {}

    private Snapshot snapshot() {
        JdbcTemplate sql = new JdbcTemplate(t.dataSource);
        Map<String, Map<String, Object>> certs = new TreeMap<>();
        for (Map<String, Object> row : sql.queryForList("SELECT issuing_ca, serial, status, revoked_at, revocation_reason, "
                + "revocation_request_id, hold_released_at, status_seq FROM ca.certificate")) {
            certs.put(row.get("issuing_ca") + ":" + row.get("serial"), row);
        }
        List<Map<String, Object>> requests = sql.queryForList(
                "SELECT request_id, operation, issuing_ca, serial, reason, performed_at FROM ca.status_request ORDER BY request_id");
        return new Snapshot(certs, requests, versions(sql));
    }

    private static List<CertificateRef> changedCertificates(Snapshot before, Snapshot after) {
        return after.certificates().entrySet().stream()
                .filter(e -> before.certificates().containsKey(e.getKey()) && !before.certificates().get(e.getKey()).equals(e.getValue()))
                .map(e -> new CertificateRef(IssuingCa.valueOf((String) e.getValue().get("issuing_ca")),
                        new BigInteger((String) e.getValue().get("serial"), 16)))
                .toList();
    }

    private static Map<CrlScope, Long> versions(JdbcTemplate sql) {
        Map<CrlScope, Long> versions = new HashMap<>();
        sql.query("SELECT issuing_ca, medium, crl_partition, status_version FROM ca.crl_scope", rs -> {
            versions.put(new CrlScope(IssuingCa.valueOf(rs.getString(1)), CertificateMedium.valueOf(rs.getString(2)), rs.getInt(3)),
                    rs.getLong(4));
        });
        return versions;
    }

    private static long versionSum(Snapshot s) {
        return s.versions().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<CrlScope, Long> bumped(Map<CrlScope, Long> versions, Map<CrlScope, Long> by) {
        Map<CrlScope, Long> out = new HashMap<>(versions);
        by.forEach((s, n) -> out.merge(s, n, Long::sum));
        return out;
    }

    private static Map<CrlScope, Long> counts(List<CrlScope> scopes) {
        return scopes.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }

    private static long statusRequestRows(JdbcTemplate sql) {
        return sql.queryForObject("SELECT COUNT(*) FROM ca.status_request", Long.class);
    }

    private static StoredCertificate stored(CaTestSupport s, CertificateRef ref) {
        return s.repository.find(ref.ca(), ref.serial()).orElseThrow();
    }

    private static CrlScope scope(CaTestSupport s, CertificateRef ref) {
        return stored(s, ref).scope();
    }

    private static X509Certificate caCertificate(CaTestSupport s, IssuingCa ca) {
        return s.ca.caCertificates().get(ca == IssuingCa.SIGNING ? 0 : 1);
    }

    private static X509CRL fullCrl(CaTestSupport s, CertificateRef ref) {
        return CaTestSupport.crl(s.crls.current(scope(s, ref), PublishedCrl.Kind.FULL).orElseThrow().der());
    }

    /** serial -> "reason code@revocation date" (no reason extension: unspecified, 0). */
    private static Map<BigInteger, String> entries(X509CRL crl) {
        Map<BigInteger, String> entries = new TreeMap<>();
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry e : crl.getRevokedCertificates()) {
                int code = e.getRevocationReason() == null ? 0 : e.getRevocationReason().ordinal();
                entries.put(e.getSerialNumber(), code + "@" + e.getRevocationDate().toInstant());
            }
        }
        return entries;
    }

    private static SingleResp ocsp(CaTestSupport s, CertificateRef ref, X509Certificate cert) throws Exception {
        CertificateMedium medium = scope(s, ref).medium();
        OCSPResp resp = new OCSPResp(s.ocsp.respond(ref.ca(), medium,
                OcspTestSupport.request(caCertificate(s, ref.ca()), cert.getSerialNumber(), null, false)));
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0];
    }

    /** Backends of this test database waiting for a lock. */
    private long lockWaiters() {
        return new JdbcTemplate(t.dataSource).queryForObject("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock'", Long.class);
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The exception and its causes, class and message each. */
    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            b.append(b.length() == 0 ? "" : " <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
