package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mjpki.simulator.app.IssuanceTimeline;
import org.mjpki.simulator.load.IssuanceLoadDriver;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.webapp.RestClientForTests.Response;

/**
 * The load driver the benchmarks use, run small: holders applying side by side each get a set, and their
 * timelines are in the order the holder lives them. The simulator's timings can be switched, never to nonsense.
 */
class IssuanceLoadEndToEndTest extends EndToEndOnPostgres {

    @Test
    void holdersApplyingSideBySideEachGetASetAndTheirMomentsAreInOrder() throws Exception {
        IssuanceLoadDriver driver = new IssuanceLoadDriver(world);
        IssuanceLoadDriver.Run run = driver.run(driver.holders(4, DeviceFacts.eligibleDefault()), 4, DEADLINE);

        assertThat(run.failures()).isEmpty();
        assertThat(run.completed()).isEqualTo(4);
        for (IssuanceTimeline t : run.timelines()) {
            assertThat(t.started()).isBeforeOrEqualTo(t.submitted());
            assertThat(t.submitted()).isBeforeOrEqualTo(t.secretsTyped());
            assertThat(t.secretsTyped()).isBeforeOrEqualTo(t.secretsSet());
            assertThat(t.secretsSet()).isBeforeOrEqualTo(t.operationCheckReady());
            assertThat(t.operationCheckReady()).isBeforeOrEqualTo(t.operationCheckSubmitted());
            assertThat(t.operationCheckSubmitted()).isBeforeOrEqualTo(t.finished());
            assertThat(t.waitForCertificates().isNegative()).isFalse();
            assertThat(registry.setOfApplication(t.applicationId()).orElseThrow().state().name()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void timingsAreSwitchedByNameAndAnUnknownNameChangesNothing() {
        Response now = asOperator("GET", "/simulator/timings", null);
        assertThat(now.body().path("preset").asText()).isEqualTo("none");

        Response refused = asOperator("PUT", "/simulator/timings", "{\"preset\":\"instant\"}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(world.timings().current().name()).isEqualTo("none");

        try {
            Response seed = asOperator("PUT", "/simulator/timings", "{\"preset\":\"seed-004\"}");
            assertThat(seed.status()).as(seed.raw()).isEqualTo(200);
            assertThat(world.timings().phones().signingKeyGeneration()).isEqualTo(Duration.ofMillis(3900));
        } finally {
            asOperator("PUT", "/simulator/timings", "{\"preset\":\"none\"}");
        }
        assertThat(world.timings().current().name()).isEqualTo("none");
    }
}
