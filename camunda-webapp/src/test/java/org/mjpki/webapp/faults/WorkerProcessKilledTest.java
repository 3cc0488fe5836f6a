package org.mjpki.webapp.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, fault 2: the workers run apart in two processes (ADR 0013), and one is killed with SIGKILL in the middle of
 * its tasks while holders go through every lifecycle operation. The other takes the dead one's tasks once their locks
 * run out; no side effect happens twice ({@link Invariants}: no certificate the registry does not know, every phone's
 * keys its certificates'). The killed one is started again for the next strike.
 *
 * <p>CI: one round of 8 holders, one kill. Long: {@code -Dmjpki.faults.rounds=5 -Dmjpki.faults.holders=100
 * -Dmjpki.faults.strikes=3} (README, "Reliability").
 */
class WorkerProcessKilledTest {

    @Test
    void anotherWorkerProcessFinishesWhatTheKilledOneHadStarted() throws Exception {
        FaultRun run = FaultRun.fromSystemProperties(getClass(), 8, 1);
        Random random = new Random(run.seed());
        try (WorldApart topology = new WorldApart(1, 2, Lifecycles.SERVER_SETTINGS, null).start()) {
            List<String> kills = new ArrayList<>();
            for (int round = 1; round <= run.rounds(); round++) {
                kills.addAll(LoadUnderFaults.round(topology, run.holders(), run.parallel(), run.strikes(), 25, random, () -> {
                    MjpkiProcess victim = topology.workers(random.nextInt(2));
                    if (!victim.alive()) {
                        victim = topology.workers(0).alive() ? topology.workers(0) : topology.workers(1);
                    }
                    if (!victim.alive()) {
                        return;
                    }
                    victim.kill();
                    MjpkiProcess killed = victim;
                    // back some time later, as an operator's supervisor would start it; the other carries on meanwhile
                    Thread restart = new Thread(() -> {
                        try {
                            Thread.sleep(20_000 + random.nextInt(20_000));
                            if (!killed.alive()) {
                                killed.start(WorldApart.START);
                            }
                        } catch (IllegalStateException refused) {
                            if (!killed.closed()) {
                                throw refused;
                            } // else the test ended first: the topology is closed and refuses the start
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "restart-" + killed.name());
                    restart.setDaemon(true);
                    restart.start();
                }));
            }
            run.report("a worker process killed (SIGKILL) at " + kills);
            new Invariants(topology).awaitSettledThenCheck(Duration.ofMinutes(5));
        }
    }
}
