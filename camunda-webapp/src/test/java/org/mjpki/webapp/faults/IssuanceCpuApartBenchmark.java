package org.mjpki.webapp.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 17: the server's CPU per issuance apart from the simulated world's (not a test). The world runs in a JVM of
 * its own (ADR 0028), the server with its workers in another, on a fresh PostgreSQL database; issuances are started
 * through the world's {@code POST /simulator/issuances} (a new holder each: card, phone, app, all of it on the world's
 * side), {@code atOnce} at a time. Each process's CPU is read from {@code /proc/<pid>/stat}, the machine's from
 * {@code /proc/stat}; what is left of the machine's is PostgreSQL's and the rest of the machine's.
 *
 * <p>Arguments: issuances (200), at once (24), warm-up (40). {@code -Dmjpki.workers.client.transport=rest} runs the
 * server's workers on REST (default: the engine API). README, "Throughput".
 */
public final class IssuanceCpuApartBenchmark {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        int issuances = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int atOnce = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        String transport = System.getProperty("mjpki.workers.client.transport", "auto");
        List<String> serverArgs = List.of("--mjpki.workers.client.transport=" + transport, "--logging.level.org.mjpki=WARN");
        try (WorldApart topology = new WorldApart(1, serverArgs).start()) {
            System.out.printf("world apart: %d issuances, %d at once, after %d warm-up; server workers on %s%n", issuances,
                    atOnce, warmUp, transport);
            run(topology, warmUp, atOnce);
            long serverPid = topology.server(0).pid();
            long worldPid = topology.world().pid();
            long server0 = processTicks(serverPid);
            long world0 = processTicks(worldPid);
            long machine0 = machineBusyTicks();
            long started = System.nanoTime();
            int done = run(topology, issuances, atOnce);
            double seconds = (System.nanoTime() - started) / 1e9;
            double server = (processTicks(serverPid) - server0) * 1000.0 / TICKS_PER_SECOND / done;
            double world = (processTicks(worldPid) - world0) * 1000.0 / TICKS_PER_SECOND / done;
            double machine = (machineBusyTicks() - machine0) * 1000.0 / TICKS_PER_SECOND / done;
            System.out.printf("  => %.1f issuances/s (%d of %d in %.1f s)%n", done / seconds, done, issuances, seconds);
            System.out.printf("  CPU per issuance: server %.0f ms, world %.0f ms, machine %.0f ms (PostgreSQL and the rest %.0f ms)%n",
                    server, world, machine, machine - server - world);
        }
    }

    /** Runs {@code count} issuances, {@code atOnce} at a time; answers how many completed. */
    private static int run(WorldApart topology, int count, int atOnce) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String login = "Basic " + Base64.getEncoder().encodeToString((WorldApart.OPERATOR + ":" + WorldApart.OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest issue = HttpRequest.newBuilder(URI.create(topology.worldUrl() + "/simulator/issuances"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", login).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        ExecutorService pool = Executors.newFixedThreadPool(atOnce);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(pool.submit(() -> {
                    HttpResponse<String> answer = http.send(issue, HttpResponse.BodyHandlers.ofString());
                    return answer.statusCode() == 201 && answer.body().contains("\"COMPLETED\"");
                }));
            }
            int completed = 0;
            for (Future<Boolean> result : results) {
                completed += result.get() ? 1 : 0;
            }
            return completed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/&lt;pid&gt;/stat). */
    private static long processTicks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** All CPU time of the machine but idle and iowait, in clock ticks. */
    private static long machineBusyTicks() throws java.io.IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return busy;
    }
}
