package org.mjpki.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throwaway PostgreSQL database for one test JVM.
 *
 * <p>Where it comes from, in order:
 * <ol>
 *   <li>{@code MJPKI_TEST_PG_URL} (a JDBC URL of a server, e.g.
 *       {@code jdbc:postgresql://db:5432/postgres}) with {@code MJPKI_TEST_PG_USER} /
 *       {@code MJPKI_TEST_PG_PASSWORD}: a fresh database is created on that server;</li>
 *   <li>a Testcontainers PostgreSQL container, when a Docker engine answers;</li>
 *   <li>the local server on 127.0.0.1:5432 (user {@code postgres}): a fresh database.</li>
 * </ol>
 * If none is reachable the test fails with a message that says what was tried. It never
 * skips: a test that needs PostgreSQL and silently does not run proves nothing. Databases are named
 * {@code mjpki_test_<epoch seconds>_<random>}; each run drops those older than six hours.
 */
public final class PostgresTestDatabase {

    public static final String URL_ENV = "MJPKI_TEST_PG_URL";
    public static final String USER_ENV = "MJPKI_TEST_PG_USER";
    public static final String PASSWORD_ENV = "MJPKI_TEST_PG_PASSWORD";
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String PREFIX = "mjpki_test_";
    static final long LEFTOVER_AGE_SECONDS = 6 * 3600;

    private static PostgresTestDatabase shared;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String source;

    private PostgresTestDatabase(String jdbcUrl, String username, String password, String source) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.source = source;
    }

    /** The database of this test JVM; created on first use. */
    public static synchronized PostgresTestDatabase shared() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /** A further, separate database on the same server (for tests that need isolation). */
    public static PostgresTestDatabase fresh() {
        return create();
    }

    public String jdbcUrl() { return jdbcUrl; }
    public String username() { return username; }
    public String password() { return password; }
    /** Where the server came from: "env", "testcontainers" or "local". */
    public String source() { return source; }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    private static PostgresTestDatabase create() {
        StringBuilder tried = new StringBuilder();
        String envUrl = System.getenv(URL_ENV);
        if (envUrl != null && !envUrl.isBlank()) {
            String user = orDefault(System.getenv(USER_ENV), "postgres");
            String pass = orDefault(System.getenv(PASSWORD_ENV), "");
            try {
                return throwawayOn(envUrl, user, pass, "env");
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL named by " + URL_ENV + " (" + envUrl
                        + ") is not usable: " + e.getMessage(), e);
            }
        }
        tried.append(URL_ENV).append(" not set; ");
        PostgresTestDatabase container = Containers.tryStart(tried);
        if (container != null) {
            return container;
        }
        try {
            return throwawayOn(LOCAL_URL, "postgres", "", "local");
        } catch (SQLException e) {
            tried.append("local server ").append(LOCAL_URL).append(": ").append(e.getMessage());
        }
        throw new IllegalStateException("Tests need a real PostgreSQL and none is reachable. Tried: " + tried
                + ". Start the local server (pg_ctlcluster 15 main start), or a Docker engine, or set "
                + URL_ENV + ".");
    }

    private static PostgresTestDatabase throwawayOn(String adminUrl, String user, String pass, String source)
            throws SQLException {
        // the creation time is in the name, so later runs can clear leftovers without a catalog of their own
        String name = PREFIX + (System.currentTimeMillis() / 1000) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl, user, pass); Statement s = c.createStatement()) {
            dropLeftovers(s);
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresTestDatabase(replaceDatabase(adminUrl, name), user, pass, source);
    }

    /**
     * Drops test databases older than {@link #LEFTOVER_AGE_SECONDS}. Not at this JVM's exit: a shutdown hook
     * would race the application's own shutdown, which still uses the database. Never forced, so a database
     * still in use by a long run elsewhere stays.
     */
    private static void dropLeftovers(Statement s) throws SQLException {
        long now = System.currentTimeMillis() / 1000;
        java.util.List<String> old = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'mjpki\\_test\\_%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (now - createdAt(name) > LEFTOVER_AGE_SECONDS) {
                    old.add(name);
                }
            }
        }
        for (String name : old) {
            try {
                s.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException inUse) {
                // still used elsewhere: a later run drops it
            }
        }
    }

    /** Seconds since the epoch when the database was made, from its name; 0 (very old) for other names. */
    static long createdAt(String name) {
        String rest = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : "";
        int underscore = rest.indexOf('_');
        try {
            return underscore > 0 ? Long.parseLong(rest.substring(0, underscore)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String replaceDatabase(String url, String database) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL with a database: " + url);
        }
        return base.substring(0, slash + 1) + database + query;
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }

    /** Kept apart so that a missing Docker engine costs one quick probe, not a class-loading error. */
    private static final class Containers {
        static PostgresTestDatabase tryStart(StringBuilder tried) {
            try {
                if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                    tried.append("no Docker engine for Testcontainers; ");
                    return null;
                }
                @SuppressWarnings("resource") // lives as long as the JVM; Ryuk removes it
                org.testcontainers.containers.PostgreSQLContainer<?> pg =
                        new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15-alpine");
                pg.start();
                return new PostgresTestDatabase(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword(), "testcontainers");
            } catch (RuntimeException | LinkageError e) {
                tried.append("Testcontainers: ").append(e.getMessage()).append("; ");
                return null;
            }
        }
    }
}
