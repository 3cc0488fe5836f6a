package org.mjpki.linked.embedded;

import java.time.Instant;
import org.mjpki.linked.CardRevocationFeed;
import org.mjpki.registry.linked.LinkedRevocationFindings;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The card statuses of the embedded CA, which also issues the card certificates: one set-based statement joins the
 * registry's live card-certificate links with the CA's revoked card certificates and records what is new. It runs in
 * the database, never a row at a time, on PostgreSQL and on H2 (the embedded default).
 */
public final class EmbeddedCardRevocationFeed implements CardRevocationFeed {

    public static final String NAME = "embedded-ca";
    /** The card reason a reconciliation records for a link to a card certificate this CA has no record of. */
    public static final String NOT_ON_RECORD = "NOT_ON_RECORD";

    /** Live phone certificates whose linked card certificate (same kind) the CA has revoked. */
    private static final String REVOKED_CARD_CERTIFICATES = """
            SELECT l.credential_set_id, l.key_role, l.card_issuing_ca, l.card_serial, c.revocation_reason AS card_reason
              FROM registry.card_certificate_link l
              JOIN registry.credential_set s ON s.credential_set_id = l.credential_set_id
              JOIN registry.credential_set_key k ON k.credential_set_id = l.credential_set_id AND k.key_role = l.key_role
              JOIN ca.certificate c ON c.issuing_ca = l.card_issuing_ca AND c.serial = l.card_serial
             WHERE c.status = 'REVOKED' AND c.medium = 'CARD'
               AND s.state IN ('ACTIVE', 'ON_HOLD') AND k.revoked_at IS NULL
            """;

    /**
     * Links of live sets to a card certificate of this CA's card CAs that it has no record of (a restored backup, a
     * link written wrong): they follow nothing good, so the sweep is handed them like revoked ones.
     */
    private static final String CARD_CERTIFICATES_NOT_ON_RECORD = """
            SELECT l.credential_set_id, l.key_role, l.card_issuing_ca, l.card_serial, CAST(? AS VARCHAR(32)) AS card_reason
              FROM registry.card_certificate_link l
              JOIN registry.credential_set s ON s.credential_set_id = l.credential_set_id
              JOIN registry.credential_set_key k ON k.credential_set_id = l.credential_set_id AND k.key_role = l.key_role
             WHERE l.card_issuing_ca IN ('SIGNING', 'USER_AUTH')
               AND s.state IN ('ACTIVE', 'ON_HOLD') AND k.revoked_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM ca.certificate c
                                WHERE c.issuing_ca = l.card_issuing_ca AND c.serial = l.card_serial AND c.medium = 'CARD')
            """;

    private final LinkedRevocationFindings findings;

    public EmbeddedCardRevocationFeed(JdbcTemplate jdbc) {
        this.findings = new LinkedRevocationFindings(jdbc);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long recordNewlyRevokedLinks(Instant foundAt) {
        return findings.record(REVOKED_CARD_CERTIFICATES, foundAt, NAME);
    }

    /** Revoked card certificates as always, and links to card certificates this CA has no record of. */
    @Override
    public long reconcileLinks(Instant foundAt) {
        return recordNewlyRevokedLinks(foundAt) + findings.record(CARD_CERTIFICATES_NOT_ON_RECORD, foundAt, NAME, NOT_ON_RECORD);
    }
}
