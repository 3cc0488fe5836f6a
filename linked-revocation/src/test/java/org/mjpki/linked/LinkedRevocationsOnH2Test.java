package org.mjpki.linked;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default runs on H2: every case of {@link LinkedRevocationCases} on H2 — the feed's join, the
 * set-wise batch statements of the registry and the CA — with a CA directory of its own (a new database, a new key).
 */
class LinkedRevocationsOnH2Test extends LinkedRevocationCases {

    static final java.nio.file.Path H2_CA_DATA_DIR = tempDir();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:linked-revocation-" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1;MODE=Regular");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.driver-class-name", () -> "org.h2.Driver");
        registry.add("mjpki.ca.data-dir", H2_CA_DATA_DIR::toString);
    }

    private static java.nio.file.Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("mjpki-linked-h2-ca-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
