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

    private final PostgresTestDatabase database;
    private final Path folder;
    private final int worldPort = ServerOnPostgres.freePort();
    private final MjpkiProcess world;
    private final List<MjpkiProcess> servers = new ArrayList<>();
    private final List<MjpkiProcess> workers = new ArrayList<>();
    private final List<Integer> serverPorts = new ArrayList<>();

    /** @param servers how many engine nodes (a homogeneous cluster on the one database), each with its workers */
    WorldApart(int servers, List<String> serverArgs) throws IOException {
        this(servers, 0, serverArgs, null);
    }

    /**
     * @param servers         how many engine nodes
     * @param workerProcesses how many worker processes apart (ADR 0013); with any, the servers run no workers
     * @param databaseUrl     the JDBC URL every process uses (a proxy in front of the database, say); null: the database's
     */
    WorldApart(int servers, int workerProcesses, List<String> serverArgs, String databaseUrl) throws IOException {
        this(PostgresTestDatabase.fresh(), servers, workerProcesses, serverArgs, databaseUrl);
    }

    WorldApart(PostgresTestDatabase database, int servers, int workerProcesses, List<String> serverArgs, String databaseUrl)
            throws IOException {
        this.database = database;
        this.folder = Files.createTempDirectory("mjpki-world-apart");
        for (int i = 0; i < servers; i++) {
            serverPorts.add(ServerOnPostgres.freePort());
        }
        this.world = new MjpkiProcess("world", folder, Map.of("MJPKI_SERVER_URL", serverUrl(0)),
                List.of("--mjpki.role=world", "--server.port=" + worldPort),
                URI.create("http://localhost:" + worldPort + "/simulator/timings"));
        Map<String, String> env = new HashMap<>();
        env.put("MJPKI_WORLD_URL", "http://localhost:" + worldPort);
        List<String> databaseArgs = new ArrayList<>();
        PostgresTestProperties.of(database).forEach((k, v) -> databaseArgs.add("--" + k + "="
                + (k.equals("spring.datasource.url") && databaseUrl != null ? databaseUrl : v)));
        for (int i = 0; i < servers; i++) {
            List<String> args = new ArrayList<>(List.of("--spring.profiles.active=world-apart", "--server.port=" + serverPorts.get(i)));
            args.addAll(databaseArgs);
            args.addAll(serverArgs);
            if (workerProcesses > 0) {
                args.add("--mjpki.workers.client.enabled=false");
            }
            this.servers.add(new MjpkiProcess("server-" + i, folder, env, args, URI.create(serverUrl(i) + "/actuator/health/liveness")));
        }
        for (int i = 0; i < workerProcesses; i++) {
            List<String> args = new ArrayList<>(List.of("--mjpki.role=workers", "--mjpki.workers.outside.url=" + worldUrl() + "/outside"));
            args.addAll(databaseArgs);
            args.addAll(serverArgs);
            this.workers.add(new MjpkiProcess("workers-" + i, folder, Map.of("MJPKI_SERVER_URL", serverUrl(0)), args,
                    "Started MjpkiWorkersApplication"));
        }
    }

    WorldApart start() throws IOException, InterruptedException {
        world.start(START);
        for (MjpkiProcess server : servers) {
            server.start(START);
        }
        for (MjpkiProcess worker : workers) {
            worker.start(START);
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

    MjpkiProcess workers(int i) {
        return workers.get(i);
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
        for (MjpkiProcess worker : workers) {
            worker.close();
        }
        for (MjpkiProcess server : servers) {
            server.close();
        }
        world.close();
    }
}
