package org.mjpki.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.mjpki.registry.migration.RegistrySchema;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded default runs on H2, whose migration differs (no partial index): it must hold R2 too. */
class H2SchemaTest {

    @Test
    void h2AlsoRefusesASecondLiveSetButAllowsFinalOnes() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:registry-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RegistrySchema.migrate(ds);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            jdbc.update("INSERT INTO registry.application (application_id, se_id, nonce, expires_at, signed_application, received_at) "
                    + "VALUES (?, 'se', ?, CURRENT_TIMESTAMP, X'01', CURRENT_TIMESTAMP)", id, "n" + id);
        }
        String insert = "INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, se_id, state, "
                + "applet_state, card_not_after, created_at, updated_at) "
                + "VALUES (?, ?, 'h', 'se', ?, 'NONE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
        jdbc.update(insert, "cs-a", "a", "REVOKED");
        jdbc.update(insert, "cs-b", "b", "EXPIRED");
        jdbc.update(insert, "cs-c", "c", "ACTIVE");
        assertThatThrownBy(() -> jdbc.update(insert, "cs-d", "d", "RESERVED"))
                .hasMessageContaining("CREDENTIAL_SET_ONE_LIVE_PER_HOLDER");
    }

    /** An embedded database from before V3 keeps its sets: each becomes a set whose id is its application's. */
    @Test
    void setsIssuedBeforeV3KeepTheirKeysAndHistory() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:registry-v2-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        org.flywaydb.core.Flyway.configure().dataSource(ds).schemas("REGISTRY").defaultSchema("REGISTRY").createSchemas(true)
                .locations("classpath:db/registry/h2").target("2").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("INSERT INTO registry.application (application_id, se_id, nonce, expires_at, signed_application, received_at) "
                + "VALUES ('old', 'se-old', 'n-old', CURRENT_TIMESTAMP, X'01', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO registry.smartphone_credential (application_id, holder_ref, se_id, state, applet_state, "
                + "card_not_after, created_at, updated_at, biometrics_allowed) VALUES ('old', 'h', 'se-old', 'ACTIVE', 'INSTALLED', "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, TRUE)");
        jdbc.update("INSERT INTO registry.credential_key (application_id, key_role, public_key, issuing_ca, serial, certificate) "
                + "VALUES ('old', 'SIGNING', X'0A', 'SIGNING', 42, X'0B')");
        jdbc.update("INSERT INTO registry.credential_transition (application_id, from_state, to_state, reason, at) "
                + "VALUES ('old', NULL, 'RESERVED', 'slot reserved', CURRENT_TIMESTAMP)");

        RegistrySchema.migrate(ds);

        assertThat(jdbc.queryForObject("SELECT state FROM registry.credential_set WHERE credential_set_id = 'old'", String.class))
                .isEqualTo("ACTIVE");
        assertThat(jdbc.queryForObject("SELECT serial FROM registry.credential_set_key WHERE credential_set_id = 'old'", Long.class))
                .isEqualTo(42L);
        assertThat(jdbc.queryForObject("SELECT actor FROM registry.credential_set_transition WHERE credential_set_id = 'old'",
                String.class)).isEqualTo("HOLDER");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, "
                + "se_id, state, applet_state, card_not_after, created_at, updated_at) VALUES ('new', 'old', 'h', 'se', 'RESERVED', "
                + "'NONE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
                .as("still one live set per holder").isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
    }

    /** V8.1: a set from before V8 gets its signing link, its 128-bit serial written in hex as the card CA writes it. */
    @Test
    void setsIssuedBeforeV8GetTheirSigningLinkInHex() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:registry-v7-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        org.flywaydb.core.Flyway.configure().dataSource(ds).schemas("REGISTRY").defaultSchema("REGISTRY").createSchemas(true)
                .locations("classpath:db/registry/h2").target("7").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        java.math.BigInteger serial = new java.math.BigInteger("7f3a00000000000000000000000000c1", 16);
        jdbc.update("INSERT INTO registry.application (application_id, se_id, nonce, expires_at, signed_application, received_at) "
                + "VALUES ('v7', 'se-v7', 'n-v7', CURRENT_TIMESTAMP, X'01', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, se_id, state, "
                + "applet_state, card_not_after, card_issuing_ca, card_serial, created_at, updated_at) VALUES ('cs-v7', 'v7', 'h', "
                + "'se-v7', 'ACTIVE', 'INSTALLED', CURRENT_TIMESTAMP, 'SIGNING', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                new java.math.BigDecimal(serial));

        RegistrySchema.migrate(ds);

        assertThat(jdbc.queryForList("SELECT key_role || ' ' || card_issuing_ca || ' ' || card_serial FROM registry.card_certificate_link"
                + " WHERE credential_set_id = 'cs-v7'", String.class))
                .containsExactly("SIGNING SIGNING 7f3a00000000000000000000000000c1");
    }
}
