package org.mjpki.webapp.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mjpki.testsupport.PostgresTestDatabase;

/**
 * Issue 16, fault 4: PostgreSQL restarts under load — every connection of the server and its workers cut at once, new
 * ones refused for some seconds ({@link DatabaseOutages}) — while holders go through every lifecycle operation. The
 * server and its workers recover by themselves, with nobody restarting them; nothing is lost or done twice
 * ({@link Invariants}).
 *
 * <p>CI: one round of 8 holders, one restart. Long: {@code -Dmjpki.faults.rounds=5 -Dmjpki.faults.holders=100
 * -Dmjpki.faults.strikes=3} (README, "Reliability").
 */
class DatabaseRestartedUnderLoadTest {

    @Test
    void theServerAndItsWorkersRecoverByThemselvesAndNothingIsLostOrDoubled() throws Exception {
        FaultRun run = FaultRun.fromSystemProperties(getClass(), 8, 1);
        Random random = new Random(run.seed());
        PostgresTestDatabase database = PostgresTestDatabase.fresh();
        try (DatabaseOutages outages = new DatabaseOutages(database.jdbcUrl());
             WorldApart topology = new WorldApart(database, 1, 0, Lifecycles.SERVER_SETTINGS, outages.relayed(database.jdbcUrl())).start()) {
            List<String> restarts = new ArrayList<>();
            for (int round = 1; round <= run.rounds(); round++) {
                restarts.addAll(LoadUnderFaults.round(topology, run.holders(), run.parallel(), run.strikes(), 25, random,
                        () -> outages.restart(Duration.ofSeconds(3 + random.nextInt(10)))));
            }
            run.report("the database restarted (connections cut, refused 3-12 s) at " + restarts);
            new Invariants(topology).awaitSettledThenCheck(Duration.ofMinutes(5));
        }
    }
}
