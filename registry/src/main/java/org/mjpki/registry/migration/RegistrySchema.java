package org.mjpki.registry.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the {@code registry} schema up to date with this module's migrations. Each module owns
 * its schema and its own migration history, so modules can evolve without coordinating version numbers.
 */
public final class RegistrySchema {

    public static final String SCHEMA = "registry";

    private RegistrySchema() {}

    public static void migrate(DataSource dataSource) {
        String vendor = vendor(dataSource);
        // Flyway quotes the schema name; H2 folds unquoted names to upper case, PostgreSQL to lower case.
        String schema = vendor.equals("h2") ? SCHEMA.toUpperCase(Locale.ROOT) : SCHEMA;
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/registry/" + vendor)
                // data migrations that SQL cannot write on both databases (listed here: not found by scanning)
                .javaMigrations(new V8_1__SigningLinksOfExistingSets())
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
            throw new IllegalStateException("the registry supports PostgreSQL and H2, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate the registry schema", e);
        }
    }
}
