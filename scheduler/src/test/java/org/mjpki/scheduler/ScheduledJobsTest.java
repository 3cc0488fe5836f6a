package org.mjpki.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.CrlService;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.lifecycle.Actor;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.Cause;
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

/**
 * The periodic jobs on Quartz's clustered JDBC store in its own schema, on real PostgreSQL, driving what they drive
 * in the application: the credential registry and the embedded CA.
 */
@SpringBootTest(classes = SchedulerTestApplication.class, properties = {
        "spring.quartz.job-store-type=jdbc", "spring.quartz.jdbc.initialize-schema=never", "spring.flyway.enabled=false",
        // only the tests' own firings run: a scheduled one in between would change the counts they check
        "mjpki.scheduler.expiry-cron=0 0 0 1 1 ? 2099", "mjpki.scheduler.crl-republication-cron=0 0 0 1 1 ? 2099",
        "mjpki.scheduler.expiry-reminder-cron=0 0 0 1 1 ? 2099", "mjpki.scheduler.follow-up-cron=0 0 0 1 1 ? 2099",
        "mjpki.scheduler.reconciliation-cron=0 0 0 1 1 ? 2099",
        "mjpki.ca.card.crl-partitions=2", "mjpki.ca.smartphone.crl-partitions=4",
        // an offline phone is asked again after a second, and given up after four
        "mjpki.scheduler.delete-recheck=PT1S", "mjpki.linked-revocation.delete-period=PT4S"})
class ScheduledJobsTest {

    @TempDir
    static Path caDataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
        registry.add("mjpki.ca.data-dir", caDataDir::toString);
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

    /** Issue 16: the proof of one run per schedule on one node is a row per run, with its schedule time and node. */
    @Test
    void everyRunIsRecordedWithTheScheduleItFiredForAndItsNode() throws Exception {
        String countRuns = "SELECT COUNT(*) FROM quartz.mjpki_job_run WHERE job_name = 'linked-reconciliation'";
        long before = jdbc.queryForObject(countRuns, Long.class);
        Instant asked = Instant.now().minusSeconds(1);

        scheduler.triggerJob(JobKey.jobKey("linked-reconciliation", "mjpki"));

        long deadline = System.currentTimeMillis() + 30_000;
        while (jdbc.queryForObject(countRuns, Long.class) == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Map<String, Object> run = jdbc.queryForMap("SELECT scheduled_fire_time, fired_at, instance_id FROM quartz.mjpki_job_run"
                + " WHERE job_name = 'linked-reconciliation' ORDER BY fired_at DESC LIMIT 1");
        assertThat(jdbc.queryForObject(countRuns, Long.class)).as("one row for the one run").isEqualTo(before + 1);
        assertThat(run.get("instance_id")).isEqualTo(scheduler.getSchedulerInstanceId());
        assertThat(((java.sql.Timestamp) run.get("scheduled_fire_time")).toInstant()).isAfter(asked);
        assertThat(((java.sql.Timestamp) run.get("fired_at")).toInstant()).isAfter(asked);
    }

    @Test
    void expiresACredentialWhoseCardCertificateEnded() throws Exception {
        String ended = activeCredential(Instant.now().minus(1, ChronoUnit.DAYS));
        String current = activeCredential(Instant.now().plus(365, ChronoUnit.DAYS));

        scheduler.triggerJob(JobKey.jobKey("credential-expiry", "mjpki"));

        long deadline = System.currentTimeMillis() + 30_000;
        while (registry.set(ended).orElseThrow().state() != CredentialState.EXPIRED
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(registry.set(ended).orElseThrow().state()).isEqualTo(CredentialState.EXPIRED);
        assertThat(registry.set(current).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Autowired CrlService crls;
    @Autowired CertificateAuthority ca;

    @Test
    void theRepublicationJobRepublishesEveryCrlOfTheRealCa() throws Exception {
        CrlScope scope = new CrlScope(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE, 1);
        PublishedCrl first = crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
        Map<String, Long> before = crlNumbers();
        assertThat(before).hasSize(2 * (2 + 4));                     // 2 CAs x (2 card + 4 smartphone partitions)
        // CRL times are whole seconds: let one pass, so that the republished CRL's dates must differ
        while (Instant.now().getEpochSecond() <= first.thisUpdate().getEpochSecond()) {
            Thread.sleep(20);
        }

        scheduler.triggerJob(JobKey.jobKey("crl-republication", "mjpki"));

        long deadline = System.currentTimeMillis() + 60_000;
        while (!crlNumbers().entrySet().stream().allMatch(e -> e.getValue() >= before.get(e.getKey()) + 2)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        // one run: a complete and a delta CRL for every partition of both CAs, one number each
        assertThat(crlNumbers()).allSatisfy((key, number) -> assertThat(number).as(key).isEqualTo(before.get(key) + 2));
        PublishedCrl republished = crls.current(scope, PublishedCrl.Kind.FULL).orElseThrow();
        assertThat(republished.crlNumber()).isGreaterThan(first.crlNumber());
        assertThat(republished.nextUpdate()).isAfter(first.nextUpdate());
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(republished.der()));
        crl.verify(ca.caCertificates().get(0).getPublicKey());
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(republished.nextUpdate());
        // triggerJob adds a one-shot trigger that Quartz removes once its firing is done, a moment after the job's
        // work is visible: only the job's own schedule stays
        while (scheduler.getTriggersOfJob(JobKey.jobKey("crl-republication", "mjpki")).size() > 1
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(scheduler.getTriggersOfJob(JobKey.jobKey("crl-republication", "mjpki")))
                .extracting(t -> t.getKey().getName()).containsExactly("crl-republication");
    }

    @Autowired SchedulerTestApplication.RecordingPushService push;

    @Test
    void remindsOnceInTheNearestWindowAndPushesAgainWhatFailed() throws Exception {
        String soon = activeCredential(Instant.now().plus(20, ChronoUnit.DAYS));     // in the 30-day window
        String later = activeCredential(Instant.now().plus(60, ChronoUnit.DAYS));    // in the 90-day window
        String far = activeCredential(Instant.now().plus(200, ChronoUnit.DAYS));     // in none
        String failing = activeCredential(Instant.now().plus(3, ChronoUnit.DAYS));   // in the 7-day window
        push.unreachable.add(registry.set(failing).orElseThrow().seId());

        runReminders(() -> !pushesTo(soon).isEmpty() && !pushesTo(later).isEmpty());

        assertThat(pushesTo(soon)).extracting(SchedulerTestApplication.RecordingPushService.Push::notificationId)
                .containsExactly("expiry-reminder/" + soon + "/30");
        assertThat(pushesTo(later)).extracting(SchedulerTestApplication.RecordingPushService.Push::notificationId)
                .containsExactly("expiry-reminder/" + later + "/90");
        assertThat(pushesTo(soon)).extracting(SchedulerTestApplication.RecordingPushService.Push::notification)
                .containsExactly(org.mjpki.lifecycle.port.HolderNotification.CREDENTIAL_EXPIRY_REMINDER);
        assertThat(pushesTo(far)).isEmpty();
        assertThat(pushesTo(failing)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM registry.expiry_reminder WHERE credential_set_id = ? AND sent_at IS NULL",
                Integer.class, failing)).as("claimed, not sent").isEqualTo(1);

        // the push service is back: the next run sends what failed, and nothing twice
        push.unreachable.clear();
        runReminders(() -> !pushesTo(failing).isEmpty());
        assertThat(pushesTo(failing)).extracting(SchedulerTestApplication.RecordingPushService.Push::notificationId)
                .containsExactly("expiry-reminder/" + failing + "/7");
        assertThat(pushesTo(soon)).hasSize(1);
        assertThat(pushesTo(later)).hasSize(1);
    }

    @Autowired SchedulerTestApplication.RecordingSeiTsm tsm;
    @Autowired org.mjpki.registry.followup.HolderFollowUpQueue followUps;

    @Test
    void anExpiredSetsPhoneIsToldThroughTheFollowUpQueueOnce() throws Exception {
        String ended = activeCredential(Instant.now().minus(1, ChronoUnit.DAYS));
        scheduler.triggerJob(JobKey.jobKey("credential-expiry", "mjpki"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (registry.set(ended).orElseThrow().state() != CredentialState.EXPIRED && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(registry.set(ended).orElseThrow().state()).isEqualTo(CredentialState.EXPIRED);

        runFollowUps(() -> !pushesTo(ended).isEmpty());
        runFollowUps(() -> true);
        assertThat(pushesTo(ended)).extracting(SchedulerTestApplication.RecordingPushService.Push::notification)
                .containsExactly(org.mjpki.lifecycle.port.HolderNotification.CREDENTIAL_SET_EXPIRED);
        assertThat(pushesTo(ended).get(0).notificationId()).isEqualTo("follow-up/push/expiry/" + ended + "/" + ended);
    }

    @Test
    void aRemoteDeleteWaitsForAnOfflinePhoneAndIsLeftOnItAfterTheDeletePeriod() throws Exception {
        String online = activeCredential(Instant.now().plus(365, ChronoUnit.DAYS));
        String comesBack = activeCredential(Instant.now().plus(365, ChronoUnit.DAYS));
        String gone = activeCredential(Instant.now().plus(365, ChronoUnit.DAYS));
        for (String set : java.util.List.of(online, comesBack, gone)) {
            registry.recordAppletState(set, org.mjpki.registry.AppletState.INSTALLED, Cause.of(Actor.SYSTEM, set, "test"));
            followUps.queue(set, org.mjpki.registry.followup.HolderFollowUp.Kind.DELETE_APPLET, "linked/" + set, null);
        }
        tsm.offline.add(registry.set(comesBack).orElseThrow().seId());
        tsm.offline.add(registry.set(gone).orElseThrow().seId());

        runFollowUps(() -> applet(online) == org.mjpki.registry.AppletState.DELETED
                && applet(comesBack) == org.mjpki.registry.AppletState.DELETE_PENDING);
        assertThat(applet(gone)).isEqualTo(org.mjpki.registry.AppletState.DELETE_PENDING);

        tsm.offline.remove(registry.set(comesBack).orElseThrow().seId());
        Thread.sleep(1_100); // the recheck
        runFollowUps(() -> applet(comesBack) == org.mjpki.registry.AppletState.DELETED);

        Thread.sleep(4_000); // the delete period
        runFollowUps(() -> applet(gone) == org.mjpki.registry.AppletState.LEFT_ON_PHONE);
        long asked = tsm.deletes.stream().filter(registry.set(online).orElseThrow().seId()::equals).count();
        runFollowUps(() -> true);
        assertThat(tsm.deletes.stream().filter(registry.set(online).orElseThrow().seId()::equals).count())
                .as("a done follow-up is not asked again").isEqualTo(asked).isEqualTo(1);
    }

    @Test
    void theWeeklyReconciliationHandsTheSweepALinkToACardCertificateTheCaNeverIssued() throws Exception {
        // these test sets link to made-up card serials the CA has no record of (a restored backup would do the same)
        String set = activeCredential(Instant.now().plus(365, ChronoUnit.DAYS));
        jdbc.update("INSERT INTO registry.credential_set_key (credential_set_id, key_role, public_key) VALUES (?, 'SIGNING', ?)",
                set, new byte[] {1});
        JobKey job = JobKey.jobKey("linked-reconciliation", "mjpki");
        scheduler.triggerJob(job);
        long deadline = System.currentTimeMillis() + 30_000;
        while (findings(set) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(findings(set)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT card_reason FROM registry.linked_revocation WHERE credential_set_id = ?",
                String.class, set)).isEqualTo("NOT_ON_RECORD");
        assertThat(registry.set(set).orElseThrow().state()).as("it revokes nothing itself").isEqualTo(CredentialState.ACTIVE);
    }

    private int findings(String setId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM registry.linked_revocation WHERE credential_set_id = ?", Integer.class, setId);
    }

    private org.mjpki.registry.AppletState applet(String setId) {
        return registry.set(setId).orElseThrow().appletState();
    }

    private void runFollowUps(java.util.function.BooleanSupplier done) throws Exception {
        runJob("holder-follow-ups", done);
    }

    private java.util.List<SchedulerTestApplication.RecordingPushService.Push> pushesTo(String setId) {
        String seId = registry.set(setId).orElseThrow().seId();
        return push.pushes.stream().filter(p -> p.seId().equals(seId)).toList();
    }

    private void runReminders(java.util.function.BooleanSupplier done) throws Exception {
        runJob("expiry-reminder", done);
    }

    /** Fires the job {@code name} once and waits until {@code done} holds and the firing is over. */
    private void runJob(String name, java.util.function.BooleanSupplier done) throws Exception {
        JobKey job = JobKey.jobKey(name, "mjpki");
        scheduler.triggerJob(job);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        while ((scheduler.getTriggersOfJob(job).size() > 1 || !scheduler.getCurrentlyExecutingJobs().isEmpty())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(done.getAsBoolean()).as("the %s run did its work", name).isTrue();
    }

    /** Every partition's last CRL number, as the CA's database has it. */
    private Map<String, Long> crlNumbers() {
        Map<String, Long> numbers = new TreeMap<>();
        jdbc.query("SELECT issuing_ca, medium, crl_partition, last_crl_number FROM ca.crl_scope",
                rs -> { numbers.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3), rs.getLong(4)); });
        return numbers;
    }

    private String activeCredential(Instant cardNotAfter) {
        String id = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(id, "se-" + id, "nonce-" + id, Instant.now().plusSeconds(600),
                new byte[] {1}, "token", Instant.now()));
        registry.recordVerifiedHolder(id, "holder-" + id, cardNotAfter,
                new CardCertificateLink("SIGNING", java.math.BigInteger.valueOf(Math.abs(id.hashCode()) + 1L)));
        Cause test = Cause.of(Actor.HOLDER, id, "test");
        String set = registry.reserveSlot(id, null, test).credentialSetId();
        registry.moveTo(set, CredentialState.PERSONALIZING, test);
        registry.moveTo(set, CredentialState.ACTIVE, test);
        return set;
    }
}
