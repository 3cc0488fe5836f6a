package org.mjpki.serviceprovider.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the {@code service_provider} schema up to date with this module's migrations, with a Flyway history of its own
 * (each module owns its schema, ADR 0001).
 */
public final class ServiceProviderSchema {

    public static final String SCHEMA = "service_provider";

    private ServiceProviderSchema() {}

    public static void migrate(DataSource dataSource) {
        String vendor = vendor(dataSource);
        // Flyway quotes the schema name; H2 folds unquoted names to upper case, PostgreSQL to lower case.
        String schema = vendor.equals("h2") ? SCHEMA.toUpperCase(Locale.ROOT) : SCHEMA;
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/service_provider/" + vendor)
                .load()
                .migrate();
    }

    /** The migration folder for the database in use: PostgreSQL in production and tests, H2 embedded. */
    static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return "postgresql";
            }
            if (product.contains("h2")) {
                return "h2";
            }
            throw new IllegalStateException("the service-provider whitelist supports PostgreSQL and H2, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate the service_provider schema", e);
        }
    }
}
