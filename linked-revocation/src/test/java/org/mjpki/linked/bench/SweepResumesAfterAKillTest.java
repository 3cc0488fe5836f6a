package org.mjpki.linked.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.Revocation;
import org.mjpki.ca.RevocationOrder;
import org.mjpki.ca.RevocationReason;
import org.mjpki.linked.CardRevocationFeed;
import org.mjpki.linked.LinkedRevocationPolicy;
import org.mjpki.linked.LinkedRevocations;
import org.mjpki.registry.followup.HolderFollowUpQueue;
import org.mjpki.registry.linked.LinkedRevocationBatches;
import org.mjpki.registry.linked.LinkedRevocationLedger;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14: a sweep killed mid-way resumes with no double revocation and nothing missed. Bulk-loaded sets on a database
 * of their own; the batches run (1) in a JVM of their own, killed with SIGKILL after a few checkpoints at a random
 * moment, then resumed from the last checkpoint it printed — the one the engine would hold, possibly a batch behind
 * what the killed JVM did — and (2) in this JVM with a CA that fails a batch before it revokes and another after it
 * revoked but before the registry recorded it, each batch retried from its checkpoint as the engine retries the task.
 * Afterwards the CA's and the registry's rows are counted: every linked phone certificate revoked exactly once.
 */
class SweepResumesAfterAKillTest {

    static final int SETS = 12_000;
    static final int BATCH = 10;

    @Test
    void aSweepKilledWithSigkillResumesFromItsLastCheckpoint() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        Path caDir = Files.createTempDirectory("mjpki-linked-kill");
        Map<String, String> props = SweepContext.properties(db, caDir, BATCH);
        try (ConfigurableApplicationContext app = SweepContext.start(props)) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            LinkedRevocations sweep = app.getBean(LinkedRevocations.class);
            BulkLinks.load(jdbc, SETS);
            sweep.detect();
            LinkedRevocations.Assessment due = sweep.assess();
            long versionsBefore = smartphoneStatusVersions(jdbc);
            String sweepId = "sweep-killed";

            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), SweepProcess.class.getName(),
                    "sweep=" + sweepId, "due=" + due.dueBefore(), "from="));
            props.forEach((k, v) -> command.add(k + "=" + v));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String lastCheckpoint = "";
            int checkpoints = 0;
            boolean done = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("CHECKPOINT ")) {
                        lastCheckpoint = line.substring("CHECKPOINT ".length());
                        if (++checkpoints == 3) {
                            // mid-batch, at a moment of chance: before, inside or after the CA's or the registry's transaction
                            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 120));
                            child.destroyForcibly();
                            break;
                        }
                    } else if (line.equals("DONE")) {
                        done = true;
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(done).as("killed before the end").isFalse();
            assertThat(child.exitValue()).as("SIGKILL").isEqualTo(137);
            long revokedByTheKilledJvm = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM registry.linked_revocation WHERE case_id = ? AND outcome = 'REVOKED'", Long.class, sweepId);
            assertThat(revokedByTheKilledJvm).as("the killed JVM had done some batches, not all")
                    .isGreaterThanOrEqualTo(3L * BATCH / 2).isLessThan(expectedFindings());

            runToTheEnd(sweep, sweepId, due, lastCheckpoint);
            assertEverythingRevokedOnce(jdbc, sweepId, versionsBefore);
        }
    }

    @Test
    void aBatchThatFailsBeforeOrAfterTheCaIsRetriedFromItsCheckpoint() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        Path caDir = Files.createTempDirectory("mjpki-linked-fail");
        try (ConfigurableApplicationContext app = SweepContext.start(SweepContext.properties(db, caDir, BATCH))) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            FailingCa ca = new FailingCa(app.getBean(CertificateAuthority.class));
            LinkedRevocations sweep = new LinkedRevocations(app.getBean(CardRevocationFeed.class),
                    app.getBean(LinkedRevocationLedger.class), app.getBean(HolderFollowUpQueue.class),
                    app.getBean(LinkedRevocationBatches.class), ca, app.getBean(LinkedRevocationPolicy.class),
                    app.getBean(Clock.class));
            BulkLinks.load(jdbc, SETS);
            sweep.detect();
            LinkedRevocations.Assessment due = sweep.assess();
            long versionsBefore = smartphoneStatusVersions(jdbc);
            String sweepId = "sweep-failing";

            String checkpoint = "";
            int failures = 0;
            for (int batch = 0; batch < 10_000; batch++) {
                // the third batch fails before the CA is asked, the fifth after the CA revoked (the registry not told)
                ca.failNext = batch == 2 ? FailingCa.Failure.BEFORE : batch == 4 ? FailingCa.Failure.AFTER : FailingCa.Failure.NONE;
                String from = checkpoint;
                if (ca.failNext != FailingCa.Failure.NONE) {
                    assertThatThrownBy(() -> sweep.revokeBatch(sweepId, due.dueBefore(), from))
                            .isInstanceOf(CertificateAuthorityException.class);
                    failures++;
                    ca.failNext = FailingCa.Failure.NONE;
                }
                LinkedRevocations.BatchResult result = sweep.revokeBatch(sweepId, due.dueBefore(), from);
                checkpoint = result.checkpoint();
                if (!result.more()) {
                    break;
                }
            }
            assertThat(failures).isEqualTo(2);
            assertThat(ca.revokedAfterFailure.get()).as("the failing-after batch had revoked at the CA").isPositive();
            assertEverythingRevokedOnce(jdbc, sweepId, versionsBefore);
        }
    }

    private static void runToTheEnd(LinkedRevocations sweep, String sweepId, LinkedRevocations.Assessment due, String from) {
        String checkpoint = from;
        for (int batch = 0; batch < 10_000; batch++) {
            LinkedRevocations.BatchResult result = sweep.revokeBatch(sweepId, due.dueBefore(), checkpoint);
            checkpoint = result.checkpoint();
            if (!result.more()) {
                return;
            }
        }
        throw new AssertionError("the batches never ended");
    }

    private static long expectedFindings() {
        return BulkLinks.signingRevoked(SETS) + BulkLinks.bothRevoked(SETS);
    }

    private static long smartphoneStatusVersions(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(status_version), 0) FROM ca.crl_scope WHERE medium = 'SMARTPHONE'",
                Long.class);
    }

    /** Nothing missed, nothing twice: in the CA's rows, the registry's, the follow-up queue and the ledger. */
    private static void assertEverythingRevokedOnce(JdbcTemplate jdbc, String sweepId, long versionsBefore) {
        long signing = BulkLinks.signingRevoked(SETS);
        long both = BulkLinks.bothRevoked(SETS);
        long phoneCertificates = signing + both;
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ca.certificate WHERE medium = 'SMARTPHONE' AND status = 'REVOKED'",
                Long.class)).as("every linked phone certificate revoked").isEqualTo(phoneCertificates);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM registry.credential_set_key k
                  JOIN registry.card_certificate_link l ON l.credential_set_id = k.credential_set_id AND l.key_role = k.key_role
                  JOIN ca.certificate phone ON phone.issuing_ca = k.issuing_ca AND phone.serial = to_hex(k.serial::bigint)
                  JOIN ca.certificate card ON card.issuing_ca = l.card_issuing_ca AND card.serial = l.card_serial
                 WHERE (phone.status = 'REVOKED') <> (card.status = 'REVOKED')
                """, Long.class)).as("a phone certificate revoked exactly when its card certificate of the same kind is").isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM (SELECT issuing_ca, serial FROM ca.status_request WHERE operation = 'REVOKE'
                                       GROUP BY issuing_ca, serial HAVING COUNT(*) > 1) twice
                """, Long.class)).as("no certificate revoked by two requests").isZero();
        assertThat(smartphoneStatusVersions(jdbc) - versionsBefore).as("one status change per revoked certificate")
                .isEqualTo(phoneCertificates);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry.credential_set WHERE state = 'REVOKED'", Long.class))
                .isEqualTo(both);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM registry.credential_set_transition WHERE aspect = 'SET' AND to_state = 'REVOKED'
                """, Long.class)).as("one audit row per set ended").isEqualTo(both);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM registry.credential_set_transition WHERE aspect = 'KEY' AND to_state = 'REVOKED'
                """, Long.class)).as("one audit row per certificate revoked alone").isEqualTo(signing - both);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM registry.credential_set_key WHERE revoked_at IS NOT NULL AND key_role = 'SIGNING'
                """, Long.class)).isEqualTo(signing - both);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry.holder_follow_up WHERE kind = 'PUSH'", Long.class))
                .as("one push per set told").isEqualTo(signing);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry.holder_follow_up WHERE kind = 'DELETE_APPLET'", Long.class))
                .isEqualTo(both);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry.linked_revocation WHERE outcome IS NULL", Long.class))
                .as("no finding left open").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry.linked_revocation WHERE case_id = ? AND outcome = 'REVOKED'",
                Long.class, sweepId)).isEqualTo(phoneCertificates);
    }

    /** The CA that fails the next batch before asking the real one, or after it revoked. */
    static final class FailingCa implements CertificateAuthority {
        enum Failure { NONE, BEFORE, AFTER }

        private final CertificateAuthority ca;
        volatile Failure failNext = Failure.NONE;
        final AtomicInteger revokedAfterFailure = new AtomicInteger();

        FailingCa(CertificateAuthority ca) {
            this.ca = ca;
        }

        @Override
        public List<Revocation> revokeAll(List<RevocationOrder> orders) {
            if (failNext == Failure.BEFORE) {
                throw new CertificateAuthorityException("the CA is away (test)");
            }
            List<Revocation> done = ca.revokeAll(orders);
            if (failNext == Failure.AFTER) {
                revokedAfterFailure.addAndGet(done.size());
                throw new CertificateAuthorityException("the answer was lost (test)");
            }
            return done;
        }

        @Override
        public org.mjpki.ca.IssuedCertificate issue(org.mjpki.ca.IssueRequest request) {
            return ca.issue(request);
        }

        @Override
        public Revocation revoke(String requestId, CertificateRef certificate, RevocationReason reason) {
            return ca.revoke(requestId, certificate, reason);
        }

        @Override
        public void placeOnHold(String requestId, CertificateRef certificate) {
            ca.placeOnHold(requestId, certificate);
        }

        @Override
        public void releaseHold(String requestId, CertificateRef certificate) {
            ca.releaseHold(requestId, certificate);
        }

        @Override
        public org.mjpki.ca.CertificateStatus status(CertificateRef certificate) {
            return ca.status(certificate);
        }

        @Override
        public org.mjpki.ca.CardCertificateCheck checkCardCertificate(java.security.cert.X509Certificate cardCertificate) {
            return ca.checkCardCertificate(cardCertificate);
        }

        @Override
        public List<java.security.cert.X509Certificate> caCertificates() {
            return ca.caCertificates();
        }
    }
}
