package org.mjpki.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The periodic jobs on Quartz's clustered JDBC store in its own schema, on real PostgreSQL. */
@SpringBootTest(classes = SchedulerTestApplication.class, properties = {
        "spring.quartz.job-store-type=jdbc", "spring.quartz.jdbc.initialize-schema=never", "spring.flyway.enabled=false"})
class ScheduledJobsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
    }

    @Autowired Scheduler scheduler;
    @Autowired CredentialRegistry registry;
    @Autowired JdbcTemplate jdbc;

    @Test
    void theJobStoreLivesInTheQuartzSchemaAndIsClustered() throws Exception {
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM quartz.qrtz_job_details WHERE job_name = 'credential-expiry'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void expiresACredentialWhoseCardCertificateEnded() throws Exception {
        String ended = activeCredential(Instant.now().minus(1, ChronoUnit.DAYS));
        String current = activeCredential(Instant.now().plus(365, ChronoUnit.DAYS));

        scheduler.triggerJob(JobKey.jobKey("credential-expiry", "mjpki"));

        long deadline = System.currentTimeMillis() + 30_000;
        while (registry.credential(ended).orElseThrow().state() != CredentialState.EXPIRED
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(registry.credential(ended).orElseThrow().state()).isEqualTo(CredentialState.EXPIRED);
        assertThat(registry.credential(current).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Autowired CountingCrlPublisher crlPublisher;

    @Test
    void republishesTheCrlsOnSchedule() throws Exception {
        int before = crlPublisher.calls.get();
        scheduler.triggerJob(JobKey.jobKey("crl-republication", "mjpki"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (crlPublisher.calls.get() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(crlPublisher.calls.get()).isEqualTo(before + 1);
        assertThat(scheduler.getTriggersOfJob(JobKey.jobKey("crl-republication", "mjpki"))).hasSize(1);
    }

    private String activeCredential(Instant cardNotAfter) {
        String id = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(id, "se-" + id, "nonce-" + id, Instant.now().plusSeconds(600),
                new byte[] {1}, "token", Instant.now(), null, null));
        registry.recordVerifiedHolder(id, "holder-" + id, cardNotAfter);
        registry.reserveSlot(id);
        registry.moveTo(id, CredentialState.PERSONALIZING, "test");
        registry.moveTo(id, CredentialState.ACTIVE, "test");
        return id;
    }
}
