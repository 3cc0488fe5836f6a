package org.mjpki.webapp.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.webapp.AppApiRefusals.nonce;
import static org.mjpki.webapp.AppApiRefusals.refusal;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.simulator.app.AppApiClient;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.callcenter.CallCenterForTests;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.revocation.OpenSslRelyingParty;

/**
 * The lost phone (R10), end to end on PostgreSQL: call-center staff report it over the engine REST API as Tasklist
 * does (the four facts typed into the Camunda Form), the set goes on hold (OCSP and CRL at the certificates' URLs,
 * checked with OpenSSL), and then the holder releases it in the app with the card (user-auth good again, removeFromCRL
 * in the delta CRL, the signing certificate re-issued and its new key signing), or confirms the phone is gone
 * (revoked, keyCompromise), or the hold period ends, or a device change from a new phone ends the set; and every
 * refusal changes nothing.
 */
class LostDeviceHoldEndToEndTest extends EndToEndOnPostgres {

    private final CallCenterForTests callCenter = new CallCenterForTests();

    private SimulatedHolder issuedHolder() {
        SimulatedHolder holder = newHolder();
        assertThat(world.app().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        return holder;
    }

    private CredentialSet setOf(SimulatedHolder holder) {
        return registry.set(holder.credentialSetId().orElseThrow()).orElseThrow();
    }

    private static CertificateRef ref(CredentialKey key) {
        return new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial());
    }

    private CredentialSet awaitState(SimulatedHolder holder, CredentialState state) {
        return poll("set " + state, () -> setOf(holder), s -> s.state() == state);
    }

    private HistoricProcessInstance awaitEnded(String report) {
        return poll("report " + report + " ended", () -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(report).finished().singleResult(), h -> h != null);
    }

    /** Reported, identified, confirmed: both certificates held, the phone told, the report waiting for the holder. */
    private String heldBy(SimulatedHolder holder, String lossKind) throws Exception {
        CredentialSet set = setOf(holder);
        String report = callCenter.holdSetOf(holder.card().holder(), lossKind);
        awaitState(holder, CredentialState.ON_HOLD);
        poll("the report waits for the holder", () -> callCenter.openTaskKey(report),
                LostDeviceHoldProcess.Elements.TASK_AWAIT_HOLDER::equals);
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        for (CredentialKey key : registry.keys(set.credentialSetId())) {
            assertThat(ca.status(ref(key)).state()).isEqualTo(CertificateStatus.State.ON_HOLD);
            X509Certificate certificate = OpenSslRelyingParty.x509(key.certificate());
            assertThat(relyingParty.ocsp(certificate)).contains("Cert Status: revoked").contains("certificateHold");
            assertThat(relyingParty.verifyWithCrl(certificate)).contains("certificate revoked");
        }
        CredentialTransition held = registry.transitions(set.credentialSetId()).stream()
                .filter(t -> "ON_HOLD".equals(t.to())).reduce((a, b) -> b).orElseThrow();
        assertThat(held.actor()).isEqualTo(Actor.CALL_CENTER);
        assertThat(held.caseId()).isEqualTo("hold-" + report);
        poll("the phone told", () -> holder.phone().inbox(), inbox -> inbox.contains(HolderNotification.CREDENTIAL_SET_ON_HOLD));
        return report;
    }

    @Test
    void aFoundPhoneIsReleasedWithTheCardAndItsSigningCertificateReissued() throws Exception {
        SimulatedHolder holder = issuedHolder();
        CredentialSet set = setOf(holder);
        CredentialKey oldSigning = registry.key(set.credentialSetId(), KeyRole.SIGNING).orElseThrow();
        CredentialKey userAuth = registry.key(set.credentialSetId(), KeyRole.USER_AUTH).orElseThrow();
        String report = heldBy(holder, "LOST");
        JsonNode onHoldForm = callCenter.formVariables(report);
        assertThat(onHoldForm.path("matchedPhone").path("value").asText()).isEqualTo(DeviceFacts.eligibleDefault().manufacturer()
                + " " + DeviceFacts.eligibleDefault().model());

        AppApiClient.HoldReleaseStatus released = world.app().releaseHold(holder, DEADLINE);

        assertThat(released.stage()).as(released.toString()).isEqualTo("COMPLETED");
        assertThat(setOf(holder).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(awaitEnded(report).getEndActivityId()).isEqualTo(LostDeviceHoldProcess.Elements.END_EVENT_HOLD_RELEASED);
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        // the user-auth certificate is good again as it was: the same certificate, removeFromCRL in the delta CRL
        assertThat(registry.key(set.credentialSetId(), KeyRole.USER_AUTH).orElseThrow().serial()).isEqualTo(userAuth.serial());
        X509Certificate userAuthCertificate = OpenSslRelyingParty.x509(userAuth.certificate());
        assertThat(relyingParty.ocsp(userAuthCertificate)).contains("Cert Status: good");
        // the complete CRL no longer lists it (the embedded default publishes a complete CRL on every change, so its
        // delta has nothing to carry; with a full-min-interval the delta carries removeFromCRL: CrlTest)
        assertThat(relyingParty.verifyWithCrl(userAuthCertificate)).contains(": OK");
        assertThat(relyingParty.deltaCrlText(userAuthCertificate)).contains("Delta CRL Indicator").doesNotContain("Certificate Hold");
        // the old signing certificate is revoked, a new one is good and its key on the phone signs
        X509Certificate oldSigningCertificate = OpenSslRelyingParty.x509(oldSigning.certificate());
        assertThat(ca.status(ref(oldSigning)).reason()).isEqualTo(RevocationReason.SUPERSEDED);
        assertThat(relyingParty.ocsp(oldSigningCertificate)).contains("Cert Status: revoked").contains("superseded");
        CredentialKey newSigning = registry.key(set.credentialSetId(), KeyRole.SIGNING).orElseThrow();
        assertThat(newSigning.serial()).isNotEqualTo(oldSigning.serial());
        assertThat(newSigning.replacesSerial()).isEqualTo(oldSigning.serial());
        X509Certificate newSigningCertificate = OpenSslRelyingParty.x509(newSigning.certificate());
        assertThat(newSigningCertificate.getNotAfter()).isEqualTo(oldSigningCertificate.getNotAfter());
        assertThat(newSigningCertificate.getExtensionValue("2.5.29.17")).as("the same four facts")
                .isEqualTo(oldSigningCertificate.getExtensionValue("2.5.29.17"));
        assertThat(relyingParty.ocsp(newSigningCertificate)).contains("Cert Status: good");
        assertThat(relyingParty.verifyWithCrl(newSigningCertificate)).contains(": OK");
        byte[] challenge = challenge();
        assertThat(world.app().sign(holder, AppletKey.SIGNING, challenge).verify(newSigningCertificate.getPublicKey(), challenge))
                .as("the new signing key on the phone signs").isTrue();
        byte[] userChallenge = challenge();
        assertThat(world.app().sign(holder, AppletKey.USER_AUTH, userChallenge).verify(userAuthCertificate.getPublicKey(), userChallenge))
                .as("the user-auth key signs as before").isTrue();
        assertThat(registry.transitions(set.credentialSetId())).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.KEY)
                .singleElement().satisfies(t -> assertThat(t.to()).isEqualTo(CredentialTransition.REISSUED));
        poll("the phone told", () -> holder.phone().inbox(), i -> i.contains(HolderNotification.CREDENTIAL_SET_HOLD_RELEASED));
        // the same release again is a replay: refused, nothing changes
        byte[] again = world.app().signHoldRelease(holder);
        assertThat(refusal(() -> world.app().api().requestHoldRelease(set.credentialSetId(), again))).isEqualTo("not_on_hold");
    }

    @Test
    void theHolderConfirmsThePhoneWasStolenAndTheSetIsRevokedWithKeyCompromise() throws Exception {
        SimulatedHolder holder = issuedHolder();
        List<CredentialKey> keys = registry.keys(setOf(holder).credentialSetId());
        String report = heldBy(holder, "LOST");

        RestClientForTests.Response gone = callCenter.submit(report, Map.of("phoneGone", true, "lossKind", "STOLEN"));

        assertThat(gone.status()).as(gone.raw()).isEqualTo(204);
        awaitState(holder, CredentialState.REVOKED);
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        for (CredentialKey key : keys) {
            assertThat(ca.status(ref(key)).reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
            X509Certificate certificate = OpenSslRelyingParty.x509(key.certificate());
            assertThat(relyingParty.ocsp(certificate)).contains("Cert Status: revoked").contains("keyCompromise");
            assertThat(relyingParty.verifyWithCrl(certificate)).contains("certificate revoked");
        }
        // the phone is online (found by someone): the applet's remote delete runs
        poll("the applet deleted", () -> setOf(holder).appletState(), s -> s == AppletState.DELETED);
        assertThat(holder.phone().appletInstalled()).isFalse();
        assertThat(awaitEnded(report).getEndActivityId()).isEqualTo(LostDeviceHoldProcess.Elements.END_EVENT_HELD_SET_REVOKED);
    }

    @Test
    void theHoldPeriodRunsOutAndTheSetIsRevoked() throws Exception {
        SimulatedHolder holder = issuedHolder();
        CredentialKey signing = registry.key(setOf(holder).credentialSetId(), KeyRole.SIGNING).orElseThrow();
        String report = callCenter.startReport(Map.of(LostDeviceHoldProcess.Variables.HOLD_PERIOD, "PT3S"));
        assertThat(callCenter.identify(report, holder.card().holder()).status()).isEqualTo(204);
        assertThat(callCenter.confirm(report, true, "LOST").status()).isEqualTo(204);

        awaitState(holder, CredentialState.REVOKED);
        assertThat(ca.status(ref(signing)).reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(new OpenSslRelyingParty(ca).ocsp(OpenSslRelyingParty.x509(signing.certificate())))
                .contains("Cert Status: revoked").contains("cessationOfOperation");
        assertThat(awaitEnded(report).getEndActivityId()).isEqualTo(LostDeviceHoldProcess.Elements.END_EVENT_HELD_SET_REVOKED);
        assertThat(visited(report, LostDeviceHoldProcess.Elements.TIMER_HOLD_PERIOD_OVER)).isTrue();
    }

    @Test
    void aDeviceChangeFromANewPhoneWhileOnHoldEndsTheHold() throws Exception {
        SimulatedHolder onLostPhone = issuedHolder();
        String oldSet = setOf(onLostPhone).credentialSetId();
        onLostPhone.phone().setOnline(false);
        String report = heldBy(onLostPhone, "LOST");
        SimulatedHolder onNewPhone = world.samePersonNewPhone(onLostPhone, DeviceFacts.eligibleDefault());

        assertThat(world.app().changeDevice(onNewPhone, DEADLINE).stage()).isEqualTo("COMPLETED");

        assertThat(registry.set(oldSet).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        assertThat(setOf(onNewPhone).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(awaitEnded(report).getEndActivityId()).isEqualTo(LostDeviceHoldProcess.Elements.END_EVENT_SET_ENDED_ELSEWHERE);
        assertThat(callCenter.rest().get("/engine-rest/task?processInstanceId=" + report).body()).isEmpty();
    }

    @Test
    void releasesThatMustNotWorkAreRefusedAndChangeNothing() throws Exception {
        SimulatedHolder holder = issuedHolder();
        String setId = setOf(holder).credentialSetId();
        // not on hold (yet)
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setId, world.app().signHoldRelease(holder))))
                .isEqualTo("not_on_hold");
        String report = heldBy(holder, "STOLEN");
        // another person's card
        SimulatedHolder stranger = issuedHolder();
        byte[] byStranger = world.app().signHoldRelease(stranger, setId, Instant.now().plusSeconds(120), nonce());
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setId, byStranger))).isEqualTo("not_the_holder");
        // a release naming another set than the one it is sent for
        byte[] forOther = world.app().signHoldRelease(holder, setOf(stranger).credentialSetId(), Instant.now().plusSeconds(120), nonce());
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setId, forOther))).isEqualTo("invalid_request");
        // expired
        byte[] expired = world.app().signHoldRelease(holder, setId, Instant.now().minusSeconds(3600), nonce());
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setId, expired))).isEqualTo("expired_request");
        // not CMS at all
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setId, new byte[] {1, 2, 3}))).isEqualTo("invalid_request");
        // replayed: the first is taken, its replay refused
        String nonce = nonce();
        byte[] release = world.app().signHoldRelease(holder, setId, Instant.now().plusSeconds(120), nonce);
        AppApiClient.HoldReleaseStatus first = world.app().api().requestHoldRelease(setId, release);
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setId, release))).isIn("replayed_request", "not_on_hold");
        // a card whose certificate is revoked: another holder's set on hold, their card revoked at the CA
        SimulatedHolder revokedCard = issuedHolder();
        heldBy(revokedCard, "LOST");
        X509Certificate card = revokedCard.card().signingCertificate();
        ca.revoke("test/revoke-card/" + card.getSerialNumber(), new CertificateRef(IssuingCa.SIGNING, card.getSerialNumber()),
                RevocationReason.KEY_COMPROMISE);
        assertThat(refusal(() -> world.app().api().requestHoldRelease(setOf(revokedCard).credentialSetId(),
                world.app().signHoldRelease(revokedCard)))).isEqualTo("card_certificate_not_good");
        assertThat(setOf(revokedCard).state()).isEqualTo(CredentialState.ON_HOLD);
        // the first release goes on to the key check; a wrong key-check signature does not release the hold
        AppApiClient.HoldReleaseStatus awaiting = world.app().awaitHoldRelease(first.releaseId(),
                s -> s.keyCheckChallenge() != null || s.finished(), deadline());
        assertThat(awaiting.stage()).isEqualTo("AWAITING_KEY_CHECK");
        var wrong = world.app().sign(holder, AppletKey.SIGNING, "not the challenge".getBytes());
        world.app().api().submitKeyCheck(first.releaseId(), wrong.signature(), wrong.identification().encoded());
        AppApiClient.HoldReleaseStatus after = world.app().awaitHoldRelease(first.releaseId(),
                s -> s.finished() || "NOT_RELEASED_STILL_ON_HOLD".equals(s.stage()), deadline());
        assertThat(after.stage()).isEqualTo("NOT_RELEASED_STILL_ON_HOLD");
        assertThat(setOf(holder).state()).isEqualTo(CredentialState.ON_HOLD);
        assertThat(callCenter.taskKey(report)).isEqualTo(LostDeviceHoldProcess.Elements.TASK_AWAIT_HOLDER);
        // and the holder can still release it properly
        assertThat(world.app().releaseHold(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        assertThat(setOf(holder).state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void callersThatMustNotHoldAnythingAreToldSoAndNothingChanges() throws Exception {
        SimulatedHolder holder = issuedHolder();
        CredentialSet before = setOf(holder);
        // facts that match nobody
        String report = callCenter.startReport();
        assertThat(callCenter.identify(report, "架空 照合" + Long.toHexString(new SecureRandom().nextLong()), "1970-01-01", "FEMALE",
                "北海道札幌市中央区試験" + new SecureRandom().nextInt(1_000_000) + "番").status()).isEqualTo(204);
        assertThat(callCenter.taskKey(report)).isEqualTo(LostDeviceHoldProcess.Elements.TASK_TELL_NOTHING_HELD);
        assertThat(callCenter.formVariables(report).path("answerToCaller").path("value").asText()).contains("No smartphone certificate set matches");
        assertThat(callCenter.submit(report, Map.of()).status()).isEqualTo(204);
        // the caller cannot answer
        String unidentified = callCenter.startReport();
        assertThat(callCenter.submit(unidentified, Map.of("callerNotIdentified", true)).status()).isEqualTo(204);
        assertThat(callCenter.formVariables(unidentified).path("answerToCaller").path("value").asText()).contains("not identified");
        // a malformed date is refused and the task stays open
        String malformed = callCenter.startReport();
        RestClientForTests.Response bad = callCenter.identify(malformed, holder.card().holder().name(), "yesterday", "MALE",
                holder.card().holder().address());
        // the engine REST API answers a listener's refusal with 500 and its message, which Tasklist shows
        assertThat(bad.status()).isIn(400, 500);
        assertThat(bad.raw()).contains("date of birth").doesNotContain(holder.card().holder().name());
        assertThat(callCenter.taskKey(malformed)).isEqualTo(LostDeviceHoldProcess.Elements.TASK_IDENTIFY_CALLER);
        // a confirmation that swaps the matched set for another is refused
        SimulatedHolder other = issuedHolder();
        String swapped = callCenter.startReport();
        assertThat(callCenter.identify(swapped, holder.card().holder()).status()).isEqualTo(204);
        RestClientForTests.Response swap = callCenter.submit(swapped, Map.of("setConfirmed", true, "lossKind", "LOST",
                "credentialSetId", setOf(other).credentialSetId()));
        assertThat(swap.status()).isIn(400, 500);
        assertThat(swap.raw()).contains("changed since the caller was identified");
        assertThat(setOf(other).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(setOf(holder).state()).isEqualTo(CredentialState.ACTIVE);
        // the caller does not confirm
        assertThat(callCenter.confirm(swapped, false, null).status()).isEqualTo(204);
        assertThat(callCenter.taskKey(swapped)).isEqualTo(LostDeviceHoldProcess.Elements.TASK_TELL_NOTHING_HELD);
        assertThat(setOf(holder).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(setOf(holder).updatedAt()).isEqualTo(before.updatedAt());
        // a second report for a set already on hold
        heldBy(holder, "LOST");
        String second = callCenter.startReport();
        assertThat(callCenter.identify(second, holder.card().holder()).status()).isEqualTo(204);
        assertThat(callCenter.formVariables(second).path("answerToCaller").path("value").asText()).contains("already on hold");
        // and a report for a revoked set
        SimulatedHolder revoked = issuedHolder();
        var revocation = world.app().revoke(revoked, org.mjpki.simulator.app.RevocationRequest.Reason.NO_LONGER_USED);
        world.app().awaitRevocationFinished(revocation.revocationId(), deadline());
        String late = callCenter.startReport();
        assertThat(callCenter.identify(late, revoked.card().holder()).status()).isEqualTo(204);
        assertThat(callCenter.taskKey(late)).isEqualTo(LostDeviceHoldProcess.Elements.TASK_TELL_NOTHING_HELD);
    }

    @Test
    void callCenterStaffReachOnlyTheirProcess() {
        RestClientForTests staff = callCenter.rest();
        // no other process to start, none to see
        // (the engine answers 404 for a definition the user may not read, 403 for one it may read but not start)
        assertThat(staff.post("/engine-rest/process-definition/key/issuance/start", "{}").status()).isIn(403, 404);
        assertThat(staff.post("/engine-rest/process-definition/key/revocation/start", "{}").status()).isIn(403, 404);
        assertThat(staff.get("/engine-rest/process-definition?key=issuance").body()).isEmpty();
        assertThat(staff.get("/engine-rest/process-instance?processDefinitionKey=issuance").body()).isEmpty();
        assertThat(staff.get("/engine-rest/external-task").body()).isEmpty();
        // no engine administration, no app API, no simulator
        assertThat(staff.get("/engine-rest/user").body()).extracting(u -> u.path("id").asText())
                .as("users staff can see: only themselves").containsOnly(CallCenterForTests.USER);
        assertThat(staff.post("/engine-rest/user/create", "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"x1234567\"}}")
                .status()).isEqualTo(403);
        assertThat(staff.get("/engine-rest/authorization").body().toString()).doesNotContain("\"ALL\"");
        assertThat(staff.get("/api/v1/credential-sets/x").status()).isEqualTo(403);
        assertThat(staff.post("/simulator/issuances", "{}").status()).isEqualTo(403);
        // Tasklist yes; Cockpit and Admin no
        assertThat(webappLogin("tasklist")).isEqualTo(200);
        assertThat(webappLogin("cockpit")).isEqualTo(403);
        assertThat(webappLogin("admin")).isEqualTo(403);
        // and the others may not start a lost-phone report
        RestClientForTests app = app();
        assertThat(app.post("/engine-rest/process-definition/key/lost-device-hold/start", "{}").status()).isIn(401, 403, 404);
    }

    /** Logs in to a Camunda webapp as Tasklist's login page does: the CSRF token first, then the form post. */
    private static int webappLogin(String app) {
        try {
            java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                    .cookieHandler(new java.net.CookieManager()).build();
            var page = browser.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(ServerOnPostgres.baseUrl() + "/camunda/app/" + app + "/default/")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow(() -> new AssertionError("no CSRF token"));
            var response = browser.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(ServerOnPostgres.baseUrl() + "/camunda/api/admin/auth/user/default/login/" + app))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + CallCenterForTests.USER
                            + "&password=" + CallCenterForTests.PASSWORD)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }



    private static byte[] challenge() {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        return challenge;
    }
}
