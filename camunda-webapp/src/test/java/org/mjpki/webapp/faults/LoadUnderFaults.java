package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One round of a reliability test (issue 16): holders going through every lifecycle operation side by side
 * ({@link Lifecycles}), and a fault struck at random moments while they do — each holder's operation must still end
 * as it would have without the fault. What the fault may have broken elsewhere is {@link Invariants}'.
 *
 * <p>Each holder's script goes on with the next operation (a new holder each) until every strike has been struck, so
 * every fault lands under load however fast the machine gets through the first operations: a round in which the load
 * ended before the fault tested nothing (on a fast machine, 2026-12-07, a worker process was "killed at []").
 */
final class LoadUnderFaults {

    /** What a test does to the system, and puts right again if it needs putting right (a restart, say). */
    interface Fault {
        void strike() throws Exception;
    }

    private LoadUnderFaults() {}

    /**
     * @param holders how many holders go side by side, each through at least one operation and on until the last strike
     * @param strikes how many times to strike, each some seconds into the round (up to {@code within} seconds apart)
     * @return what was struck, for the test's report
     */
    static List<String> round(WorldApart topology, int holders, int parallel, int strikes, int within, Random random,
                              Fault fault) throws Exception {
        Lifecycles lifecycles = new Lifecycles(topology);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<?>> scripts = new ArrayList<>();
        AtomicBoolean striking = new AtomicBoolean(true);
        Lifecycles.Operation[] operations = Lifecycles.Operation.values();
        for (int i = 0; i < holders; i++) {
            int first = i;
            scripts.add(pool.submit(() -> {
                int next = first;
                do {
                    Lifecycles.Operation operation = operations[next % operations.length];
                    next++;
                    try {
                        lifecycles.run(operation);
                    } catch (Exception | AssertionError e) {
                        failures.add(operation + ": " + e.getMessage());
                        return;
                    }
                } while (striking.get());
            }));
        }
        pool.shutdown();
        List<String> struck = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int s = 0; s < strikes; s++) {
                Thread.sleep(3_000 + random.nextInt(within * 1_000));
                if (pool.isTerminated()) {
                    break;                                     // every script failed: reported below
                }
                fault.strike();
                struck.add(String.format("%.0f s", (System.nanoTime() - started) / 1e9));
            }
        } finally {
            striking.set(false);
        }
        assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).as("the round's holders finished").isTrue();
        for (Future<?> script : scripts) {
            script.get();
        }
        assertThat(failures).as("holders whose operation failed (logs in %s)", topology.folder()).isEmpty();
        assertThat(struck).as("strikes that landed under load").hasSize(strikes);
        return struck;
    }
}
