package org.mjpki.ca.persistence;

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
        MigrateResult result = Flyway.configure(CaSchema.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations(LOCATION)
                .load()
                .migrate();
        this.appliedMigrations = result.migrationsExecuted;
        log.info("Schema {} at version {} ({} migrations applied now)", SCHEMA, result.targetSchemaVersion, appliedMigrations);
    }

    public int appliedMigrations() { return appliedMigrations; }
}
