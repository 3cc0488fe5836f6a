package org.mjpki.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mjpki.lifecycle.Actor;
import org.mjpki.registry.linked.LinkedRevocationFindings;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sweep's findings are written once each, and on PostgreSQL the write never reads the ledger per candidate: with the
 * ledger empty when its statistics were taken (a first sweep, a quiet day), a {@code NOT EXISTS} made the planner scan
 * the ledger for every candidate, re-reading what the statement inserted — 150 s of a 10 M-link detection (issue 14).
 */
@SpringBootTest(classes = RegistryTestApplication.class)
class LinkedRevocationFindingsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
    }

    @Autowired CredentialRegistry registry;
    @Autowired JdbcTemplate jdbc;

    /** Two live-looking candidates of a set of its own: the card serials are made up, the set is real. */
    private String candidatesOf(String setId) {
        return "SELECT credential_set_id, key_role, 'SIGNING' AS card_issuing_ca, 'abc' || key_role AS card_serial,"
                + " 'AFFILIATION_CHANGED' AS card_reason FROM registry.credential_set_key WHERE credential_set_id = '" + setId + "'";
    }

    private String aSetWithTwoKeys() {
        String id = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(id, "se-" + id, "nonce-" + id,
                Instant.now().plus(10, ChronoUnit.MINUTES), new byte[] {1}, "token", Instant.now()));
        registry.recordVerifiedHolder(id, "holder-" + id, Instant.parse("2030-01-01T00:00:00Z"),
                new CardCertificateLink("SIGNING", java.math.BigInteger.valueOf(Math.abs(id.hashCode()) + 1L)));
        String setId = registry.reserveSlot(id, null, Cause.of(Actor.HOLDER, id, "test")).credentialSetId();
        registry.recordPublicKey(setId, org.mjpki.lifecycle.KeyRole.SIGNING, new byte[] {1});
        registry.recordPublicKey(setId, org.mjpki.lifecycle.KeyRole.USER_AUTH, new byte[] {2});
        return setId;
    }

    @Test
    void aFindingIsRecordedOnceHoweverOftenItIsFound() {
        LinkedRevocationFindings findings = new LinkedRevocationFindings(jdbc);
        String setId = aSetWithTwoKeys();
        Instant first = Instant.parse("2026-12-01T03:00:00Z");

        assertThat(findings.record(candidatesOf(setId), first, "test-feed")).isEqualTo(2);
        assertThat(findings.record(candidatesOf(setId), first.plusSeconds(86_400), "test-feed")).isZero();

        List<Instant> foundAt = jdbc.queryForList("SELECT found_at FROM registry.linked_revocation WHERE credential_set_id = ?",
                java.sql.Timestamp.class, setId).stream().map(java.sql.Timestamp::toInstant).toList();
        assertThat(foundAt).as("the grace period runs from the first finding").containsExactly(first, first);
    }

    @Test
    void onPostgresqlTheWriteNeverScansTheLedgerEvenWhenItsStatisticsSayItIsEmpty() {
        // the ledger as statistics see it after a quiet day: analyzed while (nearly) empty
        jdbc.execute("ANALYZE registry.linked_revocation");
        String statement = new LinkedRevocationFindings(jdbc).statement(candidatesOf("cs-none"));
        List<String> plan = jdbc.queryForList("EXPLAIN " + statement, String.class,
                java.sql.Timestamp.from(Instant.now()), "test-feed");

        assertThat(String.join("\n", plan))
                .as("the only use of the ledger is the insert itself")
                .doesNotContainPattern("Scan[^\\n]* on linked_revocation")
                .contains("Conflict Resolution: NOTHING");
    }
}
