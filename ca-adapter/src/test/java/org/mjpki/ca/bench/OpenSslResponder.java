package org.mjpki.ca.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The peer: OpenSSL's own OCSP responder ({@code openssl ocsp -index … -port …}) over the same certificates, from an
 * index file in OpenSSL's CA database format. It has no keep-alive (3.0 answers HTTP/1.0 and closes the connection;
 * asked for keep-alive, its processes stop answering other connections), so it is measured a connection per request.
 * Its processes also spin at full CPU on a connection the client half-closed (as wrk leaves its connections when a run
 * ends) and answer nobody after: a fresh responder serves each run, and is ended with it. It signs every response (RSA-2048, SHA-256, responder id by key, its
 * certificate included: what mjpki's responses carry). Its signing key is its own, made here with {@code openssl req}:
 * no key of mjpki's ever leaves its key store; the peer's responses are not meant to verify, only to cost what signing
 * costs.
 */
final class OpenSslResponder implements AutoCloseable {
    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One certificate in the index; {@code reason} is OpenSSL's name (keyCompromise, superseded…), null when good. */
    record Entry(BigInteger serial, Instant notAfter, Instant revokedAt, String reason) {}

    private final Process process;
    final int port;
    final int processes;

    private OpenSslResponder(Process process, int port, int processes) {
        this.process = process;
        this.port = port;
        this.processes = processes;
    }

    /**
     * @param processes {@code -multi}: responder processes accepting on the one port (one per core)
     * @param minutes   {@code -nmin}: nextUpdate - thisUpdate, as mjpki's {@code ocsp.validity}
     */
    static OpenSslResponder start(Path dir, X509Certificate ca, List<Entry> entries, int processes, long minutes)
            throws IOException, InterruptedException {
        Path caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, pem(ca), StandardCharsets.US_ASCII);
        Path key = dir.resolve("peer-responder-key.pem");
        Path cert = dir.resolve("peer-responder.pem");
        if (!Files.exists(cert)) {
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30",
                    "-subj", "/CN=OpenSSL peer OCSP responder (benchmark)", "-keyout", key.toString(), "-out", cert.toString());
        }
        Path index = dir.resolve("index.txt");
        List<String> lines = new ArrayList<>();
        for (Entry e : entries) {
            String revoked = e.revokedAt() == null ? "" : INDEX_TIME.format(e.revokedAt()) + "," + e.reason();
            lines.add(String.join("\t", e.revokedAt() == null ? "V" : "R", INDEX_TIME.format(e.notAfter()), revoked,
                    indexSerial(e.serial()), "unknown", "/CN=" + e.serial().toString(16).toUpperCase(Locale.ROOT)));
        }
        Files.write(index, lines, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n", StandardCharsets.US_ASCII);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("openssl", "ocsp", "-index", index.toString(), "-CA", caPem.toString(),
                "-rsigner", cert.toString(), "-rkey", key.toString(), "-rmd", "sha256", "-resp_key_id",
                "-nmin", String.valueOf(minutes), "-port", String.valueOf(port), "-ignore_err"));
        if (processes > 1) {
            command.addAll(List.of("-multi", String.valueOf(processes)));
        }
        Path log = dir.resolve("openssl-ocsp.log");
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        OpenSslResponder responder = new OpenSslResponder(p, port, processes);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // ready once it says it accepts: a probing connection closed unused would set a responder spinning (see above)
        while (!Files.exists(log) || !Files.readString(log).contains("ACCEPT")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                responder.close();
                throw new IllegalStateException("openssl ocsp did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
        return responder;
    }

    /** OpenSSL's index serial: upper-case hex, two digits a byte (BN_bn2hex), as it looks a request's serial up. */
    static String indexSerial(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        // -multi's parent ends its responders on SIGTERM (and would start new ones for any that ended alone), but may
        // stay itself: then it goes, and what it forked, forcibly
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                List<ProcessHandle> children = process.descendants().toList();
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    private static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
