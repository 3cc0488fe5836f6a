package org.mjpki.registry.linked;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the sweep's findings (R4, ADR 0022) set-wise, each (set, role, card certificate) once: a card-status feed
 * hands in the query of its candidates and this records those not recorded yet, first found at the given time.
 *
 * <p>Why not a {@code NOT EXISTS} against the ledger in the feed's own statement: on PostgreSQL the ledger is often
 * empty or nearly so when the statistics were taken (the first sweep, a sweep after a quiet day), so the planner
 * probes it with a sequential scan per candidate — and that scan re-reads the pages this very statement inserts. At
 * 100,000 findings that was minutes (issue 14's 10 M-link benchmark: 150 s of a 153 s detection). PostgreSQL skips
 * what is recorded by the primary key instead ({@code ON CONFLICT DO NOTHING}); H2, the embedded default for small
 * installations, keeps the {@code NOT EXISTS}, which its optimizer answers from the primary key.
 */
public final class LinkedRevocationFindings {

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    public LinkedRevocationFindings(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * Records a finding for every row of {@code candidates} not recorded yet and returns how many it recorded.
     *
     * @param candidates a query whose columns are named {@code credential_set_id, key_role, card_issuing_ca,
     *                   card_serial, card_reason}: live phone certificates whose linked card certificate is revoked
     * @param args       the candidates' parameters
     */
    public long record(String candidates, Instant foundAt, String foundBy, Object... args) {
        Object[] all = new Object[args.length + 2];
        all[0] = Timestamp.from(Objects.requireNonNull(foundAt, "foundAt"));
        all[1] = Objects.requireNonNull(foundBy, "foundBy");
        System.arraycopy(args, 0, all, 2, args.length);
        return jdbc.update(statement(candidates), all);
    }

    /**
     * The statement {@link #record} runs, for a feed that sets its parameters itself (arrays, say): the time found (a
     * timestamp) and the feed's name come first, then the candidates' own.
     */
    public String statement(String candidates) {
        String insert = """
                INSERT INTO registry.linked_revocation (credential_set_id, key_role, card_issuing_ca, card_serial, card_reason,
                                                        found_at, found_by)
                SELECT c.credential_set_id, c.key_role, c.card_issuing_ca, c.card_serial, c.card_reason, ?, ?
                  FROM (%s) c
                """.formatted(candidates);
        if (isPostgres()) {
            return insert + " ON CONFLICT (credential_set_id, key_role, card_issuing_ca, card_serial) DO NOTHING";
        }
        return insert + """
                 WHERE NOT EXISTS (SELECT 1 FROM registry.linked_revocation f
                                    WHERE f.credential_set_id = c.credential_set_id AND f.key_role = c.key_role
                                      AND f.card_issuing_ca = c.card_issuing_ca AND f.card_serial = c.card_serial)
                """;
    }

    private boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.execute((Connection c) -> {
                String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
                if (product.contains("postgres")) {
                    return true;
                }
                if (product.contains("h2")) {
                    return false;
                }
                throw new SQLException("the sweep's ledger runs on PostgreSQL and H2, not " + product);
            });
            postgres = known;
        }
        return known;
    }
}
