package org.mjpki.registry;

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
        String insert = "INSERT INTO registry.smartphone_credential (application_id, holder_ref, se_id, state, applet_state, "
                + "card_not_after, created_at, updated_at) VALUES (?, 'h', 'se', ?, 'NONE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
        jdbc.update(insert, "a", "REVOKED");
        jdbc.update(insert, "b", "EXPIRED");
        jdbc.update(insert, "c", "ACTIVE");
        assertThatThrownBy(() -> jdbc.update(insert, "d", "RESERVED"))
                .hasMessageContaining("SMARTPHONE_CREDENTIAL_ONE_LIVE_PER_HOLDER");
    }
}
