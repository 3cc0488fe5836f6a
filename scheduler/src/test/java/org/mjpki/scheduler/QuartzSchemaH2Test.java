package org.mjpki.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded default (H2) gets the same job store tables in its QUARTZ schema. */
class QuartzSchemaH2Test {

    @Test
    void migratesTheQuartzTablesOnH2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:quartz-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        assertThat(QuartzSchema.migrate(ds)).isEqualTo(QuartzSchema.Vendor.H2);
        Integer tables = new JdbcTemplate(ds).queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'QUARTZ' AND table_name LIKE 'QRTZ_%'",
                Integer.class);
        assertThat(tables).isEqualTo(11);
    }
}
