package org.mjpki.webapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The whole server as it runs in production, on a throwaway PostgreSQL database, on a free port (the in-process
 * workers reach the engine REST API over HTTP, so the port must be known before start), with a fresh data folder.
 */
public final class ServerOnPostgres {

    private static final int PORT = freePort();
    private static final Path DATA_DIR = tempDir();

    private ServerOnPostgres() {}

    public static void register(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
        registry.add("server.port", () -> PORT);
        registry.add("mjpki.data-dir", DATA_DIR::toString);
        // a task that found the phone unreachable tries again after a second, not thirty: the phone tests cut
        // connections at every step (issue 16) and must not wait half a minute for each resumption
        registry.add("mjpki.workers.waits.phone", () -> "PT1S");
        // the fuzz suites send 15,000 OCSP requests in seconds, most of them for nothing pre-produced: what they test is
        // each answer, not the budget that would turn most of them into tryLater (PreproducedOcspResponsesTest does)
        registry.add("mjpki.ca.ocsp.on-demand-signatures-per-second", () -> "1000000");
    }

    public static int port() {
        return PORT;
    }

    public static String baseUrl() {
        return "http://localhost:" + PORT;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mjpki-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
