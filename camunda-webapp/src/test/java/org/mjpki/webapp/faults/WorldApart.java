package org.mjpki.webapp.faults;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;

/**
 * The simulated world in a process of its own and mjpki servers (engine nodes) in theirs, on a PostgreSQL database and
 * a data folder of their own (ADR 0028): what the reliability tests kill and restart. The world is started first (the
 * servers trust the attestation key it writes into the shared folder).
 */
final class WorldApart implements AutoCloseable {

    static final String OPERATOR = "demo";
    static final String OPERATOR_PASSWORD = "demo";
    static final String WORKER = "mjpkiWorker";
    static final String WORKER_PASSWORD = "worker-secret-change-me";
    static final Duration START = Duration.ofMinutes(3);

    private final PostgresTestDatabase database = PostgresTestDatabase.fresh();
    private final Path folder;
    private final int worldPort = ServerOnPostgres.freePort();
    private final MjpkiProcess world;
    private final List<MjpkiProcess> servers = new ArrayList<>();
    private final List<Integer> serverPorts = new ArrayList<>();

    /** @param servers how many engine nodes (a homogeneous cluster on the one database) */
    WorldApart(int servers, List<String> serverArgs) throws IOException {
        this.folder = Files.createTempDirectory("mjpki-world-apart");
        for (int i = 0; i < servers; i++) {
            serverPorts.add(ServerOnPostgres.freePort());
        }
        this.world = new MjpkiProcess("world", folder, Map.of("MJPKI_SERVER_URL", serverUrl(0)),
                List.of("--mjpki.role=world", "--server.port=" + worldPort),
                URI.create("http://localhost:" + worldPort + "/simulator/timings"));
        Map<String, String> env = new HashMap<>();
        env.put("MJPKI_WORLD_URL", "http://localhost:" + worldPort);
        for (int i = 0; i < servers; i++) {
            List<String> args = new ArrayList<>(List.of("--spring.profiles.active=world-apart", "--server.port=" + serverPorts.get(i)));
            PostgresTestProperties.of(database).forEach((k, v) -> args.add("--" + k + "=" + v));
            args.addAll(serverArgs);
            this.servers.add(new MjpkiProcess("server-" + i, folder, env, args, URI.create(serverUrl(i) + "/actuator/health/liveness")));
        }
    }

    WorldApart start() throws IOException, InterruptedException {
        world.start(START);
        for (MjpkiProcess server : servers) {
            server.start(START);
        }
        return this;
    }

    PostgresTestDatabase database() {
        return database;
    }

    MjpkiProcess world() {
        return world;
    }

    MjpkiProcess server(int i) {
        return servers.get(i);
    }

    String serverUrl(int i) {
        return "http://localhost:" + serverPorts.get(i);
    }

    String worldUrl() {
        return "http://localhost:" + worldPort;
    }

    /** The operators' calls to the world's {@code /simulator}. */
    RestClientForTests worldAsOperator() {
        return new RestClientForTests(worldUrl(), OPERATOR, OPERATOR_PASSWORD);
    }

    RestClientForTests serverAs(int i, String user, String password) {
        return new RestClientForTests(serverUrl(i), user, password);
    }

    /** Where the processes' logs are, for a failure's message. */
    Path folder() {
        return folder;
    }

    @Override
    public void close() throws InterruptedException {
        for (MjpkiProcess server : servers) {
            server.close();
        }
        world.close();
    }
}
