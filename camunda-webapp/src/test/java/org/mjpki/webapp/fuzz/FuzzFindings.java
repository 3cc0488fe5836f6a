package org.mjpki.webapp.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a fuzz run found: answers that are not a clear refusal (a 5xx, a success for hostile input), bodies that give the
 * server's insides away (a stack trace, an exception's class name), and a tally of the answers by status, printed at the
 * end. The report names the seed that replays the run.
 */
final class FuzzFindings {

    /** A stack frame, a Java package in an answer, or an exception named. */
    private static final Pattern INSIDES = Pattern.compile(
            "(?i)exception|caused by|\\bat (org|java|jdk|sun|com|jakarta|javax|net)\\.|\\tat |\\b(org\\.(mjpki|springframework|apache|camunda|bouncycastle)|java\\.(lang|util|io))\\.");
    private static final int KEPT = 40;
    /** An answer slower than this holds a server thread for hostile input: a finding. */
    private static final long SLOW_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private final FuzzSettings settings;
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Integer> tally = new TreeMap<>();
    private int count;
    private int sent;
    private long slowestNanos;
    private String slowest = "";

    FuzzFindings(FuzzSettings settings) {
        this.settings = settings;
    }

    void sent() {
        sent++;
    }

    /** Notes how long an answer took. */
    void took(String request, long nanos) {
        if (nanos > slowestNanos) {
            slowestNanos = nanos;
            slowest = request;
        }
        if (nanos > SLOW_NANOS) {
            found(request, "answered after " + nanos / 1_000_000 + " ms");
        }
    }

    void answered(int status, String kind) {
        tally.merge(status + " " + kind, 1, Integer::sum);
    }

    /** Checks what no answer may contain, whatever its status. */
    void checkBody(String request, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        var m = INSIDES.matcher(text);
        if (m.find()) {
            int from = Math.max(0, m.start() - 80);
            found(request, "the answer gives the server's insides away near: "
                    + text.substring(from, Math.min(text.length(), m.end() + 80)).replaceAll("\\s+", " "));
        }
    }

    /** The counts that differ after the run from before it: each one is a finding. */
    void stateChanged(Map<String, String> changes) {
        changes.forEach((count, change) -> {
            this.count++;
            findings.add("after the run: " + count + " changed " + change);
        });
    }

    void found(String request, String what) {
        count++;
        if (findings.size() < KEPT) {
            findings.add("#" + (sent - 1) + " " + request + "\n      -> " + what);
        }
    }

    boolean any() {
        return count > 0;
    }

    String report(String suite) {
        StringBuilder out = new StringBuilder(suite + ": " + count + " finding(s) in " + sent + " requests; replay with "
                + settings.replay());
        for (String f : findings) {
            out.append("\n  ").append(f);
        }
        if (count > findings.size()) {
            out.append("\n  … and ").append(count - findings.size()).append(" more");
        }
        return out.toString();
    }

    String tally() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n  slowest answer %d ms: %s", slowestNanos / 1_000_000,
                slowest));
        tally.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%n  %6d  %s", v, k)));
        return out.toString();
    }
}
