package org.mjpki.serviceprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.mjpki.serviceprovider.migration.ServiceProviderSchema;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded default runs on H2, whose migration differs (no partial index, triggers in Java): it must hold the same
 * rules — one current row per provider and URL, history never deleted — and the use case must run on it.
 */
class H2SchemaTest {

    private static JdbcTemplate migratedH2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ServiceProviderSchema.migrate(ds);
        return new JdbcTemplate(ds);
    }

    @Test
    void h2AlsoKeepsOneCurrentRowPerUrlAndAllowsWithdrawnOnes() {
        JdbcTemplate jdbc = migratedH2("sp-unique");
        jdbc.update("INSERT INTO service_provider.service_provider (service_provider_id, name, status, created_at, updated_at) "
                + "VALUES ('sp-a', 'A', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        String insert = "INSERT INTO service_provider.return_url (return_url_id, service_provider_id, url, registered_at, withdrawn_at) "
                + "VALUES (?, 'sp-a', 'https://a.example/cb', CURRENT_TIMESTAMP, ?)";
        jdbc.update(insert, "url-1", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(1)));
        jdbc.update(insert, "url-2", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(1)));
        jdbc.update(insert, "url-3", null);
        assertThatThrownBy(() -> jdbc.update(insert, "url-4", null)).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("RETURN_URL_ONE_CURRENT");
        assertThatThrownBy(() -> jdbc.update(insert.replace("https://a.example/cb", "http://a.example/cb"), "url-5", null))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("RETURN_URL_HTTPS");
    }

    @Test
    void h2AlsoRefusesToDeleteHistory() {
        JdbcTemplate jdbc = migratedH2("sp-history");
        jdbc.update("INSERT INTO service_provider.service_provider (service_provider_id, name, status, created_at, updated_at) "
                + "VALUES ('sp-a', 'A', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO service_provider.service_provider_app (app_id, service_provider_id, registered_at) "
                + "VALUES ('jp.example.a', 'sp-a', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO service_provider.return_url (return_url_id, service_provider_id, url, registered_at) "
                + "VALUES ('url-1', 'sp-a', 'https://a.example/cb', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO service_provider.service_provider_change (service_provider_id, operator_user_id, changed_at, "
                + "action, subject, after_state, detail) VALUES ('sp-a', 'alice', CURRENT_TIMESTAMP, 'PROVIDER_REGISTERED', 'A', "
                + "'ACTIVE', 'service provider registered')");
        for (String sql : List.of(
                "DELETE FROM service_provider.service_provider_change",
                "UPDATE service_provider.service_provider_change SET operator_user_id = 'mallory'",
                "DELETE FROM service_provider.return_url",
                "DELETE FROM service_provider.service_provider_app",
                "UPDATE service_provider.service_provider_app SET registered_at = CURRENT_TIMESTAMP",
                "DELETE FROM service_provider.service_provider")) {
            assertThatThrownBy(() -> jdbc.update(sql)).as(sql).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("keeps its history");
        }
        // the withdrawals are updates, and pass
        assertThat(jdbc.update("UPDATE service_provider.return_url SET withdrawn_at = CURRENT_TIMESTAMP")).isEqualTo(1);
        assertThat(jdbc.update("UPDATE service_provider.service_provider SET status = 'WITHDRAWN'")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM service_provider.service_provider_change", Long.class)).isEqualTo(1L);
    }
}
