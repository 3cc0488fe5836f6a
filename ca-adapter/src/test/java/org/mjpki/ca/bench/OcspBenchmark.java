package org.mjpki.ca.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.mjpki.ca.CaTestApplication;
import org.mjpki.ca.CaTestSupport;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.RevocationReason;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.PreproducedOcspResponses;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * OCSP over HTTP, measured (issue 17, ADR 0030): mjpki's responder in its Spring Boot application on PostgreSQL, beside
 * the same stack answering fixed bytes (the ceiling the load generator and the stack allow: shown first, so the load
 * generator is seen not to be the limit) and OpenSSL's own responder over the same certificates (the peer). GET
 * (RFC 6960 A.1) and POST, keep-alive, wrk as the load generator, the same request bytes for mjpki and the peer (one
 * SHA-1 CertID, no nonce: RFC 5019's profile), rotating over every certificate. Figures are reported, never asserted;
 * each ratio is to a peer measured in the same round. Run by {@code ca-adapter/bench/ocsp-benchmark.sh}.
 *
 * <p>Arguments (optional): certificates (1000), seconds a run (15), connections (64), wrk threads (2), rounds (2).
 * {@code -Dmjpki.bench.jfr=FILE} records a JFR profile (settings "profile") of the server during the first round's
 * mjpki GET run into FILE: where a response's time goes.
 */
public final class OcspBenchmark {

    /** What to run. */
    record Settings(int certificates, int seconds, int connections, int wrkThreads, int rounds) {
        static Settings of(String[] args) {
            int[] v = {1000, 15, 64, 2, 2};
            for (int i = 0; i < Math.min(args.length, v.length); i++) {
                v[i] = Integer.parseInt(args[i]);
            }
            return new Settings(v[0], v[1], v[2], v[3], v[4]);
        }
    }

    /** One round: each target by GET and POST. */
    record Round(Wrk.Result staticGet, Wrk.Result staticPost, Wrk.Result mjpkiGet, Wrk.Result mjpkiPost,
                 Wrk.Result mjpkiGetClose, Wrk.Result mjpkiPostClose, Wrk.Result peerGet, Wrk.Result peerPost,
                 long signaturesWhileMeasured) {
        List<Wrk.Result> all() {
            return List.of(staticGet, staticPost, mjpkiGet, mjpkiPost, mjpkiGetClose, mjpkiPostClose, peerGet, peerPost);
        }
    }

    /** Everything measured, and the text printed. */
    record Report(List<Round> rounds, String text) {}

    public static void main(String[] args) throws Exception {
        if (!Wrk.installed()) {
            System.err.println("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), then run this again");
            System.exit(2);
        }
        Report report = run(Settings.of(args), System.out::println);
        System.out.println();
        System.out.println(report.text());
        System.exit(0);
    }

    static Report run(Settings settings, java.util.function.Consumer<String> progress) throws Exception {
        progress.accept(String.format(Locale.ROOT, "cores=%d java=%s %s wrk -t%d -c%d -d%ds, %d certificates, %d rounds",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), OpenSslResponder.version(),
                settings.wrkThreads(), settings.connections(), settings.seconds(), settings.certificates(), settings.rounds()));
        Path dir = Files.createTempDirectory("mjpki-ocsp-bench");
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        Map<String, Object> props = new java.util.HashMap<>(PostgresTestProperties.of(db));
        props.put("server.port", "0");
        props.put("mjpki.ca.data-dir", dir.resolve("ca").toString());
        props.put("mjpki.bench.static-response", "true");
        props.put("logging.level.org.mjpki", "WARN");
        props.put("logging.level.org.springframework", "WARN");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CaTestApplication.class).properties(props).run()) {
            CertificateAuthority ca = app.getBean(CertificateAuthority.class);
            CaPolicy policy = app.getBean(CaPolicy.class);
            PreproducedOcspResponses preproduced = app.getBean(PreproducedOcspResponses.class);
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String base = "http://127.0.0.1:" + port;

            // smartphone user-authentication certificates: logins, the load that grows with the country
            CertificateProfile profile = CertificateProfile.SMARTPHONE_USER_AUTH;
            X509Certificate issuer = ca.caCertificates().get(1);
            List<IssuedCertificate> issued = issue(ca, profile, settings.certificates());
            List<OpenSslResponder.Entry> index = new ArrayList<>();
            for (int i = 0; i < issued.size(); i++) {
                IssuedCertificate c = issued.get(i);
                Instant notAfter = c.certificate().getNotAfter().toInstant();
                if (i % 10 == 0) {                      // every tenth revoked, so both answers are in the mix
                    Instant at = ca.revoke(CaTestSupport.id(), c.ref(), RevocationReason.KEY_COMPROMISE).revokedAt();
                    index.add(new OpenSslResponder.Entry(c.ref().serial(), notAfter, at, "keyCompromise"));
                } else {
                    index.add(new OpenSslResponder.Entry(c.ref().serial(), notAfter, null, null));
                }
            }
            List<byte[]> requests = new ArrayList<>();
            for (IssuedCertificate c : issued) {
                requests.add(OcspRequests.of(issuer, c.ref().serial()));
            }
            String ocspPath = CaPolicy.OCSP_PATH + "/" + policy.identity(profile.issuingCa()).path() + "/"
                    + CaPolicy.mediumPath(profile.medium());
            Path bodies = dir.resolve("bodies.hex");
            Files.write(bodies, requests.stream().map(r -> HexFormat.of().formatHex(r)).toList());
            Wrk.Dir files = new Wrk.Dir(dir, bodies);
            Path mjpkiPaths = write(Files.createDirectories(dir.resolve("mjpki")).resolve("paths.txt"),
                    requests.stream().map(r -> ocspPath + "/" + urlBase64(r)).toList());
            Path mjpkiGet = Wrk.getScript(dir.resolve("mjpki"), mjpkiPaths, false);
            Path mjpkiGetClose = Wrk.getScript(dir.resolve("mjpki"), mjpkiPaths, true);
            Path peerGet = Wrk.getScript(Files.createDirectories(dir.resolve("peer")), write(dir.resolve("peer/paths.txt"),
                    requests.stream().map(r -> "/" + urlBase64(r)).toList()), false);
            Path staticGet = Wrk.getScript(Files.createDirectories(dir.resolve("static")), write(dir.resolve("static/paths.txt"),
                    List.of(StaticResponseController.PATH + "/" + urlBase64(requests.get(0)))), false);
            Path mjpkiPost = Wrk.postScript(files, ocspPath, false);
            Path mjpkiPostClose = Wrk.postScript(files, ocspPath, true);
            Path peerPost = Wrk.postScript(files, "/", false);
            Path staticPost = Wrk.postScript(files, StaticResponseController.PATH, false);

            long minutes = policy.ocspValidity().toMinutes();
            Path peerDir = Files.createDirectories(dir.resolve("openssl"));
            int peerProcesses = Runtime.getRuntime().availableProcessors();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] sample = post(http, base + ocspPath, requests.get(1));
            app.getBean(StaticResponseController.class).body.set(sample);
            int peerBytes;
            try (OpenSslResponder peer = OpenSslResponder.start(peerDir, issuer, index, peerProcesses, minutes)) {
                // both answer the same thing for the same request: good, and revoked for every tenth
                for (int i = 0; i < Math.min(20, requests.size()); i++) {
                    boolean revoked = i % 10 == 0;
                    check("mjpki POST", post(http, base + ocspPath, requests.get(i)), revoked);
                    check("mjpki GET", get(http, base + ocspPath + "/" + urlBase64(requests.get(i))), revoked);
                    check("openssl POST", http10(peer.port, "POST", "/", requests.get(i)), revoked);
                    check("openssl GET", http10(peer.port, "GET", "/" + urlBase64(requests.get(i)), null), revoked);
                }
                peerBytes = http10(peer.port, "POST", "/", requests.get(1)).length;
            }
            progress.accept(String.format(Locale.ROOT, "responses: mjpki %d bytes, static %d bytes, openssl %d bytes; "
                    + "openssl ocsp -multi %d", sample.length, sample.length, peerBytes, peerProcesses));

            Wrk wrk = new Wrk(settings.wrkThreads(), settings.connections(), settings.seconds());
            Wrk warmUp = new Wrk(settings.wrkThreads(), settings.connections(), Math.max(1, settings.seconds() / 3));
            warmUp.run("warm-up static GET", base, staticGet);
            warmUp.run("warm-up static POST", base, staticPost);
            warmUp.run("warm-up mjpki GET", base, mjpkiGet);
            warmUp.run("warm-up mjpki POST", base, mjpkiPost);
            List<Round> rounds = new ArrayList<>();
            for (int r = 1; r <= settings.rounds(); r++) {
                Wrk.Result sGet = report(progress, wrk.run("static GET", base, staticGet));
                Wrk.Result sPost = report(progress, wrk.run("static POST", base, staticPost));
                long signedBefore = preproduced.stats().signed();
                Wrk.Result mGet = report(progress, profiled(r == 1, () -> wrk.run("mjpki GET", base, mjpkiGet)));
                Wrk.Result mPost = report(progress, wrk.run("mjpki POST", base, mjpkiPost));
                Wrk.Result mGetClose = report(progress, wrk.run("mjpki GET, a connection each", base, mjpkiGetClose));
                Wrk.Result mPostClose = report(progress, wrk.run("mjpki POST, a connection each", base, mjpkiPostClose));
                long signed = preproduced.stats().signed() - signedBefore;
                Wrk.Result pGet = report(progress, peerRun(wrk, "openssl GET", peerGet, peerDir, issuer, index, peerProcesses, minutes));
                Wrk.Result pPost = report(progress, peerRun(wrk, "openssl POST", peerPost, peerDir, issuer, index, peerProcesses, minutes));
                rounds.add(new Round(sGet, sPost, mGet, mPost, mGetClose, mPostClose, pGet, pPost, signed));
            }
            return new Report(rounds, text(settings, rounds, peerProcesses, sample.length));
        }
    }

    /** The run, recorded with JFR into {@code mjpki.bench.jfr} when that is set and {@code record}. */
    private static Wrk.Result profiled(boolean record, java.util.concurrent.Callable<Wrk.Result> run) throws Exception {
        String file = System.getProperty("mjpki.bench.jfr");
        if (!record || file == null) {
            return run.call();
        }
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
            recording.start();
            Wrk.Result result = run.call();
            recording.stop();
            recording.dump(Path.of(file));
            return result;
        }
    }

    /** A run against a fresh OpenSSL responder, ended after it (see {@link OpenSslResponder} for why). */
    private static Wrk.Result peerRun(Wrk wrk, String what, Path script, Path dir, X509Certificate issuer,
                                      List<OpenSslResponder.Entry> index, int processes, long minutes) throws Exception {
        try (OpenSslResponder peer = OpenSslResponder.start(dir, issuer, index, processes, minutes)) {
            return wrk.run(what, "http://127.0.0.1:" + peer.port, script);
        }
    }

    private static List<IssuedCertificate> issue(CertificateAuthority ca, CertificateProfile profile, int n) {
        Instant notAfter = Instant.now().plus(Duration.ofDays(1000)).truncatedTo(ChronoUnit.SECONDS);
        return java.util.stream.IntStream.range(0, n).parallel()
                .mapToObj(i -> ca.issue(new IssueRequest(CaTestSupport.id(), profile, CaTestSupport.rsaKey().getPublic(),
                        CaTestSupport.holder(), notAfter)))
                .toList();
    }

    private static String text(Settings s, List<Round> rounds, int peerProcesses, int responseBytes) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "OCSP over HTTP, wrk -t%d -c%d -d%ds, %d certificates (10%% revoked), "
                + "responses of %d bytes; peer: openssl ocsp -multi %d%n", s.wrkThreads(), s.connections(), s.seconds(),
                s.certificates(), responseBytes, peerProcesses));
        t.append("(keep-alive unless the row says otherwise; the last two columns: mjpki with keep-alive / this row, same round)\n");
        t.append("| round | target | GET /s | GET p50 / p99 ms | POST /s | POST p50 / p99 ms | mjpki / this, GET | mjpki / this, POST |\n");
        t.append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            row(t, i + 1, "static bytes, same stack (ceiling)", r.staticGet(), r.staticPost(), r.mjpkiGet(), r.mjpkiPost());
            row(t, i + 1, "mjpki", r.mjpkiGet(), r.mjpkiPost(), r.mjpkiGet(), r.mjpkiPost());
            row(t, i + 1, "openssl ocsp (peer), a connection per request", r.peerGet(), r.peerPost(), r.mjpkiGet(), r.mjpkiPost());
            row(t, i + 1, "mjpki, a connection per request", r.mjpkiGetClose(), r.mjpkiPostClose(), r.mjpkiGet(), r.mjpkiPost());
            t.append(String.format(Locale.ROOT, "| %d | mjpki / peer, both a connection per request | | | | | %.2f | %.2f |%n",
                    i + 1, r.mjpkiGetClose().requestsPerSecond() / r.peerGet().requestsPerSecond(),
                    r.mjpkiPostClose().requestsPerSecond() / r.peerPost().requestsPerSecond()));
        }
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            t.append(String.format(Locale.ROOT, "round %d: signatures while mjpki was measured: %d; errors: %s%n", i + 1,
                    r.signaturesWhileMeasured(), r.all().stream().allMatch(Wrk.Result::clean) ? "none"
                            : r.all().stream().filter(x -> !x.clean()).map(x -> x.what() + " " + x.socketErrors()
                            + " socket, " + x.non2xx() + " non-2xx").toList()));
        }
        return t.toString();
    }

    private static void row(StringBuilder t, int round, String target, Wrk.Result get, Wrk.Result post, Wrk.Result mGet,
                            Wrk.Result mPost) {
        t.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.2f / %.2f | %,.0f | %.2f / %.2f | %.2f | %.2f |%n", round,
                target, get.requestsPerSecond(), get.p50(), get.p99(), post.requestsPerSecond(), post.p50(), post.p99(),
                mGet.requestsPerSecond() / get.requestsPerSecond(), mPost.requestsPerSecond() / post.requestsPerSecond()));
    }

    private static Wrk.Result report(java.util.function.Consumer<String> progress, Wrk.Result r) {
        progress.accept(String.format(Locale.ROOT, "%-12s %,10.0f /s  p50 %.2f ms  p99 %.2f ms  (%d requests, %d socket errors, "
                + "%d non-2xx)", r.what(), r.requestsPerSecond(), r.p50(), r.p99(), r.requests(), r.socketErrors(), r.non2xx()));
        return r;
    }

    private static void check(String who, byte[] response, boolean revoked) throws Exception {
        OCSPResp resp = new OCSPResp(response);
        if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new IllegalStateException(who + " answered OCSP status " + resp.getStatus());
        }
        Object status = ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus();
        if (revoked ? !(status instanceof RevokedStatus) : status != null) {
            throw new IllegalStateException(who + " answered " + status + " where " + (revoked ? "revoked" : "good") + " was due");
        }
    }

    /** RFC 6960 A.1: the base64 of the DER, URL-encoded ('+', '/' and '=' escaped). */
    static String urlBase64(byte[] der) {
        return URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.US_ASCII);
    }

    private static byte[] post(HttpClient http, String url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    private static byte[] get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    /**
     * One HTTP/1.0 exchange on a connection of its own. The peer is asked this way, not by the JDK's client: that one
     * keeps HTTP/1.1 connections open, and an OpenSSL responder process waits on such a connection for a next request
     * that never comes, answering nobody else.
     */
    private static byte[] http10(int port, String method, String path, byte[] body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String head = method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n" + (body == null ? ""
                    : "Content-Type: application/ocsp-request\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                socket.getOutputStream().write(body);
            }
            socket.getOutputStream().flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || !text.substring(9, 12).equals("200") || end < 0) {
                throw new IllegalStateException(method + " " + path + " answered " + text.lines().findFirst().orElse(""));
            }
            return java.util.Arrays.copyOfRange(all, end + 4, all.length);
        }
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.US_ASCII);
        return file;
    }
}
