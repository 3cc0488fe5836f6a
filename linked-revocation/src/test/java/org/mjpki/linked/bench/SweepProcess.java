package org.mjpki.linked.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.mjpki.linked.LinkedRevocations;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A sweep's batches in a JVM of their own, as a worker process runs them, so that a test can kill it with SIGKILL at
 * any moment ({@code SweepResumesAfterAKillTest}). It prints {@code CHECKPOINT <checkpoint>} after each batch — what
 * the engine would have stored in the process variable when the worker completed the task — and {@code DONE} at the end.
 *
 * <p>Arguments: {@code sweep=<id>}, {@code due=<instant>}, {@code from=<checkpoint>}, then Spring properties as
 * {@code key=value}.
 */
public final class SweepProcess {

    private SweepProcess() {}

    public static void main(String[] args) {
        Map<String, String> props = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            props.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String sweepId = props.remove("sweep");
        Instant due = Instant.parse(props.remove("due"));
        String checkpoint = props.remove("from");
        try (ConfigurableApplicationContext app = SweepContext.start(props)) {
            LinkedRevocations sweep = app.getBean(LinkedRevocations.class);
            System.out.println("READY");
            System.out.flush();
            LinkedRevocations.BatchResult result;
            do {
                result = sweep.revokeBatch(sweepId, due, checkpoint);
                checkpoint = result.checkpoint();
                System.out.println("CHECKPOINT " + checkpoint);
                System.out.flush();
            } while (result.more());
            System.out.println("DONE");
            System.out.flush();
        }
        System.exit(0);
    }
}
