package org.mjpki.ca.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ca} schema, migrated by this module's own Flyway instance (history table
 * {@code ca.flyway_schema_history}); constructing it migrates. Deliberately not a {@code Flyway}
 * bean, so that Spring Boot's Flyway auto-configuration stays free for whoever wants it.
 */
public final class CaSchema {
    public static final String SCHEMA = "ca";
    public static final String LOCATION = "classpath:org/mjpki/ca/db/migration";
    private static final Logger log = LoggerFactory.getLogger(CaSchema.class);

    private final int appliedMigrations;

    public CaSchema(DataSource dataSource) {
        String schema = schemaName(dataSource);
        MigrateResult result = Flyway.configure(CaSchema.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations(LOCATION)
                .load()
                .migrate();
        this.appliedMigrations = result.migrationsExecuted;
        log.info("Schema {} at version {} ({} migrations applied now)", SCHEMA, result.targetSchemaVersion, appliedMigrations);
    }

    /**
     * The schema's name as the database stores the unquoted {@code ca} of our SQL: {@code CA} on
     * H2 (upper-case identifiers), {@code ca} on PostgreSQL. Flyway quotes what it is given.
     */
    private static String schemaName(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            if (md.storesUpperCaseIdentifiers()) {
                return SCHEMA.toUpperCase(Locale.ROOT);
            }
            return md.storesLowerCaseIdentifiers() ? SCHEMA.toLowerCase(Locale.ROOT) : SCHEMA;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate schema " + SCHEMA, e);
        }
    }

    public int appliedMigrations() { return appliedMigrations; }
}
