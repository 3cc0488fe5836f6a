package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.revocation.OpenSslRelyingParty;

/**
 * Issue 16, fault 3: the JPKI system — the CA — is away for hours (the October 2025 outage lasted about 36 hours)
 * while holders apply. The issuances queue at the CA step and the holders are told they are delayed; no incident is
 * raised and nothing needs an operator; every personalization deadline meanwhile finds the wait for the JPKI system and
 * lets the issuance go on; CRLs and OCSP answer throughout. Within minutes of the JPKI system's return every issuance
 * completes by itself. The hours pass on the engine's clock, not by waiting.
 *
 * <p>CI: 3 holders, 6 hours. Long: {@code -Dmjpki.faults.holders=20 -Dmjpki.faults.outage-hours=36} (README, "Reliability").
 */
class JpkiSystemAwayEndToEndTest extends EndToEndOnPostgres {

    private static final int HOLDERS = Integer.getInteger("mjpki.faults.holders", 3);
    private static final int HOURS = Integer.getInteger("mjpki.faults.outage-hours", 6);

    @Test
    void issuancesQueueWhileTheJpkiSystemIsAwayAndCompleteByThemselvesWhenItIsBack() throws Exception {
        // what relying parties check throughout: a set issued before the outage
        SimulatedHolder before = newHolder();
        assertThat(world.app().issue(before, DEADLINE).stage()).isEqualTo("COMPLETED");
        X509Certificate issued = OpenSslRelyingParty.x509(registry.key(registry.liveSetOf(before.card().holder().holderRef())
                .orElseThrow().credentialSetId(), KeyRole.SIGNING).orElseThrow().certificate());
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        // the holders have their cards already (the town halls' card office is the JPKI system too)
        List<SimulatedHolder> holders = new ArrayList<>();
        for (int i = 0; i < HOLDERS; i++) {
            holders.add(newHolder());
        }
        Instant clock = Instant.now();
        world.caFaults().beginOutage();
        List<CompletableFuture<ApplicationStatus>> issuances = new ArrayList<>();
        List<String> applications = new ArrayList<>();
        try {
            for (SimulatedHolder holder : holders) {
                String applicationId = world.app().apply(holder).applicationId();
                applications.add(applicationId);
                // the holder's app goes on as far as it can and waits, as long as it takes
                issuances.add(CompletableFuture.supplyAsync(() -> world.app().complete(holder, applicationId,
                        Instant.now().plus(Duration.ofMinutes(10)))));
            }
            for (String applicationId : applications) {
                JsonNode delayed = awaitAppStatus(applicationId, "told it is delayed, its password and PIN set",
                        s -> s.path("delayed").asBoolean() && !"SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));
                assertThat(delayed.path("stage").asText()).isEqualTo("PREPARING_CERTIFICATES");
            }
            // verification never waits on the issuing path
            assertThat(relyingParty.ocsp(issued)).contains(": good");
            assertThat(relyingParty.verifyWithCrl(issued)).contains(": OK");

            // the hours pass: every deadline of every personalization (PT30M) comes and lets it go on
            for (int period = 1; period <= 2 * HOURS; period++) {
                clock = clock.plus(Duration.ofMinutes(30)).plusSeconds(1);
                ClockUtil.setCurrentTime(Date.from(clock));
                Instant now = clock;
                poll("the deadlines due by " + now + " checked", () -> applications.stream().allMatch(this::noDeadlineDueOrChecking),
                        done -> done);
                for (String applicationId : applications) {
                    assertThat(runningInstance(applicationId)).as("period %d: %s still running", period, applicationId).isNotNull();
                }
            }
            for (String applicationId : applications) {
                assertThat(incidentsOf(applicationId)).as("no incident for %s", applicationId).isZero();
                assertThat(appStatus(applicationId).path("delayed").asBoolean()).isTrue();
            }
            assertThat(world.caFaults().turnedAway()).as("the CA steps kept asking").isGreaterThanOrEqualTo(2 * HOLDERS);
        } finally {
            world.caFaults().endOutage();
        }
        try {
            // back: a waiting step asks again within a minute of engine time; nobody does anything
            ClockUtil.setCurrentTime(Date.from(clock.plusSeconds(61)));
            for (CompletableFuture<ApplicationStatus> issuance : issuances) {
                ApplicationStatus done = issuance.get(5, TimeUnit.MINUTES);
                assertThat(done.stage()).as(done.toString()).isEqualTo("COMPLETED");
            }
            for (String applicationId : applications) {
                assertThat(incidentsOf(applicationId)).isZero();
            }
        } finally {
            ClockUtil.reset();
        }
    }

    /** No personalization deadline of the application is due without having been checked, and none is being checked. */
    private boolean noDeadlineDueOrChecking(String applicationId) {
        var instance = runningInstance(applicationId);
        if (instance == null) {
            return true;
        }
        boolean due = management.createJobQuery().processInstanceId(instance.getId()).timers()
                .activityId(org.mjpki.processes.issuance.IssuanceProcess.Elements.TIMER_PERSONALIZATION_DEADLINE)
                .duedateLowerThan(ClockUtil.getCurrentTime()).count() > 0;
        boolean checking = externalTasks.createExternalTaskQuery().processInstanceId(instance.getId())
                .activityId(org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_CHECK_PERSONALIZATION_DEADLINE).count() > 0;
        return !due && !checking;
    }

    private long incidentsOf(String applicationId) {
        var instance = runningInstance(applicationId);
        return runtime.createIncidentQuery().processInstanceId(instance == null ? "none" : instance.getId()).count()
                + history.createHistoricIncidentQuery().processInstanceId(instance == null ? "none" : instance.getId()).count();
    }
}
