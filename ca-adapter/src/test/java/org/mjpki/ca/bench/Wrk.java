package org.mjpki.ca.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: wrk (HTTP/1.1, keep-alive on every connection, latency percentiles with {@code --latency}), driven
 * by a Lua script that rotates over the requests. Debian/Ubuntu: {@code apt-get install -y wrk}.
 */
final class Wrk {

    /** One run's figures. Latencies in milliseconds. */
    record Result(String what, double requestsPerSecond, double p50, double p99, long requests, long socketErrors,
                  long non2xx) {
        boolean clean() {
            return socketErrors == 0 && non2xx == 0 && requests > 0;
        }
    }

    private final int threads;
    private final int connections;
    private final int seconds;

    Wrk(int threads, int connections, int seconds) {
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
    }

    /** Whether wrk is on the PATH. */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(String what, String url, Path script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", "--timeout", "5s", "-s", script.toString(), url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk failed on " + url + ":\n" + out);
        }
        return parse(what, out);
    }

    static Result parse(String what, String out) {
        double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
        long requests = (long) number(out, "\\n\\s*([0-9]+) requests in ");
        double p50 = latency(out, "50%");
        double p99 = latency(out, "99%");
        long socketErrors = 0;
        Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (errors.find()) {
            for (int i = 1; i <= 4; i++) {
                socketErrors += Long.parseLong(errors.group(i));
            }
        }
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        return new Result(what, rps, p50, p99, requests, socketErrors, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk's output has no " + regex + ":\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A percentile of wrk's latency distribution ("50%  612.00us"), in milliseconds. */
    private static double latency(String out, String percentile) {
        Matcher m = Pattern.compile("\\n\\s*" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk's output has no " + percentile + " latency:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            default -> value * 1000;
        };
    }

    /**
     * A script that GETs the paths (one a line of {@code paths}) in turn; with {@code close}, each request asks for its
     * connection to be closed (a TCP connection per request, as a peer without keep-alive is measured).
     */
    static Path getScript(Path dir, Path paths, boolean close) throws IOException {
        return write(dir.resolve(close ? "get-close.lua" : "get.lua"), (close ? CLOSE : "") + """
                local paths = {}
                for line in io.lines("%s") do paths[#paths + 1] = line end
                local i = math.random(#paths)
                request = function()
                  i = i %% #paths + 1
                  return wrk.format("GET", paths[i])
                end
                """.formatted(lua(paths)));
    }

    /** A script that POSTs the bodies (hex, one a line of {@code bodies}) in turn to {@code path}. */
    static Path postScript(Dir dir, String path, boolean close) throws IOException {
        return write(dir.root().resolve("post-" + Integer.toHexString(path.hashCode()) + (close ? "-close" : "") + ".lua"),
                (close ? CLOSE : "") + """
                local bodies = {}
                for line in io.lines("%s") do
                  bodies[#bodies + 1] = (line:gsub("..", function(h) return string.char(tonumber(h, 16)) end))
                end
                local i = math.random(#bodies)
                wrk.headers["Content-Type"] = "application/ocsp-request"
                request = function()
                  i = i %% #bodies + 1
                  return wrk.format("POST", "%s", nil, bodies[i])
                end
                """.formatted(lua(dir.bodies()), path));
    }

    private static final String CLOSE = "wrk.headers[\"Connection\"] = \"close\"\n";

    /** Where the benchmark's request files are. */
    record Dir(Path root, Path bodies) {}

    private static String lua(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
