package org.mjpki.linked.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.mjpki.linked.LinkedRevocationTestApplication;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sweep's use case with the registry and the embedded CA on a database of its own, outside Camunda and without a
 * web server: what the benchmark measures and what the kill test runs in a JVM of its own. Grace period zero and the
 * valve wide open: the step under test is the revocation, not the policy.
 */
final class SweepContext {

    private SweepContext() {}

    /** The properties of such a context: every JVM that runs against this database must use the same CA directory. */
    static Map<String, String> properties(PostgresTestDatabase db, Path caDataDir, int batchSize) {
        return properties(db.jdbcUrl(), db.username(), db.password(), caDataDir, batchSize);
    }

    /** The same, for a database named by its URL (a database an earlier run loaded). */
    static Map<String, String> properties(String jdbcUrl, String user, String password, Path caDataDir, int batchSize) {
        Map<String, String> props = new HashMap<>();
        props.put("spring.datasource.url", jdbcUrl);
        props.put("spring.datasource.username", user);
        props.put("spring.datasource.password", password == null ? "" : password);
        props.put("spring.datasource.driver-class-name", "org.postgresql.Driver");
        props.put("spring.main.web-application-type", "none");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.flyway.enabled", "false");
        props.put("mjpki.ca.data-dir", caDataDir.toString());
        props.put("mjpki.linked-revocation.grace-period", "PT0S");
        props.put("mjpki.linked-revocation.valve-share", "1.0");
        props.put("mjpki.linked-revocation.batch-size", String.valueOf(batchSize));
        props.put("logging.level.org.mjpki", "WARN");
        return props;
    }

    static ConfigurableApplicationContext start(Map<String, String> properties) {
        return new SpringApplicationBuilder(LinkedRevocationTestApplication.class)
                .properties(new HashMap<>(properties)).run();
    }
}
