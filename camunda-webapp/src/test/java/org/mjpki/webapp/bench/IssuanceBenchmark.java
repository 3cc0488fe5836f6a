package org.mjpki.webapp.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mjpki.MjpkiApplication;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.IssuanceTimeline;
import org.mjpki.simulator.load.IssuanceLoadDriver;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issuance benchmarks (a program, not a test; see README "Measured"). The whole server as it runs, on a fresh
 * PostgreSQL database, driven by simulated holders through the app API.
 *
 * <ul>
 *   <li>{@code holder-wait [holders=10] [concurrency=10]}: seed 004's timings (phones, JPKI system, holders);
 *       how long the holder waits once the password and PIN are typed until the set is on the phone (seed: ~24 s),
 *       and the whole issuance (seed: ~91 s).</li>
 *   <li>{@code revocation-wait [holders=5]}: sets issued fast, then seed 004's timings; each holder revokes from the
 *       phone (types the signing password, the applet signs); how long the holder waits after sending until the
 *       certificates are revoked and until the applet is gone, one holder at a time.</li>
 *   <li>{@code device-change [holders=5]}: sets issued fast, then seed 004's timings; in turn, a plain issuance for a
 *       new holder (the peer), a device change to a new phone with the old phone online, and one with the old phone
 *       offline; the holder's wait after typing the password and PIN and the whole application, side by side, with
 *       the ratio of each device change to the plain issuance of the same round.</li>
 *   <li>{@code throughput [issuances=600] [concurrency=48] [warm-up=100]}: no injected latencies, the simulator's
 *       pre-generated key pool so RSA key generation in jcardsim does not dominate; completed issuances per second,
 *       CPU-milliseconds and database write transactions per issuance.</li>
 * </ul>
 * Extra {@code --name=value} arguments go to the server (e.g. {@code --camunda.bpm.history-level=audit}).
 */
public final class IssuanceBenchmark {

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        List<String> numbers = new ArrayList<>();
        List<String> serverArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            (args[i].startsWith("--") ? serverArgs : numbers).add(args[i]);
        }
        int[] n = numbers.stream().mapToInt(Integer::parseInt).toArray();
        System.out.printf("cores=%d maxHeap=%dMB java=%s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        Map<String, Object> props = new LinkedHashMap<>(PostgresTestProperties.of(db));
        props.put("server.port", String.valueOf(freePort()));
        props.put("mjpki.data-dir", Files.createTempDirectory("mjpki-bench").toString());
        props.put("logging.level.org.mjpki", "WARN");
        if (mode.equals("throughput")) {
            props.put("mjpki.simulator.key-pool.size", String.valueOf(2 * (arg(n, 0, 600) + arg(n, 2, 100)) + 64));
        }
        List<String> all = new ArrayList<>();
        props.forEach((k, v) -> all.add("--" + k + "=" + v));
        all.addAll(serverArgs);
        System.out.println("server: " + serverArgs);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MjpkiApplication.class)
                .run(all.toArray(String[]::new))) {
            SimulatedWorld world = app.getBean(SimulatedWorld.class);
            IssuanceLoadDriver driver = new IssuanceLoadDriver(world);
            switch (mode) {
                case "holder-wait" -> holderWait(world, driver, arg(n, 0, 10), arg(n, 1, 10));
                case "revocation-wait" -> revocationWait(world, driver, arg(n, 0, 5));
                case "device-change" -> deviceChange(world, arg(n, 0, 5));
                case "throughput" -> throughput(world, driver, db, arg(n, 0, 600), arg(n, 1, 48), arg(n, 2, 100));
                default -> throw new IllegalArgumentException("mode is holder-wait, revocation-wait, device-change or throughput, not " + mode);
            }
        }
        System.exit(0);
    }

    private static void holderWait(SimulatedWorld world, IssuanceLoadDriver driver, int holders, int concurrency)
            throws Exception {
        driver.run(driver.holders(3, DeviceFacts.eligibleDefault()), 3, Duration.ofMinutes(2)); // warm-up, no latencies
        world.timings().use(SimulatedTimings.Preset.SEED_004);
        System.out.printf("holder-wait: %d holders, %d at a time, timings %s%n", holders, concurrency,
                world.timings().current().name());
        for (int alone = 0; alone < 2; alone++) {
            IssuanceLoadDriver.Run one = driver.run(driver.holders(1, DeviceFacts.eligibleDefault()), 1, Duration.ofMinutes(5));
            report("one holder alone", one);
        }
        report(concurrency + " holders side by side", driver.run(driver.holders(holders, DeviceFacts.eligibleDefault()),
                concurrency, Duration.ofMinutes(10)));
    }

    private static void revocationWait(SimulatedWorld world, IssuanceLoadDriver driver, int holders) throws Exception {
        List<org.mjpki.simulator.app.SimulatedHolder> issued = new ArrayList<>();
        for (int i = 0; i < holders + 1; i++) {
            var holder = world.newHolder(DeviceFacts.eligibleDefault());
            world.app().issue(holder, Duration.ofMinutes(2));
            issued.add(holder);
        }
        world.app().revoke(issued.remove(0), org.mjpki.simulator.app.RevocationRequest.Reason.NO_LONGER_USED); // warm-up
        world.timings().use(SimulatedTimings.Preset.SEED_004);
        System.out.printf("revocation-wait: %d holders one at a time, timings %s%n", holders, world.timings().current().name());
        List<Duration> revoked = new ArrayList<>();
        List<Duration> deleted = new ArrayList<>();
        for (var holder : issued) {
            var accepted = world.app().revoke(holder, org.mjpki.simulator.app.RevocationRequest.Reason.NO_LONGER_USED);
            long sent = System.nanoTime();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            world.app().awaitRevocation(accepted.revocationId(), r -> !"REVOKING".equals(r.stage()), "certificates revoked", deadline);
            revoked.add(Duration.ofNanos(System.nanoTime() - sent));
            world.app().awaitRevocationFinished(accepted.revocationId(), deadline);
            deleted.add(Duration.ofNanos(System.nanoTime() - sent));
        }
        System.out.printf("  holder's wait after sending until both certificates are revoked: %s%n", durations(revoked));
        System.out.printf("  holder's wait after sending until the applet is deleted too:     %s%n", durations(deleted));
    }

    private static void deviceChange(SimulatedWorld world, int rounds) throws Exception {
        List<org.mjpki.simulator.app.SimulatedHolder> online = new ArrayList<>();
        List<org.mjpki.simulator.app.SimulatedHolder> offline = new ArrayList<>();
        for (int i = 0; i < 2 * rounds + 1; i++) {
            var holder = world.newHolder(DeviceFacts.eligibleDefault());
            world.app().issue(holder, Duration.ofMinutes(2));
            (i % 2 == 0 ? online : offline).add(holder);
        }
        var warmUp = online.remove(0); // every model and worker once, no latencies
        world.app().changeDevice(world.samePersonNewPhone(warmUp, DeviceFacts.eligibleDefault()), Duration.ofMinutes(2));
        world.timings().use(SimulatedTimings.Preset.SEED_004);
        System.out.printf("device-change: %d rounds one at a time, timings %s%n", rounds, world.timings().current().name());
        List<IssuanceTimeline> plain = new ArrayList<>();
        List<IssuanceTimeline> changed = new ArrayList<>();
        List<IssuanceTimeline> changedOffline = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            plain.add(world.app().issueTimed(world.newHolder(DeviceFacts.eligibleDefault()), Duration.ofMinutes(5)));
            var fromOnline = online.get(round);
            changed.add(world.app().changeDeviceTimed(world.samePersonNewPhone(fromOnline, DeviceFacts.eligibleDefault()),
                    Duration.ofMinutes(5)));
            var fromOffline = offline.get(round);
            fromOffline.phone().setOnline(false);
            changedOffline.add(world.app().changeDeviceTimed(world.samePersonNewPhone(fromOffline, DeviceFacts.eligibleDefault()),
                    Duration.ofMinutes(5)));
            fromOffline.phone().setOnline(true);
        }
        for (var group : List.of(Map.entry("plain issuance (peer)", plain), Map.entry("device change, old phone online", changed),
                Map.entry("device change, old phone offline", changedOffline))) {
            long done = group.getValue().stream().filter(IssuanceTimeline::completed).count();
            System.out.printf("%s: %d/%d completed%n", group.getKey(), done, group.getValue().size());
            if (done == group.getValue().size()) {
                System.out.printf("  holder's wait after typing password and PIN: %s%n  whole application: %s%n",
                        durations(group.getValue().stream().map(IssuanceTimeline::waitForCertificates).toList()),
                        durations(group.getValue().stream().map(IssuanceTimeline::endToEnd).toList()));
            }
        }
        if (List.of(plain, changed, changedOffline).stream().allMatch(g -> g.stream().allMatch(IssuanceTimeline::completed))) {
            System.out.printf("  median ratio to the peer, whole application: online %.2f, offline %.2f%n",
                    medianRatio(changed, plain), medianRatio(changedOffline, plain));
        }
    }

    /**
     * The median of each round's ratio, so that both runs of a round share the machine's state at that moment; every
     * round's ratio is printed too.
     */
    private static double medianRatio(List<IssuanceTimeline> measured, List<IssuanceTimeline> peer) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            ratios.add(measured.get(i).endToEnd().toNanos() / (double) peer.get(i).endToEnd().toNanos());
        }
        System.out.printf("  rounds' ratios: %s%n", ratios.stream().map(r -> String.format("%.3f", r)).toList());
        java.util.Collections.sort(ratios);
        return ratios.get(ratios.size() / 2);
    }

    private static String durations(List<Duration> values) {
        List<Long> ms = values.stream().map(Duration::toMillis).sorted().toList();
        return String.format("min %.1f s, median %.1f s, max %.1f s", ms.get(0) / 1000.0, ms.get(ms.size() / 2) / 1000.0,
                ms.get(ms.size() - 1) / 1000.0);
    }

    private static void report(String label, IssuanceLoadDriver.Run run) {
        List<IssuanceTimeline> done = run.timelines().stream().filter(IssuanceTimeline::completed).toList();
        System.out.printf("%s: %d/%d completed%s%n", label, done.size(), run.timelines().size() + run.failures().size(),
                run.failures().isEmpty() ? "" : ", failures " + run.failures());
        if (done.isEmpty()) {
            return;
        }
        System.out.printf("  holder's wait after typing password and PIN until the set is on the phone: %s (seed 004: ~24 s)%n",
                stats(done, IssuanceTimeline::waitForCertificates));
        System.out.printf("  holder's wait after the operation check until the set is usable:         %s%n",
                stats(done, IssuanceTimeline::waitForActivation));
        System.out.printf("  whole issuance, first input to usable set:                                %s (seed 004: ~91 s)%n",
                stats(done, IssuanceTimeline::endToEnd));
    }

    private static void throughput(SimulatedWorld world, IssuanceLoadDriver driver, PostgresTestDatabase db,
                                   int issuances, int concurrency, int warmUp) throws Exception {
        System.out.printf("throughput: %d issuances, %d holders at a time, after %d warm-up; timings %s%n",
                issuances, concurrency, warmUp, world.timings().current().name());
        long poolStart = System.nanoTime();
        if (!world.fleet().keyPool().awaitFilled(30, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IllegalStateException("the key pool was not filled in 30 minutes");
        }
        System.out.printf("key pool: %d RSA-2048 pairs ready after %.0f s%n", world.fleet().keyPool().available(),
                (System.nanoTime() - poolStart) / 1e9);
        report("warm-up", driver.run(driver.holders(warmUp, DeviceFacts.eligibleDefault()), concurrency, Duration.ofMinutes(10)));
        var holders = driver.holders(issuances, DeviceFacts.eligibleDefault());
        Thread.sleep(2000); // let the holders' card issuance settle out of the counters
        Counters before = Counters.read(db);
        IssuanceLoadDriver.Run run = driver.run(holders, concurrency, Duration.ofMinutes(10));
        Thread.sleep(1000); // PostgreSQL publishes its statistics when a backend goes idle
        Counters after = Counters.read(db);
        report("measured", run);
        long done = run.completed();
        double seconds = run.elapsed().toNanos() / 1e9;
        System.out.printf("  => %.1f issuances/s (%d in %.1f s)%n", done / seconds, done, seconds);
        System.out.printf("  CPU per issuance: server JVM %.1f ms, whole machine %.1f ms (PostgreSQL and all)%n",
                (after.jvmCpuNanos - before.jvmCpuNanos) / 1e6 / done, (after.machineCpuMillis - before.machineCpuMillis) / (double) done);
        System.out.printf("  database per issuance: %.1f write transactions, %.1f transactions in all, %.1f rows written%n",
                (after.nextXid - before.nextXid - 1) / (double) done, (after.commits - before.commits) / (double) done,
                (after.rowsWritten - before.rowsWritten) / (double) done);
    }

    private static String stats(List<IssuanceTimeline> timelines, Function<IssuanceTimeline, Duration> metric) {
        List<Long> ms = timelines.stream().map(metric).map(Duration::toMillis).sorted().toList();
        return String.format("median %.1f s, p90 %.1f s, max %.1f s", ms.get(ms.size() / 2) / 1e3,
                ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.9) - 1)) / 1e3, ms.get(ms.size() - 1) / 1e3);
    }

    /** CPU of this JVM and of the whole machine (/proc/stat), and PostgreSQL's own counters for the database. */
    private record Counters(long jvmCpuNanos, long machineCpuMillis, long nextXid, long commits, long rowsWritten) {
        static Counters read(PostgresTestDatabase db) throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long jvm = os.getProcessCpuTime();
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busyTicks = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i != 4 && i != 5) { // all but idle and iowait
                    busyTicks += Long.parseLong(cpu[i]);
                }
            }
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // the next transaction id to be handed out: only transactions that write get one
                long xid;
                try (ResultSet r = s.executeQuery("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
                    r.next();
                    xid = r.getLong(1);
                }
                try (ResultSet r = s.executeQuery("select xact_commit, tup_inserted + tup_updated + tup_deleted "
                        + "from pg_stat_database where datname = current_database()")) {
                    r.next();
                    return new Counters(jvm, busyTicks * 10, xid, r.getLong(1), r.getLong(2));
                }
            }
        }
    }

    private static int arg(int[] n, int i, int otherwise) {
        return n.length > i ? n[i] : otherwise;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
