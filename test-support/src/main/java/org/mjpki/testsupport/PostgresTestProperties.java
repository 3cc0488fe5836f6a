package org.mjpki.testsupport;

import java.util.Map;

/**
 * Spring properties that point a test application at the shared throwaway PostgreSQL database.
 * Use from {@code @DynamicPropertySource} or pass to {@code SpringApplicationBuilder.properties}.
 */
public final class PostgresTestProperties {
    private PostgresTestProperties() {}

    public static Map<String, Object> of(PostgresTestDatabase db) {
        return Map.of(
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.datasource.driver-class-name", "org.postgresql.Driver");
    }

    public static void register(PostgresTestDatabase db,
                                org.springframework.test.context.DynamicPropertyRegistry registry) {
        of(db).forEach((k, v) -> registry.add(k, () -> v));
    }
}
