package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 16, fault 5: two engine nodes on one PostgreSQL (Camunda's homogeneous cluster, Quartz clustered) and a worker
 * process; one node is killed with SIGKILL while holders go through every lifecycle operation, and not started again.
 * The other node completes everything ({@link Invariants}); every Quartz job ran once per schedule, on one node — the
 * follow-up job every ten seconds here, so that a run sees many schedules on both nodes and across the kill.
 *
 * <p>The world's app and the test's call-center staff use the first node, as they would a load balancer's address; the
 * second is the one killed. CI: one round of 8 holders. Long: {@code -Dmjpki.faults.rounds=5 -Dmjpki.faults.holders=100}.
 */
class EngineNodeKilledTest {

    @Test
    void theOtherNodeCompletesEverythingAndEveryJobRunsOncePerSchedule() throws Exception {
        FaultRun run = FaultRun.fromSystemProperties(getClass(), 8, 1);
        Random random = new Random(run.seed());
        List<String> settings = new ArrayList<>(Lifecycles.SERVER_SETTINGS);
        settings.add("--mjpki.scheduler.follow-up-cron=0/10 * * * * ?");
        try (WorldApart topology = new WorldApart(2, 1, settings, null).start()) {
            List<String> kills = new ArrayList<>();
            for (int round = 1; round <= run.rounds(); round++) {
                kills.addAll(LoadUnderFaults.round(topology, run.holders(), run.parallel(), run.strikes(), 25, random, () -> {
                    if (topology.server(1).alive()) {
                        topology.server(1).kill();
                    }
                }));
            }
            run.report("the second engine node killed (SIGKILL) at " + kills);
            new Invariants(topology).awaitSettledThenCheck(Duration.ofMinutes(5));

            JdbcTemplate sql = new JdbcTemplate(new DriverManagerDataSource(topology.database().jdbcUrl(),
                    topology.database().username(), topology.database().password()));
            // the surviving node keeps the schedule: at least four runs of the 10 s job however fast the load went
            org.awaitility.Awaitility.await("the follow-up job ran on its schedule").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> sql.queryForObject("SELECT COUNT(*) FROM quartz.mjpki_job_run WHERE job_name = 'holder-follow-ups'",
                            Long.class) > 3);
            assertThat(sql.queryForList("""
                    SELECT job_name || ' ' || scheduled_fire_time FROM quartz.mjpki_job_run
                     GROUP BY job_name, scheduled_fire_time HAVING COUNT(*) > 1
                    """, String.class)).as("schedules a job ran more than once for").isEmpty();
        }
    }
}
