package org.mjpki.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Quartz's JDBC job store lives in its own schema, {@code quartz}, migrated by this module (Quartz's own DDL
 * for the Quartz version in use), never by Quartz's start-up script, which drops its tables.
 */
final class QuartzSchema {

    static final String SCHEMA = "quartz";

    private QuartzSchema() {}

    static Vendor migrate(DataSource dataSource) {
        Vendor vendor = Vendor.of(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(vendor.schemaName(SCHEMA))
                .defaultSchema(vendor.schemaName(SCHEMA))
                .createSchemas(true)
                .locations("classpath:db/quartz/" + vendor.folder)
                .load()
                .migrate();
        return vendor;
    }

    enum Vendor {
        POSTGRESQL("postgresql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"),
        H2("h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");

        final String folder;
        final String driverDelegate;

        Vendor(String folder, String driverDelegate) {
            this.folder = folder;
            this.driverDelegate = driverDelegate;
        }

        /** Flyway quotes schema names: H2 folds unquoted names to upper case, PostgreSQL to lower case. */
        String schemaName(String schema) {
            return this == H2 ? schema.toUpperCase(Locale.ROOT) : schema;
        }

        static Vendor of(DataSource dataSource) {
            try (Connection c = dataSource.getConnection()) {
                String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
                if (product.contains("postgres")) {
                    return POSTGRESQL;
                }
                if (product.contains("h2")) {
                    return H2;
                }
                throw new IllegalStateException("the scheduler supports PostgreSQL and H2, not " + product);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach the database to migrate the quartz schema", e);
            }
        }
    }
}
