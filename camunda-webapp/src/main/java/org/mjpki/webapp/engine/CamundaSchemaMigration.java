package org.mjpki.webapp.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flywaydb.core.Flyway;
import org.springframework.stereotype.Component;

/**
 * Creates and upgrades Camunda's own tables with the SQL scripts Camunda ships for the database in use, under
 * Flyway's bookkeeping, before the engine starts — instead of {@code schema-update: true}, which creates tables
 * but never upgrades them across versions. An upgrade of Camunda adds one migration that runs Camunda's
 * shipped upgrade script (see {@link CamundaScripts}).
 */
@Component
public class CamundaSchemaMigration extends AbstractProcessEnginePlugin {

    static final String HISTORY_TABLE = "flyway_camunda_history";
    private final DataSource dataSource;

    public CamundaSchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        String vendor = vendor(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                // a database whose Camunda tables were made by schema-update before this existed: take it as 7.24.0
                .baselineOnMigrate(true)
                .baselineVersion("7.24.0.0")
                .locations(new String[0]) // Camunda's scripts come from its jar, through the Java migration below
                .javaMigrations(new V7_24_0_0__Camunda_7_24_schema(vendor))
                .load()
                .migrate();
    }

    static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return "postgres";
            }
            if (product.contains("h2")) {
                return "h2";
            }
            throw new IllegalStateException("mjpki runs Camunda on PostgreSQL or H2, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate Camunda's schema", e);
        }
    }
}
