package org.mjpki.linked.bench;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generates N live sets in one go on PostgreSQL ({@code generate_series}), as a national registry would hold them —
 * not N issuances: the application row each set needs, the set (ACTIVE, applet installed), its two keys with their
 * phone certificates at the embedded CA (GOOD, in the CA's smartphone CRL partitions), its holder's two card
 * certificates at the CA, and the two links. Then the town halls' day: 1 % of all card certificates revoked — the card
 * signing certificate of every 60th set (affiliationChanged: an address change), and of every fifth of those the card
 * user-auth certificate too (superseded: a renewal, which ends the whole set); N/60 + N/300 = 2N/100 of 2N.
 * Serials are 62-bit numbers so that hex and decimal are one SQL function apart; the certificates' DER is a
 * placeholder byte (the sweep and the CRLs read the records, never the DER).
 */
final class BulkLinks {

    static final long PHONE_BASE = 1L << 62;
    static final long CARD_BASE = 1L << 61;
    static final int SMARTPHONE_PARTITIONS = 64;
    static final int CARD_PARTITIONS = 4;

    private BulkLinks() {}

    /** Sets whose card signing certificate is revoked, and among them those whose user-auth one is too. */
    static long signingRevoked(long sets) {
        return (sets + SIGNING_EVERY - 1) / SIGNING_EVERY;
    }

    static long bothRevoked(long sets) {
        return (sets + BOTH_EVERY - 1) / BOTH_EVERY;
    }

    static final int SIGNING_EVERY = 60;
    static final int BOTH_EVERY = 5 * SIGNING_EVERY;

    static void load(JdbcTemplate jdbc, int sets) {
        jdbc.execute("SET synchronous_commit = off");
        jdbc.update("""
                INSERT INTO registry.application (application_id, se_id, nonce, expires_at, signed_application, received_at,
                                                  holder_ref, card_not_after, card_issuing_ca, card_serial)
                SELECT 'bench-app-' || i, 'bench-se-' || i, 'bench-nonce-' || i, now(), '\\x01'::bytea, now(),
                       'bench-holder-' || i, now() + interval '1000 days', 'SIGNING', ? + 2 * i
                  FROM generate_series(0, ? - 1) AS i
                """, CARD_BASE, sets);
        jdbc.update("""
                INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, se_id, state, applet_state,
                                                     card_not_after, card_issuing_ca, card_serial, created_at, updated_at)
                SELECT 'cs-bench-' || lpad(i::text, 9, '0'), 'bench-app-' || i, 'bench-holder-' || i, 'bench-se-' || i,
                       'ACTIVE', 'INSTALLED', now() + interval '1000 days', 'SIGNING', ? + 2 * i, now(), now()
                  FROM generate_series(0, ? - 1) AS i
                """, CARD_BASE, sets);
        // both keys; role r = 0 signing, 1 user-auth: the phone serial is PHONE_BASE + 2i + r, the card's CARD_BASE + 2i + r
        jdbc.update("""
                INSERT INTO registry.credential_set_key (credential_set_id, key_role, public_key, issuing_ca, serial)
                SELECT 'cs-bench-' || lpad(i::text, 9, '0'), CASE r WHEN 0 THEN 'SIGNING' ELSE 'USER_AUTH' END, '\\x01'::bytea,
                       CASE r WHEN 0 THEN 'SIGNING' ELSE 'USER_AUTH' END, ? + 2 * i + r
                  FROM generate_series(0, ? - 1) AS i, generate_series(0, 1) AS r
                """, PHONE_BASE, sets);
        jdbc.update("""
                INSERT INTO registry.card_certificate_link (credential_set_id, key_role, card_issuing_ca, card_serial, linked_at)
                SELECT 'cs-bench-' || lpad(i::text, 9, '0'), CASE r WHEN 0 THEN 'SIGNING' ELSE 'USER_AUTH' END,
                       CASE r WHEN 0 THEN 'SIGNING' ELSE 'USER_AUTH' END, to_hex(? + 2 * i + r), now()
                  FROM generate_series(0, ? - 1) AS i, generate_series(0, 1) AS r
                """, CARD_BASE, sets);
        certificates(jdbc, sets, PHONE_BASE, "SMARTPHONE", SMARTPHONE_PARTITIONS);
        certificates(jdbc, sets, CARD_BASE, "CARD", CARD_PARTITIONS);
        // the town halls' day: the card signing certificate of every 60th set revoked, every fifth of those with its user-auth one
        jdbc.update("""
                UPDATE ca.certificate SET status = 'REVOKED', revoked_at = now(), revocation_reason = 'AFFILIATION_CHANGED',
                       revocation_request_id = 'bench-card-office-' || serial
                 WHERE issuing_ca = 'SIGNING' AND serial IN (SELECT to_hex(? + 2 * i) FROM generate_series(0, ? - 1, ?) AS i)
                """, CARD_BASE, sets, SIGNING_EVERY);
        jdbc.update("""
                UPDATE ca.certificate SET status = 'REVOKED', revoked_at = now(), revocation_reason = 'SUPERSEDED',
                       revocation_request_id = 'bench-card-office-' || serial
                 WHERE issuing_ca = 'USER_AUTH' AND serial IN (SELECT to_hex(? + 2 * i + 1) FROM generate_series(0, ? - 1, ?) AS i)
                """, CARD_BASE, sets, BOTH_EVERY);
        // as a registry stands on an ordinary day, not right after a bulk load: visibility map set, statistics fresh,
        // the load's dirty pages written
        jdbc.execute("VACUUM (ANALYZE)");
        try {
            jdbc.execute("CHECKPOINT");
        } catch (org.springframework.dao.DataAccessException e) {
            // a role without pg_checkpoint: the figures then include writing the load's pages out
        }
    }

    /**
     * Undoes what a sweep did on a loaded database (the benchmark's second day): findings and follow-ups gone, the sets
     * and keys live again, the phone certificates GOOD with no linked revocation request; the card revocations stay.
     */
    static void undoSweep(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM registry.holder_follow_up");
        jdbc.update("DELETE FROM registry.linked_revocation");
        jdbc.update("DELETE FROM registry.credential_set_transition WHERE case_id LIKE 'linked/%'");
        jdbc.update("UPDATE registry.credential_set SET state = 'ACTIVE', revocation_case_id = NULL "
                + "WHERE revocation_case_id LIKE 'linked/%'");
        jdbc.update("UPDATE registry.credential_set_key SET revoked_at = NULL, revocation_reason = NULL WHERE revoked_at IS NOT NULL");
        jdbc.update("DELETE FROM ca.status_request WHERE request_id LIKE 'linked/%'");
        jdbc.update("UPDATE ca.certificate SET status = 'GOOD', revoked_at = NULL, revocation_reason = NULL, "
                + "revocation_request_id = NULL WHERE medium = 'SMARTPHONE' AND status = 'REVOKED'");
        jdbc.execute("VACUUM (ANALYZE)");
    }

    /** Both certificates of every set at the CA: GOOD, in the partition their serial puts them in. */
    private static void certificates(JdbcTemplate jdbc, int sets, long base, String medium, int partitions) {
        jdbc.update("""
                INSERT INTO ca.certificate (issuing_ca, serial, request_id, request_hash, kind, profile, medium, crl_partition,
                                            holder_ref, not_before, not_after, issued_at, status, status_seq, der)
                SELECT CASE r WHEN 0 THEN 'SIGNING' ELSE 'USER_AUTH' END, to_hex(? + 2 * i + r),
                       'bench-' || ? || '-' || (2 * i + r), 'bench', 'HOLDER',
                       ? || CASE r WHEN 0 THEN '_SIGNING' ELSE '_USER_AUTH' END, ?, ((? + 2 * i + r) % ?)::int,
                       'bench-holder-' || i, now() - interval '1 day', now() + interval '1000 days', now(), 'GOOD', 0, '\\x01'::bytea
                  FROM generate_series(0, ? - 1) AS i, generate_series(0, 1) AS r
                """, base, medium, medium, medium, base, partitions, sets);
    }
}
