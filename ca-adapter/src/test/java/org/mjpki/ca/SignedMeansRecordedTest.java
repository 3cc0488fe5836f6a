package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.config.CaProperties;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ADR 0006: the CA never delivers a certificate it does not record. Serial, partition slot and request id are taken
 * in the issuing transaction before signing, so a full partition, a serial collision or a concurrent twin costs no
 * signature; a signature whose transaction fails never leaves the CA, and the retry issues.
 */
class SignedMeansRecordedTest {

    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void aFullPartitionCostsNoSignature() {
        CaProperties p = CaTestSupport.defaults();
        p.getSmartphone().setCrlPartitions(1);
        p.getCrl().setMaxEntries(1);
        Ca t = ca(p, null);
        t.ca.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        int before = t.signatures();

        assertThatThrownBy(() -> t.ca.issue(CertificateProfile.SMARTPHONE_USER_AUTH))
                .isInstanceOf(CertificateAuthorityException.class).hasMessageContaining("crl-partitions");
        assertThat(t.signatures() - before).as("signatures made for a request that could not be recorded").isZero();
        assertThat(t.holderRows()).isEqualTo(1);
    }

    @Test
    void aSerialCollisionIsCaughtBeforeSigning() {
        RepeatableRandom random = new RepeatableRandom();
        Ca t = ca(CaTestSupport.defaults(), new SerialNumberPolicy(random, 16));
        IssuedCertificate first = t.ca.issue(CertificateProfile.SMARTPHONE_SIGNING);
        int before = t.signatures();

        random.repeatNext.set(true);                     // the next serial drawn is the first certificate's again
        IssuedCertificate second = t.ca.issue(CertificateProfile.CARD_SIGNING);

        assertThat(second.ref().serial()).isNotEqualTo(first.ref().serial());
        assertThat(random.repeated.get()).as("the collision happened").isTrue();
        assertThat(t.signatures() - before).as("one signature for one certificate").isEqualTo(1);
        assertThat(t.holderRows()).isEqualTo(2);
    }

    @Test
    void concurrentTwinsShareOneSignature() throws Exception {
        Ca t = ca(CaTestSupport.defaults(), null);
        int before = t.signatures();
        List<IssueRequest> requests = new ArrayList<>();
        List<Callable<IssuedCertificate>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            IssueRequest r = t.ca.request(CertificateProfile.values()[i % 4]);
            requests.add(r);
            for (int twin = 0; twin < 3; twin++) {
                calls.add(() -> t.ca.ca.issue(r));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<IssuedCertificate>> results = pool.invokeAll(calls);
        pool.shutdown();
        for (int i = 0; i < results.size(); i += 3) {
            byte[] der = results.get(i).get().certificate().getEncoded();
            assertThat(results.get(i + 1).get().certificate().getEncoded()).isEqualTo(der);
            assertThat(results.get(i + 2).get().certificate().getEncoded()).isEqualTo(der);
        }
        assertThat(t.signatures() - before).as("signatures for " + requests.size() + " requests asked three times each")
                .isEqualTo(requests.size());
        assertThat(t.holderRows()).isEqualTo(requests.size());
    }

    @Test
    void aSignatureThatFailsLeavesNothingAndTheRetryIssues() throws Exception {
        Ca t = ca(CaTestSupport.defaults(), null);
        IssueRequest request = t.ca.request(CertificateProfile.SMARTPHONE_SIGNING);
        long liveBefore = t.liveSlots();
        t.storage.failNext.set(true);
        assertThatThrownBy(() -> t.ca.ca.issue(request)).isInstanceOf(CertificateAuthorityException.class);

        // one transaction reserved and was to record: rolled back, no row, no partition slot, nothing to list or answer
        assertThat(t.sql().queryForObject("SELECT COUNT(*) FROM ca.certificate WHERE request_id = ?", Long.class,
                request.requestId())).isZero();
        assertThat(t.liveSlots()).isEqualTo(liveBefore);

        int before = t.signatures();
        IssuedCertificate issued = t.ca.ca.issue(request);                        // the worker's retry
        assertThat(t.signatures() - before).isEqualTo(1);
        assertThat(t.ca.ca.status(issued.ref()).state()).isEqualTo(CertificateStatus.State.GOOD);
        assertThat(t.liveSlots()).isEqualTo(liveBefore + 1);
        assertThat(t.sql().queryForObject("SELECT der FROM ca.certificate WHERE request_id = ?", byte[].class,
                request.requestId())).isEqualTo(issued.certificate().getEncoded());
        assertThat(t.ca.ca.issue(request).certificate()).isEqualTo(issued.certificate());   // and again: same certificate
        assertThat(t.signatures() - before).isEqualTo(1);
    }

    @Test
    void aReservationCommittedUnsignedIsSignedByTheRetryWithItsSerial() throws Exception {
        Ca t = ca(CaTestSupport.defaults(), null);
        IssueRequest request = t.ca.request(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate first = t.ca.ca.issue(request);
        // the state a version that reserved in a transaction of its own left when its signing failed (ADR 0006, before
        // 2026-12-07): serial, slot and request id committed, no DER
        t.sql().update("UPDATE ca.certificate SET status = 'RESERVED', der = NULL WHERE request_id = ?", request.requestId());
        CertificateRef ref = first.ref();
        assertThat(t.ca.ca.status(ref).state()).isEqualTo(CertificateStatus.State.UNKNOWN);
        OCSPResp ocsp = new OCSPResp(t.ca.ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE,
                OcspTestSupport.request(t.ca.ca.caCertificates().get(0), ref.serial(), null, false)));
        assertThat(((BasicOCSPResp) ocsp.getResponseObject()).getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThatThrownBy(() -> t.ca.ca.revoke(CaTestSupport.id(), ref, RevocationReason.SUPERSEDED))
                .isInstanceOf(CertificateRequestRejectedException.class);

        int before = t.signatures();
        IssuedCertificate issued = t.ca.ca.issue(request);                        // the worker's retry
        assertThat(issued.ref()).isEqualTo(ref);
        assertThat(t.signatures() - before).isEqualTo(1);
        assertThat(t.ca.ca.status(ref).state()).isEqualTo(CertificateStatus.State.GOOD);
        assertThat(t.sql().queryForObject("SELECT der FROM ca.certificate WHERE request_id = ?", byte[].class,
                request.requestId())).isEqualTo(issued.certificate().getEncoded());
        t.ca.ca.revoke(CaTestSupport.id(), ref, RevocationReason.SUPERSEDED);
        CrlScope scope = new CrlScope(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, SerialNumberPolicy.partitionOf(ref.serial(), 8));
        assertThat(CaTestSupport.crl(t.ca.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow().der())
                .getRevokedCertificate(ref.serial())).isNotNull();
    }

    // ------------------------------------------------------------------ helpers

    /** A CA of its own (own key store, so own database) whose signatures are counted. */
    private Ca ca(CaProperties properties, SerialNumberPolicy serials) {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        HikariDataSource pool = CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password());
        pools.add(pool);
        WatchedKeyStorage[] storage = new WatchedKeyStorage[1];
        CaTestSupport support = CaTestSupport.create(pool, properties, serials, s -> storage[0] = new WatchedKeyStorage(s));
        return new Ca(support, storage[0]);
    }

    private record Ca(CaTestSupport ca, WatchedKeyStorage storage) {
        int signatures() { return storage.signatures.get(); }
        JdbcTemplate sql() { return new JdbcTemplate(ca.dataSource); }
        long liveSlots() {
            return sql().queryForObject("SELECT COALESCE(SUM(live_count), 0) FROM ca.crl_scope", Long.class);
        }
        long holderRows() {
            return sql().queryForObject("SELECT COUNT(*) FROM ca.certificate WHERE kind = 'HOLDER'", Long.class);
        }
    }

    /** Real randomness, except that it can hand out the previous draw once more. */
    private static final class RepeatableRandom extends SecureRandom {
        final AtomicBoolean repeatNext = new AtomicBoolean();
        final AtomicBoolean repeated = new AtomicBoolean();
        private final SecureRandom real = new SecureRandom();
        private byte[] last;

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            if (last != null && last.length == bytes.length && repeatNext.compareAndSet(true, false)) {
                System.arraycopy(last, 0, bytes, 0, bytes.length);
                repeated.set(true);
                return;
            }
            real.nextBytes(bytes);
            last = bytes.clone();
        }
    }
}
