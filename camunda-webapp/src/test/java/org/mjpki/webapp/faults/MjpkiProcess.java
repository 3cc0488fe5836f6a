package org.mjpki.webapp.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mjpki.MjpkiApplication;

/**
 * One mjpki JVM of its own — a server, a worker process or the simulated world — started from this test's classpath,
 * so that a test can kill it with SIGKILL at any moment and start it again, as an operator's host would see it. Its
 * output goes to a log file that a failure names.
 */
final class MjpkiProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path log;
    private final URI readyUrl;
    private final String readyLine;
    private Process process;
    private int starts;
    private boolean closed;

    /**
     * Every process any test started, killed when this JVM ends however it ends: a process outliving its test polled a
     * server long gone at full CPU and slowed every test after it.
     */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "mjpki-process-reaper"));
    }

    /**
     * @param readyUrl a URL the process answers (any status) once it is up
     */
    MjpkiProcess(String name, Path workDir, Map<String, String> environment, List<String> args, URI readyUrl) {
        this(name, workDir, environment, args, readyUrl, null);
    }

    /**
     * A process without a web server (a worker process): it is up once its log has {@code readyLine} for this start.
     */
    MjpkiProcess(String name, Path workDir, Map<String, String> environment, List<String> args, String readyLine) {
        this(name, workDir, environment, args, null, readyLine);
    }

    private MjpkiProcess(String name, Path workDir, Map<String, String> environment, List<String> args, URI readyUrl,
                         String readyLine) {
        this.name = name;
        this.readyLine = readyLine;
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.readyUrl = readyUrl;
        this.log = workDir.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:+UseSerialGC",
                "-Dcom.licel.jcardsim.randomdata.secure=1", "-cp", System.getProperty("java.class.path"),
                MjpkiApplication.class.getName()));
        command.addAll(args);
        this.command = List.copyOf(command);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /**
     * Starts the process (again, after a kill) and waits until it answers at its ready URL. Refused once closed: a
     * restart a test scheduled after a kill must not bring it back after the test ended.
     */
    synchronized MjpkiProcess start(Duration within) throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException(name + " is closed: its test has ended");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Files.writeString(log, "\n===== start " + (++starts) + " of " + name + " =====\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long logged = Files.size(log);
        process = builder.start();
        STARTED.add(process);
        process.onExit().thenAccept(STARTED::remove);
        if (readyUrl != null) {
            awaitReady(within);
        } else if (readyLine != null) {
            awaitLine(logged, within);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no last transaction, nothing flushed — as a crashed host. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** The operating system's id of the running process, for reading its CPU time. */
    synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    private void awaitReady(Duration within) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                http.send(HttpRequest.newBuilder(readyUrl).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(name + " did not answer at " + readyUrl + " within " + within + "; see " + log);
    }

    private void awaitLine(long from, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            byte[] all = Files.readAllBytes(log);
            if (new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8).contains(readyLine)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not log '" + readyLine + "' within " + within + "; see " + log);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        closed = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
