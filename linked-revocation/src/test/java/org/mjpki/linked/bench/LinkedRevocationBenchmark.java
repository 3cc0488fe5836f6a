package org.mjpki.linked.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.CrlService;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.linked.LinkedRevocations;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14's measure (a program, not a test; its short form is {@code LinkedRevocationBenchmarkTest}): on a fresh
 * PostgreSQL database, bulk-load N live sets — each with both phone certificates at the embedded CA, both card
 * certificates, both links — revoke 1 % of the card signing certificates (affiliationChanged; every fifth of those
 * also the card user-auth certificate, superseded: a renewal, which ends the whole set), then time what a sweep does:
 * detection (the set-based feed), the assessment, the revocation of every due certificate in batches through the CA and
 * the registry, and the CRL publication after it; and the peak heap over it all. See linked-revocation/README.md.
 *
 * <p>Arguments: the set counts to run, comma-separated (default {@code 100000,1000000}), and the batch size (500). The
 * database is kept; on it, {@code second-day <jdbc url> <CA data dir> <sets> [batch]} undoes the sweep's effects and
 * measures it again, and {@code undo} / {@code measure} (same arguments) do the two halves in two JVMs, so that the
 * caches can be dropped in between (a cold measure: the README says how).
 */
public final class LinkedRevocationBenchmark {

    /** What one run measured. */
    public record Result(long sets, long links, double loadSeconds, long newlyFound, double detectSeconds, double countSeconds,
                         double assessSeconds, long dueCertificates, long revoked, long setsTouched, long setsEnded,
                         double revokeSeconds, double crlSeconds, double republishSeconds, long peakHeapMb) {
        public double certificatesPerSecond() {
            return revoked / revokeSeconds;
        }

        /** Sets whose certificates the sweep revoked (one or both), per second: the measure. */
        public double setsPerSecond() {
            return setsTouched / revokeSeconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "sets=%d links=%d load=%.1fs | detect: %d found in %.2fs (of which counting the live links %.2fs) | assess %.2fs | "
                            + "revoke: %d certificates of %d sets (%d ended) in %.1fs = %.0f sets/s, %.0f certificates/s | "
                            + "CRL publication %.1fs (the scheduled republication with its recount %.1fs) | peak heap %d MB",
                    sets, links, loadSeconds, newlyFound, detectSeconds, countSeconds,
                    assessSeconds, revoked, setsTouched, setsEnded, revokeSeconds, setsPerSecond(), certificatesPerSecond(),
                    crlSeconds, republishSeconds, peakHeapMb);
        }
    }

    private LinkedRevocationBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf("cores=%d maxHeap=%dMB java=%s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        if (args.length > 0 && List.of("second-day", "undo", "measure").contains(args[0])) {
            // <mode> <jdbc url> <CA data dir> <sets> [batch] on a database a run loaded. second-day: the sweep's effects
            // undone, then the sweep measured again. The same in two JVMs, so that caches can be dropped between them
            // (a cold measure): undo, then measure
            String mode = args[0];
            Map<String, String> props = SweepContext.properties(args[1], "postgres", "", Path.of(args[2]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 500);
            try (ConfigurableApplicationContext app = SweepContext.start(props)) {
                long t0 = System.nanoTime();
                if (!mode.equals("measure")) {
                    BulkLinks.undoSweep(app.getBean(JdbcTemplate.class));
                }
                if (!mode.equals("undo")) {
                    System.out.println(measure(app, Integer.parseInt(args[3]), seconds(t0)));
                }
            }
            System.exit(0);
        }
        String sizes = args.length > 0 ? args[0] : "100000,1000000";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        for (String size : sizes.split(",")) {
            System.out.println(run(Integer.parseInt(size.strip()), batch));
        }
        System.exit(0);
    }

    /** One run on a database of its own. */
    public static Result run(int sets, int batchSize) throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        try (ConfigurableApplicationContext app = SweepContext.start(SweepContext.properties(db,
                Files.createTempDirectory("mjpki-linked-bench"), batchSize))) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            long t0 = System.nanoTime();
            BulkLinks.load(jdbc, sets);
            return measure(app, sets, seconds(t0));
        }
    }

    /** Detection, assessment, every batch, the CRL republication, the peak heap; {@code load}: how long the set-up took. */
    private static Result measure(ConfigurableApplicationContext app, int sets, double load) {
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        LinkedRevocations sweep = app.getBean(LinkedRevocations.class);
        CrlService crls = app.getBean(CrlService.class);
        resetPeaks();

        long t0 = System.nanoTime();
        LinkedRevocations.Detection detection = sweep.detect();
        double detect = seconds(t0);
        // of which: the count of live links (what Cockpit shows as links checked), timed alone afterwards
        t0 = System.nanoTime();
        app.getBean(org.mjpki.registry.linked.LinkedRevocationLedger.class).liveLinks();
        double countLinks = seconds(t0);

        t0 = System.nanoTime();
        LinkedRevocations.Assessment due = sweep.assess();
        double assess = seconds(t0);

        String sweepId = "sweep-bench";
        String checkpoint = "";
        t0 = System.nanoTime();
        LinkedRevocations.BatchResult result;
        do {
            result = sweep.revokeBatch(sweepId, due.dueBefore(), checkpoint);
            checkpoint = result.checkpoint();
        } while (result.more());
        double revoke = seconds(t0);
        LinkedRevocations.Totals totals = sweep.totals(sweepId);
        long setsTouched = jdbc.queryForObject("SELECT COUNT(DISTINCT credential_set_id) FROM registry.linked_revocation "
                + "WHERE case_id = ? AND outcome = 'REVOKED'", Long.class, sweepId);

        // the publication that shows the revocations: every scope's complete CRL and its delta made from the records,
        // as the first relying party's fetch after the sweep makes them (or the scheduled republication)
        t0 = System.nanoTime();
        for (CrlScope scope : crls.configuredScopes()) {
            crls.current(scope, PublishedCrl.Kind.DELTA);
        }
        double crl = seconds(t0);
        // the daily scheduled republication: the same, after recounting every partition's unexpired certificates
        t0 = System.nanoTime();
        crls.republishAll();
        double republish = seconds(t0);
        return new Result(sets, detection.linksChecked(), load, detection.newlyFound(), detect, countLinks, assess, due.dueFindings(),
                totals.revoked(), setsTouched, totals.setsEnded(), revoke, crl, republish, peakHeapMb());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
