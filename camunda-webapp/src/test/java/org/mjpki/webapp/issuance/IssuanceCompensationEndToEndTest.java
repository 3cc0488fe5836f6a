package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_APPLICATION_ABANDONED;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_ISSUANCE_ROLLED_BACK;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_AWAIT_HOLDER_SECRETS;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_DELETE_APPLET;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_NOTIFY_HOLDER_OF_ABANDONMENT;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_NOTIFY_HOLDER_OF_ROLLBACK;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_RELEASE_CREDENTIAL_SLOT;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TIMER_HOLDER_INPUT_EXPIRED;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.registry.CredentialSet;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.RestClientForTests;

/**
 * Issuances that stop after the applet was installed and certificates were issued: the process compensates
 * exactly what was done (revoke at the CA, delete the applet, free the slot), so nothing is left behind, and then
 * tells the holder's app that the issuance was cancelled.
 */
class IssuanceCompensationEndToEndTest extends EndToEndOnPostgres {

    @AfterEach
    void disarmFaults() {
        world.caFaults().clear();
    }

    @Test
    void holderWhoNeverSetsThePasswordAndPinIsAbandonedAndMayApplyAgain() {
        SimulatedHolder holder = newHolder();
        String applicationId = world.app().apply(holder).applicationId();

        // the server asks the holder for the secrets while it prepares the certificates (R11) ...
        JsonNode asking = awaitAppStatus(applicationId, "asks for the password and PIN",
                s -> "SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));
        assertThat(asking.path("stage").asText()).isEqualTo("PREPARING_CERTIFICATES");
        // ... and finishes both certificates, so that only the holder's input is missing
        ProcessInstance instance = runningInstance(applicationId);
        poll("only the holder's input is awaited", () -> runtime.getActiveActivityIds(instance.getId()),
                active -> active.equals(List.of(TASK_AWAIT_HOLDER_SECRETS)));
        assertThat(keysWithCertificates(applicationId)).hasSize(2);
        for (KeyRole role : KeyRole.values()) {
            assertThat(caStatus(applicationId, role).orElseThrow().state()).isEqualTo(CertificateStatus.State.GOOD);
        }
        assertThat(holder.phone().appletInstalled()).isTrue();

        // time travel: the holder-input timer is due in 15 minutes; the engine runs its job now
        Job timer = management.createJobQuery().processInstanceId(instance.getId()).timers()
                .activityId(TIMER_HOLDER_INPUT_EXPIRED).singleResult();
        assertThat(timer).as("the holder-input timer is waiting").isNotNull();
        assertThat(timer.getDuedate().toInstant()).isBetween(Instant.now().plus(Duration.ofMinutes(14)),
                Instant.now().plus(Duration.ofMinutes(16)));
        management.executeJob(timer.getId());

        JsonNode outcome = awaitOutcome(applicationId);
        assertStatus(outcome, "CANCELLED", "HOLDER_INPUT_TIMED_OUT");
        HistoricProcessInstance ended = assertEndedIn(applicationId, END_EVENT_APPLICATION_ABANDONED);
        assertThat(visited(ended.getId(), TASK_DELETE_APPLET)).isTrue();
        assertThat(visited(ended.getId(), TASK_RELEASE_CREDENTIAL_SLOT)).isTrue();
        assertThat(visited(ended.getId(), TASK_NOTIFY_HOLDER_OF_ABANDONMENT)).isTrue();
        assertLeftNothingBehind(applicationId, holder, 2);
        assertThat(holder.phone().inbox()).as("the holder's app is told, and told once")
                .containsExactly(HolderNotification.ISSUANCE_CANCELLED);

        // the holder's late report is turned away; nothing changes
        RestClientForTests.Response late = app().post("/api/v1/applications/" + applicationId + "/holder-secrets", "{}");
        assertThat(late.status()).as(late.raw()).isEqualTo(409);

        // the slot is free again: the same person (same card) applies again, on the same phone, and gets a set;
        // the applet deleted by the compensation is installed afresh
        ApplicationStatus again = world.app().issue(holder, DEADLINE);
        assertThat(again.stage()).isEqualTo("COMPLETED");
        assertEndedIn(again.applicationId(), END_EVENT_CREDENTIAL_ACTIVE);
        assertThat(registry.liveSetOf(holder.card().holder().holderRef()).orElseThrow().applicationId())
                .isEqualTo(again.applicationId());
        assertThat(holder.phone().appletInstalled()).isTrue();
        assertThat(holder.phone().inbox()).containsExactly(HolderNotification.ISSUANCE_CANCELLED,
                HolderNotification.ISSUANCE_COMPLETED);
    }

    @Test
    void caRefusingTheSecondCertificateRollsTheWholeIssuanceBack() {
        SimulatedHolder holder = newHolder();
        String holderRef = holder.card().holder().holderRef();
        // the JPKI system issues the first certificate of this holder's set and refuses the second
        world.caFaults().refuseSmartphoneCertificateAfter(holderRef, 1);

        // the holder is still typing when the refusal comes (the secrets would go to an applet being deleted)
        String applicationId = world.app().apply(holder).applicationId();
        assertStatus(awaitOutcome(applicationId), "CANCELLED", "ISSUANCE_FAILED");
        assertThat(world.caFaults().refusals()).isEqualTo(1);

        HistoricProcessInstance ended = assertEndedIn(applicationId, END_EVENT_ISSUANCE_ROLLED_BACK);
        assertThat(historicVariable(ended.getId(), Variables.FAILURE_CODE)).isEqualTo(Errors.CERTIFICATE_REFUSED);
        assertLeftNothingBehind(applicationId, holder, 1);
        assertThat(visited(ended.getId(), TASK_NOTIFY_HOLDER_OF_ROLLBACK)).isTrue();
        assertThat(holder.phone().inbox()).as("the holder's app is told, and told once")
                .containsExactly(HolderNotification.ISSUANCE_CANCELLED);
        assertThat(registry.liveSetOf(holderRef)).isEmpty();
    }

    /**
     * The slot is released (ABANDONED), the applet deleted from the phone, and every certificate the CA issued
     * for this application ({@code issued} of them) revoked at the CA; nothing else was ever issued to the holder.
     */
    private void assertLeftNothingBehind(String applicationId, SimulatedHolder holder, int issued) {
        CredentialSet credential = registry.setOfApplication(applicationId).orElseThrow();
        assertThat(credential.state()).isEqualTo(CredentialState.ABANDONED);
        assertThat(credential.appletState()).isEqualTo(AppletState.DELETED);
        assertThat(registry.transitions(registry.setOfApplication(applicationId).orElseThrow().credentialSetId())).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.SET).extracting(t -> t.to())
                .containsExactly("RESERVED", "PERSONALIZING", "ABANDONED");
        assertThat(holder.phone().appletInstalled()).as("applet deleted from the phone").isFalse();
        assertThat(holder.phone().deletePending()).isFalse();

        List<CredentialKey> certified = keysWithCertificates(applicationId);
        assertThat(certified).hasSize(issued);
        for (CredentialKey key : certified) {
            CertificateStatus status = caStatus(applicationId, key.role()).orElseThrow();
            assertThat(status.state()).as(key.role() + " certificate at the CA").isEqualTo(CertificateStatus.State.REVOKED);
            assertThat(status.reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        }
        assertThat(smartphoneCertificatesIssuedTo(holder.card().holder().holderRef())).isEqualTo(issued);
        assertThat(sql().queryForObject("select count(*) from ca.certificate where holder_ref = ? and medium = 'SMARTPHONE'"
                + " and status <> 'REVOKED'", Long.class, holder.card().holder().holderRef())).isZero();
    }
}
