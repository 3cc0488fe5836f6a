package org.mjpki.webapp.devicechange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.devicechange.DeviceChangeProcess;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.RevocationRequest;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.revocation.OpenSslRelyingParty;

/**
 * Device change (機種変更, R2, R8) through the app API only, on PostgreSQL: the holder applies on a new phone with the
 * card and consent; the old set is revoked first (OCSP and CRL at the certificates' URLs, checked with OpenSSL), the
 * new set issued in parallel with the old phone's remote delete, the lineage recorded; the old phone offline or never
 * back; no consent; concurrent changes; a failed new issuance; re-issuance on the same phone; and refusals.
 */
class DeviceChangeEndToEndTest extends EndToEndOnPostgres {

    @AfterEach
    void disarmFaults() {
        world.caFaults().clear();
    }

    private SimulatedMynaportalApp phoneApp() {
        return world.app();
    }

    private SimulatedHolder issuedHolder() {
        SimulatedHolder holder = newHolder();
        assertThat(phoneApp().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        return holder;
    }

    private CredentialSet setOf(SimulatedHolder holder) {
        return registry.set(holder.credentialSetId().orElseThrow()).orElseThrow();
    }

    private String holderRef(SimulatedHolder holder) {
        return holder.card().holder().holderRef();
    }

    @Test
    void theSetMovesToTheNewPhoneAndTheOldOneIsRevokedAndWiped() throws Exception {
        SimulatedHolder onA = issuedHolder();
        CredentialSet old = setOf(onA);
        List<CredentialKey> oldKeys = registry.keys(old.credentialSetId());
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());

        ApplicationStatus done = phoneApp().changeDevice(onB, DEADLINE);

        assertThat(done.stage()).as(done.toString()).isEqualTo("COMPLETED");
        JsonNode status = appStatus(done.applicationId());
        assertThat(status.path("replacesCredentialSetId").asText()).isEqualTo(old.credentialSetId());
        // the old set: revoked by this application's case, with the holder's reason, both certificates at the CA
        CredentialSet revoked = registry.set(old.credentialSetId()).orElseThrow();
        assertThat(revoked.state()).isEqualTo(CredentialState.REVOKED);
        assertThat(revoked.revocationCaseId()).isEqualTo(done.applicationId());
        assertThat(registry.transitions(old.credentialSetId())).filteredOn(t -> "REVOKED".equals(t.to())).singleElement()
                .satisfies(t -> {
                    assertThat(t.actor()).isEqualTo(Actor.HOLDER);
                    assertThat(t.caseId()).isEqualTo(done.applicationId());
                    assertThat(t.reason()).contains("CESSATION_OF_OPERATION");
                });
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        for (CredentialKey key : oldKeys) {
            assertThat(ca.status(ref(key)).reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
            X509Certificate certificate = OpenSslRelyingParty.x509(key.certificate());
            assertThat(relyingParty.ocsp(certificate)).contains("Cert Status: revoked").contains("cessationOfOperation");
            assertThat(relyingParty.verifyWithCrl(certificate)).contains("certificate revoked");
        }
        // the old phone: told, and its applet deleted
        poll("the old applet deleted", () -> registry.set(old.credentialSetId()).orElseThrow().appletState(),
                s -> s == AppletState.DELETED);
        assertThat(onA.phone().appletInstalled()).isFalse();
        assertThat(onA.phone().inbox()).contains(HolderNotification.CREDENTIAL_SET_REVOKED);

        // the new phone: a working set, linked to the same card certificate, replacing the old one
        CredentialSet fresh = setOf(onB);
        assertThat(fresh.state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(fresh.seId()).isEqualTo(onB.phone().seId());
        assertThat(fresh.replacesSetId()).isEqualTo(old.credentialSetId());
        assertThat(fresh.cardCertificate()).isEqualTo(old.cardCertificate()).isNotNull();
        assertThat(registry.liveSetOf(holderRef(onA)).orElseThrow().credentialSetId()).isEqualTo(fresh.credentialSetId());
        assertThat(registry.liveSetsLinkedTo(fresh.cardCertificate())).extracting(CredentialSet::credentialSetId)
                .containsExactly(fresh.credentialSetId());
        assertNewSetWorks(onB, fresh, relyingParty);
        assertThat(onB.phone().inbox()).containsExactly(HolderNotification.ISSUANCE_COMPLETED);
        poll("the device change ended", () -> deviceChangeEnded(done.applicationId()), ended -> ended);
    }

    @Test
    void anOfflineOldPhoneNeverDelaysTheNewOneAndIsWipedWhenItComesBack() {
        SimulatedHolder onA = issuedHolder();
        String oldSet = setOf(onA).credentialSetId();
        onA.phone().setOnline(false);
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());

        ApplicationStatus done = phoneApp().changeDevice(onB, DEADLINE);

        assertThat(done.stage()).isEqualTo("COMPLETED");
        assertThat(setOf(onB).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(registry.set(oldSet).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        poll("the old phone's delete pending", () -> registry.set(oldSet).orElseThrow().appletState(),
                s -> s == AppletState.DELETE_PENDING);
        assertThat(onA.phone().appletInstalled()).as("still on the offline phone").isTrue();
        assertThat(deviceChangeEnded(done.applicationId())).as("the device change waits for the old phone").isFalse();

        onA.phone().setOnline(true);
        poll("the old applet deleted once the phone is back", () -> registry.set(oldSet).orElseThrow().appletState(),
                s -> s == AppletState.DELETED);
        assertThat(onA.phone().appletInstalled()).isFalse();
        assertThat(onA.phone().inbox()).contains(HolderNotification.CREDENTIAL_SET_REVOKED, HolderNotification.DELETE_APPLET);
        poll("the device change ended", () -> deviceChangeEnded(done.applicationId()), ended -> ended);
        assertThat(setOf(onB).state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void anOldPhoneThatNeverComesBackKeepsItsAppletAfterThePeriod() {
        SimulatedHolder onA = issuedHolder();
        String oldSet = setOf(onA).credentialSetId();
        onA.phone().setOnline(false);
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());
        ApplicationStatus done = phoneApp().changeDevice(onB, DEADLINE);
        assertThat(done.stage()).isEqualTo("COMPLETED");

        String revokeInstance = poll("the old phone's delete awaited", () -> runtime.createProcessInstanceQuery()
                .processDefinitionKey(RevokeCredentialSetProcess.PROCESS_KEY).processInstanceBusinessKey(done.applicationId())
                .activityIdIn(RevokeCredentialSetProcess.Elements.TASK_AWAIT_APPLET_DELETE_REPORT).list(), l -> l.size() == 1)
                .get(0).getId();
        // the period is 30 days: the engine runs the timer's job now
        Job timer = management.createJobQuery().processInstanceId(revokeInstance).timers()
                .activityId(RevokeCredentialSetProcess.Elements.TIMER_APPLET_DELETE_PERIOD_OVER).singleResult();
        management.executeJob(timer.getId());

        poll("left on the phone", () -> registry.set(oldSet).orElseThrow().appletState(), s -> s == AppletState.LEFT_ON_PHONE);
        poll("the device change ended", () -> deviceChangeEnded(done.applicationId()), ended -> ended);
        assertThat(history.createHistoricIncidentQuery().list()).as("no incident in this device change or what it called")
                .noneMatch(i -> history.createHistoricProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
                        .processInstanceBusinessKey(done.applicationId()).count() > 0);
        assertThat(setOf(onB).state()).isEqualTo(CredentialState.ACTIVE);
        onA.phone().setOnline(true);
    }

    @Test
    void withoutConsentTheHolderIsShownTheSetOnTheOtherPhoneAndNothingChanges() throws Exception {
        SimulatedHolder onA = issuedHolder();
        CredentialSet old = setOf(onA);
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());

        ApplicationStatus refused = phoneApp().issue(onB, DEADLINE);

        assertThat(refused.stage()).isEqualTo("REFUSED");
        JsonNode status = appStatus(refused.applicationId());
        assertStatus(status, "REFUSED", "ALREADY_ISSUED_USE_DEVICE_CHANGE");
        assertThat(status.path("nextAction").asText()).isEqualTo("APPLY_WITH_CONSENT_TO_REVOKE_EXISTING_SET");
        JsonNode existing = status.path("existingSet");
        assertThat(existing.path("deviceManufacturer").asText()).isEqualTo(onA.phone().device().manufacturer());
        assertThat(existing.path("deviceModel").asText()).isEqualTo(onA.phone().device().model());
        assertThat(LocalDate.parse(existing.path("issuedOn").asText()))
                .isEqualTo(old.createdAt().atZone(ZoneId.of("Asia/Tokyo")).toLocalDate());
        // masked: nothing that identifies the phone, the set or the person
        assertThat(status.toString()).doesNotContain(onA.phone().seId(), old.credentialSetId(), holderRef(onA),
                onA.card().holder().name());

        assertThat(registry.set(old.credentialSetId()).orElseThrow()).isEqualTo(old);
        for (CredentialKey key : registry.keys(old.credentialSetId())) {
            assertThat(ca.status(ref(key)).state()).isEqualTo(CertificateStatus.State.GOOD);
        }
        assertThat(registry.setOfApplication(refused.applicationId())).isEmpty();
        assertThat(onB.phone().appletInstalled()).isFalse();
        assertThat(onA.phone().inbox()).containsExactly(HolderNotification.ISSUANCE_COMPLETED);

        // with consent the same holder goes on
        assertThat(phoneApp().changeDevice(onB, DEADLINE).stage()).isEqualTo("COMPLETED");
        assertThat(registry.set(old.credentialSetId()).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
    }

    @Test
    void consentForASetThatNoLongerExistsIsAnOrdinaryIssuance() {
        // the second procedure of seed 004: revoke on the old phone first, then apply on the new one
        SimulatedHolder onA = issuedHolder();
        var revocation = phoneApp().revoke(onA, RevocationRequest.Reason.NO_LONGER_USED);
        phoneApp().awaitRevocationFinished(revocation.revocationId(), deadline());
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());
        ApplicationStatus withConsent = phoneApp().changeDevice(onB, DEADLINE);
        assertThat(withConsent.stage()).isEqualTo("COMPLETED");
        assertThat(appStatus(withConsent.applicationId()).path("replacesCredentialSetId").isNull()).isTrue();
        assertThat(setOf(onB).replacesSetId()).isNull();

        // and a holder who never had a set may send the consent too
        SimulatedHolder first = newHolder();
        assertThat(phoneApp().changeDevice(first, DEADLINE).stage()).isEqualTo("COMPLETED");
        assertThat(setOf(first).state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void twentyConcurrentDeviceChangesLeaveExactlyOneLiveSet() throws Exception {
        SimulatedHolder onA = issuedHolder();
        String oldSet = setOf(onA).credentialSetId();
        List<SimulatedHolder> phones = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            phones.add(world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(phones.size());
        List<ApplicationStatus> outcomes = new ArrayList<>();
        try {
            List<Future<ApplicationStatus>> running = new ArrayList<>();
            for (SimulatedHolder phone : phones) {
                running.add(pool.submit(() -> phoneApp().changeDevice(phone, DEADLINE)));
            }
            for (Future<ApplicationStatus> f : running) {
                outcomes.add(f.get(3, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }

        CredentialSet live = registry.liveSetOf(holderRef(onA)).orElseThrow();
        assertThat(registry.liveSetsLinkedTo(live.cardCertificate())).hasSize(1);
        Map<String, Long> byStage = outcomes.stream().collect(Collectors.groupingBy(ApplicationStatus::stage, Collectors.counting()));
        assertThat(byStage.get("COMPLETED")).as(byStage.toString()).isGreaterThanOrEqualTo(1);
        assertThat(byStage.keySet()).as(byStage.toString()).isSubsetOf("COMPLETED", "REFUSED");
        assertThat(outcomes).filteredOn(o -> o.stage().equals("REFUSED")).extracting(ApplicationStatus::reason)
                .allMatch(r -> List.of("EXISTING_SET_ALREADY_BEING_REPLACED", "EXISTING_SET_STILL_BEING_ISSUED",
                        "ALREADY_ISSUED_USE_DEVICE_CHANGE").contains(r));
        // every set made here is live (one) or was revoked by a later device change: nothing else ended a set
        List<String> completed = outcomes.stream().filter(o -> o.stage().equals("COMPLETED")).map(ApplicationStatus::applicationId).toList();
        assertThat(completed).contains(live.applicationId());
        for (String applicationId : completed) {
            CredentialSet made = registry.setOfApplication(applicationId).orElseThrow();
            if (!made.credentialSetId().equals(live.credentialSetId())) {
                assertThat(made.state()).as(applicationId).isEqualTo(CredentialState.REVOKED);
                assertThat(completed).as("revoked by a later device change of this holder").contains(made.revocationCaseId());
            }
        }
        // a set made with lineage replaces A's or one made here (an application that found no live set, between a
        // revocation and the next reservation, is an ordinary issuance and records none)
        for (String applicationId : completed) {
            String replaced = registry.setOfApplication(applicationId).orElseThrow().replacesSetId();
            if (replaced != null) {
                assertThat(replaced.equals(oldSet) || completed.contains(registry.set(replaced).orElseThrow().applicationId()))
                        .as("lineage of " + applicationId).isTrue();
            }
        }
        assertThat(registry.transitions(oldSet)).filteredOn(t -> "REVOKED".equals(t.to())).hasSize(1);
        // exactly one applet with a live set among the new phones
        assertThat(phones).filteredOn(p -> p.phone().appletInstalled()).extracting(p -> p.phone().seId())
                .containsExactly(live.seId());
    }

    @Test
    void aNewIssuanceThatFailsLeavesTheOldSetRevokedTellsTheHolderAndAllowsANewApplication() {
        SimulatedHolder onA = issuedHolder();
        String oldSet = setOf(onA).credentialSetId();
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());
        // the JPKI system refuses the new phone's second certificate
        world.caFaults().refuseSmartphoneCertificateAfter(holderRef(onA), 1);

        ApplicationStatus failed = phoneApp().changeDevice(onB, DEADLINE);

        assertThat(failed.stage()).isEqualTo("CANCELLED");
        JsonNode status = appStatus(failed.applicationId());
        assertStatus(status, "CANCELLED", "ISSUANCE_FAILED");
        assertThat(status.path("replacesCredentialSetId").asText()).as("the holder is told the old set is gone").isEqualTo(oldSet);
        assertThat(registry.set(oldSet).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        CredentialSet abandoned = registry.setOfApplication(failed.applicationId()).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(CredentialState.ABANDONED);
        for (CredentialKey key : registry.keys(abandoned.credentialSetId())) {
            if (key.serial() != null) {
                assertThat(ca.status(ref(key)).state()).isEqualTo(CertificateStatus.State.REVOKED);
            }
        }
        assertThat(onB.phone().appletInstalled()).as("nothing left on the new phone").isFalse();
        assertThat(onB.phone().inbox()).containsExactly(HolderNotification.ISSUANCE_CANCELLED);
        assertThat(registry.liveSetOf(holderRef(onA))).isEmpty();

        // the slot is free: a new application works at once, with or without consent
        world.caFaults().clear();
        assertThat(phoneApp().issue(onB, DEADLINE).stage()).isEqualTo("COMPLETED");
        assertThat(setOf(onB).state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void aHolderWhoNeverFinishesTheInputOnTheNewPhoneKeepsTheOldSetRevokedAndMayApplyAgain() {
        SimulatedHolder onA = issuedHolder();
        String oldSet = setOf(onA).credentialSetId();
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());
        String applicationId = phoneApp().submit(phoneApp().prepare(onB, true)).applicationId();
        awaitAppStatus(applicationId, "asks for the password and PIN",
                s -> "SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));
        // the holder walks away: the holder-input timer is due in 15 minutes; the engine runs its job now
        String issuance = runningInstance(applicationId).getId();
        Job timer = poll("the holder-input timer", () -> management.createJobQuery().processInstanceId(issuance).timers()
                .activityId(IssuanceProcess.Elements.TIMER_HOLDER_INPUT_EXPIRED).singleResult(), j -> j != null);
        fireWhileWorkersMayBeBusy(timer);

        assertStatus(awaitOutcome(applicationId), "CANCELLED", "HOLDER_INPUT_TIMED_OUT");
        assertThat(registry.set(oldSet).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        poll("nothing left on the new phone", () -> onB.phone().appletInstalled(), installed -> !installed);
        assertThat(phoneApp().changeDevice(onB, DEADLINE).stage()).isEqualTo("COMPLETED");
    }

    @Test
    void aNewPhoneThatDropsForGoodLeavesTheOldSetRevokedAndNothingOnItOnceItIsBack() {
        SimulatedHolder onA = issuedHolder();
        String oldSet = setOf(onA).credentialSetId();
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());
        String applicationId = phoneApp().submit(phoneApp().prepare(onB, true)).applicationId();
        awaitAppStatus(applicationId, "asks for the password and PIN",
                s -> "SET_PASSWORD_AND_PIN".equals(s.path("nextAction").asText(null)));
        onB.phone().setOnline(false);
        // the personalization is bounded (PT30M): the engine runs its deadline's job now (the check finds no wait for the JPKI system)
        String issuance = runningInstance(applicationId).getId();
        Job timer = poll("the personalization timer", () -> management.createJobQuery().processInstanceId(issuance).timers()
                .activityId(IssuanceProcess.Elements.TIMER_PERSONALIZATION_DEADLINE).singleResult(), j -> j != null);
        // the workers keep failing on the offline phone meanwhile (and so update its tasks)
        fireWhileWorkersMayBeBusy(timer);

        assertStatus(awaitOutcome(applicationId), "CANCELLED", "PERSONALIZATION_TIMED_OUT");
        assertThat(registry.set(oldSet).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        assertThat(registry.setOfApplication(applicationId).orElseThrow().state()).isEqualTo(CredentialState.ABANDONED);
        onB.phone().setOnline(true);
        assertThat(onB.phone().appletInstalled()).as("the pending delete ran when the phone came back").isFalse();
        assertThat(phoneApp().changeDevice(onB, DEADLINE).stage()).isEqualTo("COMPLETED");
    }

    @Test
    void reissuanceOnTheSamePhoneLeavesOneAppletWithTheNewSet() throws Exception {
        SimulatedHolder before = issuedHolder();
        CredentialSet old = setOf(before);
        List<CredentialKey> oldKeys = registry.keys(old.credentialSetId());
        // the holder reinstalled the app on the same phone: new secrets, the same card and SE
        SimulatedHolder after = world.sameHolderReinstalledApp(before);

        ApplicationStatus done = phoneApp().changeDevice(after, DEADLINE);

        assertThat(done.stage()).as(done.toString()).isEqualTo("COMPLETED");
        CredentialSet revoked = registry.set(old.credentialSetId()).orElseThrow();
        assertThat(revoked.state()).isEqualTo(CredentialState.REVOKED);
        assertThat(revoked.appletState()).as("the old applet was deleted before the new one was installed")
                .isEqualTo(AppletState.DELETED);
        CredentialSet fresh = setOf(after);
        assertThat(fresh.seId()).isEqualTo(old.seId());
        assertThat(fresh.replacesSetId()).isEqualTo(old.credentialSetId());
        assertThat(fresh.appletState()).isEqualTo(AppletState.INSTALLED);
        assertThat(after.phone().appletInstalled()).isTrue();
        for (CredentialKey key : oldKeys) {
            assertThat(ca.status(ref(key)).state()).isEqualTo(CertificateStatus.State.REVOKED);
        }
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        assertNewSetWorks(after, fresh, relyingParty);
        // the one applet answers with the new keys: the old certificates' keys are gone with the old applet
        byte[] challenge = challenge();
        X509Certificate oldSigning = OpenSslRelyingParty.x509(oldKeys.stream()
                .filter(k -> k.role() == KeyRole.SIGNING).findFirst().orElseThrow().certificate());
        assertThat(phoneApp().sign(after, AppletKey.SIGNING, challenge).verify(oldSigning.getPublicKey(), challenge)).isFalse();
        poll("the device change ended", () -> deviceChangeEnded(done.applicationId()), ended -> ended);
    }

    @Test
    void aCardOfAnotherPersonNeverTouchesTheHoldersSet() {
        SimulatedHolder holder = issuedHolder();
        CredentialSet set = setOf(holder);
        // somebody else, on their own phone, with their own card, sends a device change: it is their first issuance
        SimulatedHolder stranger = newHolder();
        ApplicationStatus theirs = phoneApp().changeDevice(stranger, DEADLINE);
        assertThat(theirs.stage()).isEqualTo("COMPLETED");
        assertThat(setOf(stranger).replacesSetId()).isNull();
        assertThat(registry.set(set.credentialSetId()).orElseThrow()).isEqualTo(set);
    }

    @Test
    void aForgedConsentIsRejectedAndChangesNothing() {
        SimulatedHolder onA = issuedHolder();
        CredentialSet old = setOf(onA);
        SimulatedHolder onB = world.samePersonNewPhone(onA, DeviceFacts.eligibleDefault());
        // consent added after the card signed an application without it
        var honest = phoneApp().prepare(onB, false);
        byte[] tampered = replaceOnce(honest.signedApplication(), "\"consentToRevokeExistingSet\":false",
                "\"consentToRevokeExistingSet\":true ");
        String applicationId = phoneApp().submit(honest.withSignedApplication(tampered)).applicationId();
        assertStatus(awaitOutcome(applicationId), "REFUSED", "APPLICATION_INVALID");
        assertThat(registry.set(old.credentialSetId()).orElseThrow()).isEqualTo(old);

        // the same signed device change twice: the second is a replay
        var application = phoneApp().prepare(onB, true);
        phoneApp().submit(application);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> phoneApp().submit(application))
                .isInstanceOfSatisfying(org.mjpki.simulator.app.AppApiClient.AppApiException.class, e -> {
                    assertThat(e.status()).as(e.serverMessage()).isEqualTo(409);
                    assertThat(e.error()).isEqualTo("replayed_application");
                });
        assertThat(registry.set(old.credentialSetId()).orElseThrow().revocationCaseId())
                .as("only the first of the two is acting on the set").isIn(null, application.content().applicationId());
    }

    @Test
    void theSimulatorsRestApiRunsADeviceChangeAsAnOperatorDemoWould() {
        var issued = asOperator("POST", "/simulator/issuances", "{}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String seA = issued.body().path("seId").asText();

        var refused = asOperator("POST", "/simulator/device-changes", "{\"fromSeId\":\"" + seA + "\",\"consent\":false}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(200);
        assertThat(refused.body().path("reason").asText()).isEqualTo("ALREADY_ISSUED_USE_DEVICE_CHANGE");

        var moved = asOperator("POST", "/simulator/device-changes", "{\"fromSeId\":\"" + seA + "\"}");
        assertThat(moved.status()).as(moved.raw()).isEqualTo(201);
        assertThat(moved.body().path("stage").asText()).isEqualTo("COMPLETED");
        assertThat(moved.body().path("oldSeId").asText()).isEqualTo(seA);
        assertThat(moved.body().path("seId").asText()).isNotEqualTo(seA);
        String seB = moved.body().path("seId").asText();

        var again = asOperator("POST", "/simulator/device-changes", "{\"fromSeId\":\"" + seB + "\",\"samePhone\":true}");
        assertThat(again.status()).as(again.raw()).isEqualTo(201);
        assertThat(again.body().path("seId").asText()).isEqualTo(seB);

        assertThat(asOperator("POST", "/simulator/device-changes", "{}").status()).isEqualTo(400);
        assertThat(asOperator("POST", "/simulator/device-changes", "{\"fromSeId\":\"SE-unknown\"}").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ helpers

    private void assertNewSetWorks(SimulatedHolder holder, CredentialSet set, OpenSslRelyingParty relyingParty) throws Exception {
        for (CredentialKey key : registry.keys(set.credentialSetId())) {
            X509Certificate certificate = OpenSslRelyingParty.x509(key.certificate());
            byte[] challenge = challenge();
            AppletKey appletKey = key.role() == KeyRole.SIGNING ? AppletKey.SIGNING : AppletKey.USER_AUTH;
            assertThat(phoneApp().sign(holder, appletKey, challenge).verify(certificate.getPublicKey(), challenge))
                    .as(key.role() + " key signs a challenge that verifies with its new certificate").isTrue();
            assertThat(relyingParty.ocsp(certificate)).contains("Cert Status: good");
        }
    }

    private static byte[] challenge() {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        return challenge;
    }

    /**
     * Runs a timer's job now, as its due date would. A worker completing or failing a task of the same instance at that
     * moment makes the engine refuse one of the two, as it would in production, where the job executor runs the job
     * again: usually as an optimistic locking failure, on PostgreSQL sometimes as the foreign key of a child execution
     * the worker's transaction added while the timer's deleted the parent (seen once in CI). The job is run again until it
     * goes through; anything else fails the test.
     */
    private void fireWhileWorkersMayBeBusy(Job timer) {
        poll("timer " + timer.getId() + " fired", () -> {
            try {
                management.executeJob(timer.getId());
                return true;
            } catch (org.camunda.bpm.engine.OptimisticLockingException concurrentWorker) {
                return false;
            } catch (org.camunda.bpm.engine.ProcessEnginePersistenceException e) {
                if (collidedOnAForeignKey(e)) {
                    return false;
                }
                throw e;
            }
        }, fired -> fired);
    }

    private static boolean collidedOnAForeignKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23503".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("violates foreign key constraint")) {
                return true;
            }
        }
        return false;
    }

    private static CertificateRef ref(CredentialKey key) {
        return new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial());
    }

    private boolean deviceChangeEnded(String applicationId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(DeviceChangeProcess.PROCESS_KEY)
                .processInstanceBusinessKey(applicationId).finished().count() == 1;
    }

    private static byte[] replaceOnce(byte[] bytes, String from, String to) {
        Function<byte[], String> latin1 = b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        String text = latin1.apply(bytes);
        assertThat(from.length()).isEqualTo(to.length());
        int at = text.indexOf(from);
        assertThat(at).as("'" + from + "' in the signed application").isNotNegative();
        return (text.substring(0, at) + to + text.substring(at + from.length())).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
