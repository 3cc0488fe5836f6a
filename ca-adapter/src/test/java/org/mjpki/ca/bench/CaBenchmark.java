package org.mjpki.ca.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.mjpki.ca.CaTestApplication;
import org.mjpki.ca.CaTestSupport;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.config.CaProperties;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput harness (not a test): certificates issued per second, OCSP responses per second over
 * HTTP, CRL generation time and peak heap at 100,000 and 1,000,000 entries. On real PostgreSQL
 * (PostgresTestDatabase). See ca-adapter/README.md for how to run it.
 *
 * <p>Arguments (optional): issue count (2000), OCSP requests (5000), threads (8), largest CRL (1000000).
 */
public final class CaBenchmark {
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);          // the HTTP client's threads would otherwise keep a failed run alive
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int issueCount = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int ocspCount = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int largest = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        System.out.printf("cores=%d maxHeap=%dMB java=%s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        java.nio.file.Path dataDir = java.nio.file.Files.createTempDirectory("mjpki-bench");

        // ---- the application, as deployed: HTTP, Spring wiring, PostgreSQL
        Map<String, Object> props = new java.util.HashMap<>(PostgresTestProperties.of(db));
        props.put("server.port", "0");
        props.put("mjpki.ca.data-dir", dataDir.toString());
        props.put("spring.datasource.hikari.maximum-pool-size", "16");
        props.put("logging.level.org.mjpki", "WARN");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CaTestApplication.class).properties(props).run()) {
            CertificateAuthority ca = app.getBean(CertificateAuthority.class);
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));

            // warm-up
            issue(ca, 200, threads);
            List<IssuedCertificate> issued = issue(ca, issueCount, threads).certs;
            javax.sql.DataSource appDs = app.getBean(javax.sql.DataSource.class);
            Cpu before = Cpu.now(appDs);
            Result r = issue(ca, issueCount, threads);
            Cpu used = Cpu.now(appDs).minus(before);
            System.out.printf("issue: %d certificates, %d threads, %.0f ms -> %.1f certificates/s%n", issueCount, threads,
                    r.millis, issueCount * 1000.0 / r.millis);
            System.out.printf("issue: per certificate %.2f ms CPU in this JVM, %.2f ms in the rest of the machine "
                            + "(PostgreSQL), %.2f commits, %.1f%% of the machine idle%n", used.jvmMillis() / issueCount,
                    used.restMillis() / issueCount, (double) used.commits() / issueCount, used.idlePercent());
            double signing = signingRate(ca, threads);
            System.out.printf("sign: SHA256withRSA-2048 alone in this JVM, %d threads: %.0f signatures/s; issuance / that = %.2f%n",
                    threads, signing, issueCount * 1000.0 / r.millis / signing);

            // OCSP over HTTP (POST), rotating over the issued certificates
            List<byte[]> requests = new ArrayList<>();
            for (IssuedCertificate c : issued.subList(0, Math.min(500, issued.size()))) {
                requests.add(org.mjpki.ca.bench.OcspRequests.of(ca.caCertificates().get(c.ref().ca() == IssuingCa.SIGNING ? 0 : 1),
                        c.ref().serial()));
            }
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(threads)).build();
            ocsp(http, port, issued, requests, 500, threads);   // warm-up
            double ms = ocsp(http, port, issued, requests, ocspCount, threads);
            System.out.printf("ocsp: %d POST requests, %d client threads, %.0f ms -> %.1f responses/s%n", ocspCount, threads, ms,
                    ocspCount * 1000.0 / ms);
        }

        // ---- CRLs: one partition with N revoked entries
        CaProperties p = CaTestSupport.defaults();
        p.getSmartphone().setCrlPartitions(1);
        p.getCrl().setMaxEntries(10_000_000);
        PostgresTestDatabase crlDb = PostgresTestDatabase.fresh();     // another key store, so another database (ADR 0005)
        var ds = CaTestSupport.pool(crlDb.jdbcUrl() + (crlDb.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                crlDb.username(), crlDb.password());
        CaTestSupport t = CaTestSupport.create(ds, p, null);
        CrlScope scope = new CrlScope(IssuingCa.USER_AUTH, CertificateMedium.SMARTPHONE, 0);
        int have = 0;
        for (int target : new int[] {100_000, largest}) {
            if (target > largest) continue;
            long t0 = System.nanoTime();
            insertRevoked(ds, target - have);
            have = target;
            System.out.printf("crl: inserted revoked rows up to %d in %.1f s%n", target, (System.nanoTime() - t0) / 1e9);
            t.crls.republishAll();                       // warm: JIT, caches
            t.ca.revoke(CaTestSupport.id(), t.issue(CertificateProfile.SMARTPHONE_USER_AUTH).ref(),
                    org.mjpki.ca.RevocationReason.SUPERSEDED);   // a status change: the next request regenerates
            System.gc();
            resetPeaks();
            long heapBefore = heapUsed();
            long s = System.nanoTime();
            PublishedCrl crl = t.crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
            double genMs = (System.nanoTime() - s) / 1e6;
            System.out.printf("crl: %d entries, %.1f MB, generated in %.0f ms, peak heap %.0f MB (%.0f MB above the %d MB before)%n",
                    crl.entries(), crl.der().length / 1e6, genMs, peakHeap() / 1e6, (peakHeap() - heapBefore) / 1e6, heapBefore >> 20);
        }
        ds.close();
    }

    record Result(List<IssuedCertificate> certs, double millis) {}

    /**
     * CPU used, from {@code /proc/stat} (the machine: user + nice + system + irq + softirq; idle + iowait) and this
     * JVM's own counter: what the machine used beyond this JVM is PostgreSQL's on a machine that runs nothing else.
     */
    record Cpu(double jvmMillis, double machineMillis, double idleMillis, long commits) {
        static Cpu now(javax.sql.DataSource ds) throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double tick = 1000.0 / 100;                     // USER_HZ
            double busy = (Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7])) * tick;
            double idle = (Long.parseLong(f[4]) + Long.parseLong(f[5])) * tick;
            long commits;
            try (Connection c = ds.getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                commits = rs.getLong(1);
            }
            return new Cpu(os.getProcessCpuTime() / 1e6, busy, idle, commits);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(jvmMillis - earlier.jvmMillis, machineMillis - earlier.machineMillis,
                    idleMillis - earlier.idleMillis, commits - earlier.commits);
        }

        double restMillis() { return machineMillis - jvmMillis; }

        double idlePercent() { return 100 * idleMillis / (idleMillis + machineMillis); }
    }

    /** Signatures per second of the CA's own signing key, alone, at the benchmark's threads: issuance's ceiling. */
    static double signingRate(CertificateAuthority ca, int threads) throws Exception {
        // the benchmark's own RSA-2048 key: the CA's private key never leaves its key storage
        java.security.KeyPair key = CaTestSupport.rsaKey();
        byte[] tbs = ((IssuedCertificate) issue(ca, 1, 1).certs.get(0)).certificate().getTBSCertificate();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + 3_000_000_000L;
        List<Future<Integer>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
                int n = 0;
                while (System.nanoTime() < end) {
                    s.initSign(key.getPrivate());
                    s.update(tbs);
                    s.sign();
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Integer> f : fs) {
            total += f.get();
        }
        pool.shutdown();
        return total / 3.0;
    }

    static Result issue(CertificateAuthority ca, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<IssueRequest> reqs = new ArrayList<>();
        Instant notAfter = Instant.now().plus(Duration.ofDays(1000)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        CertificateProfile[] profiles = CertificateProfile.values();
        for (int i = 0; i < n; i++) {
            reqs.add(new IssueRequest(CaTestSupport.id(), profiles[i % 4], CaTestSupport.rsaKey().getPublic(),
                    CaTestSupport.holder(), notAfter));
        }
        long s = System.nanoTime();
        List<Future<IssuedCertificate>> fs = new ArrayList<>();
        for (IssueRequest r : reqs) {
            fs.add(pool.submit(() -> ca.issue(r)));
        }
        List<IssuedCertificate> out = new ArrayList<>();
        for (Future<IssuedCertificate> f : fs) {
            out.add(f.get());
        }
        double ms = (System.nanoTime() - s) / 1e6;
        pool.shutdown();
        return new Result(out, ms);
    }

    static double ocsp(HttpClient http, int port, List<IssuedCertificate> issued, List<byte[]> requests, int n, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong failures = new AtomicLong();
        long s = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> {
                int which = k % requests.size();
                IssuedCertificate c = issued.get(which);
                String url = "http://localhost:" + port + "/pki/ocsp/" + (c.ref().ca() == IssuingCa.SIGNING ? "signing" : "user-auth")
                        + "/" + (c.certificate().getExtensionValue("2.5.29.31") != null
                        && new String(c.certificate().getExtensionValue("2.5.29.31")).contains("/smartphone/") ? "smartphone" : "card");
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/ocsp-request")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(requests.get(which))).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200 || new org.bouncycastle.cert.ocsp.OCSPResp(r.body()).getStatus() != 0) {
                        failures.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double ms = (System.nanoTime() - s) / 1e6;
        pool.shutdown();
        if (failures.get() > 0) {
            System.out.println("ocsp failures: " + failures.get());
        }
        return ms;
    }

    static void insertRevoked(javax.sql.DataSource ds, int n) throws Exception {
        SerialNumberPolicy serials = new SerialNumberPolicy(new SecureRandom(), 16);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ca.certificate (issuing_ca, serial, request_id, request_hash, "
                    + "kind, profile, medium, crl_partition, holder_ref, not_before, not_after, issued_at, status, revoked_at, "
                    + "revocation_reason, status_seq, der) VALUES ('USER_AUTH', ?, ?, 'bench', 'HOLDER', 'SMARTPHONE_USER_AUTH', "
                    + "'SMARTPHONE', 0, 'bench', ?, ?, ?, 'REVOKED', ?, ?, 0, ?)")) {
                byte[] der = {0};
                String[] reasons = {"KEY_COMPROMISE", "CESSATION_OF_OPERATION", "SUPERSEDED", "AFFILIATION_CHANGED"};
                for (int i = 0; i < n; i++) {
                    String serial = serials.next().toString(16);
                    ps.setString(1, serial);
                    ps.setString(2, "bench-" + serial);
                    ps.setObject(3, now);
                    ps.setObject(4, now.plusYears(4));
                    ps.setObject(5, now);
                    ps.setObject(6, now.minusSeconds(i % 100_000));
                    ps.setString(7, reasons[i % 4]);
                    ps.setBytes(8, der);
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
