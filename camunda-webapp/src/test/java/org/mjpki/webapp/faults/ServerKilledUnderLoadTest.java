package org.mjpki.webapp.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, fault 1: the server is killed with SIGKILL at random moments while holders go through every lifecycle
 * operation — issuance, revocation, device change, lock release, linked revocation with the signing certificate
 * registered again, a lost phone held and released — and started again; the simulated world, in a process of its own,
 * keeps its phones and holders throughout (ADR 0028). Afterwards {@link Invariants} counts.
 *
 * <p>CI runs one round of 12 holders with one kill. The long run (README, "Reliability"):
 * {@code -Dmjpki.faults.rounds=5 -Dmjpki.faults.holders=100 -Dmjpki.faults.strikes=3}; {@code -Dmjpki.faults.seed=}
 * repeats a run's choices.
 */
class ServerKilledUnderLoadTest {

    @Test
    void nothingIsLostOrDoneTwiceWhenTheServerDiesMidOperation() throws Exception {
        FaultRun run = FaultRun.fromSystemProperties(getClass(), 12, 1);
        Random random = new Random(run.seed());
        try (WorldApart topology = new WorldApart(1, Lifecycles.SERVER_SETTINGS).start()) {
            List<String> kills = new ArrayList<>();
            for (int round = 1; round <= run.rounds(); round++) {
                kills.addAll(LoadUnderFaults.round(topology, run.holders(), run.parallel(), run.strikes(), 25, random, () -> {
                    topology.server(0).kill();
                    Thread.sleep(random.nextInt(3_000));
                    topology.server(0).start(WorldApart.START);
                }));
            }
            run.report("server killed (SIGKILL) and restarted at " + kills);
            new Invariants(topology).awaitSettledThenCheck(Duration.ofMinutes(5));
        }
    }
}
