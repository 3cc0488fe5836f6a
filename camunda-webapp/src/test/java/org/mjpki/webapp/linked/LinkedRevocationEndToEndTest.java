package org.mjpki.webapp.linked;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.revocation.OpenSslRelyingParty;

/**
 * Issue 14 end to end on PostgreSQL: the town hall changes a holder's card (the simulated card office revokes card
 * certificates at the embedded CA), an operator asks for a sweep over the operator API, the in-process workers run
 * {@code linked-revocation-sweep}, and the phone certificates follow per kind after the grace period (PT3S on the test
 * server) — checked at the CA, by OCSP and the CRL at the certificates' own URLs with OpenSSL's command line, in the
 * registry, and on the phone (pushes and the applet, drained by the follow-up job every two seconds). Also the dry run,
 * the safety valve (5 sets on the test server) with the operator's decision, and the operator API's refusals.
 */
class LinkedRevocationEndToEndTest extends EndToEndOnPostgres {

    /** The test server's grace period (config/application.yaml), and a little more. */
    private static final long GRACE_MILLIS = 3_300;

    private SimulatedHolder issuedHolder() {
        SimulatedHolder holder = newHolder();
        assertThat(world.app().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        return holder;
    }

    private String setId(SimulatedHolder holder) {
        return holder.credentialSetId().orElseThrow();
    }

    private CredentialKey key(SimulatedHolder holder, KeyRole role) {
        return registry.key(setId(holder), role).orElseThrow();
    }

    private CertificateStatus status(SimulatedHolder holder, KeyRole role) {
        CredentialKey key = key(holder, role);
        return ca.status(new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial()));
    }

    private X509Certificate certificate(SimulatedHolder holder, KeyRole role) throws Exception {
        return OpenSslRelyingParty.x509(key(holder, role).certificate());
    }

    /** Asks for a sweep as an operator and waits until it stops (finished, or waiting at the valve). */
    private JsonNode sweep(boolean dryRun) {
        RestClientForTests.Response started = asOperator("POST", "/operator/linked-revocation-sweeps",
                "{\"dryRun\":" + dryRun + "}");
        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        return awaitSweep(started.body().path("sweepId").asText());
    }

    private JsonNode awaitSweep(String sweepId) {
        return poll("sweep " + sweepId + " stopped", () -> asOperator("GET", "/operator/linked-revocation-sweeps/" + sweepId, null).body(),
                s -> !"RUNNING".equals(s.path("stage").asText()));
    }

    private static void waitOutTheGracePeriod() throws InterruptedException {
        // the grace period is time itself: the test server's is three seconds
        Thread.sleep(GRACE_MILLIS);
    }

    @Test
    void anAddressChangeRevokesThePhoneSigningCertificateAfterTheGracePeriodAndLeavesUserAuthGood() throws Exception {
        SimulatedHolder holder = issuedHolder();
        world.holderMoved(holder, "福岡県福岡市中央区天神一丁目9番9号");

        JsonNode early = sweep(false);
        assertThat(early.path("stage").asText()).as(early.toString()).isEqualTo("NOTHING_DUE");
        assertThat(early.path("counts").path("newlyFound").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(status(holder, KeyRole.SIGNING).state()).as("within the grace period").isEqualTo(CertificateStatus.State.GOOD);

        waitOutTheGracePeriod();
        JsonNode done = sweep(false);
        assertThat(done.path("stage").asText()).as(done.toString()).isEqualTo("FINISHED");
        assertThat(done.path("counts").path("revoked").asLong()).isGreaterThanOrEqualTo(1);

        CertificateStatus signing = status(holder, KeyRole.SIGNING);
        assertThat(signing.state()).isEqualTo(CertificateStatus.State.REVOKED);
        assertThat(signing.reason()).isEqualTo(RevocationReason.AFFILIATION_CHANGED);
        assertThat(status(holder, KeyRole.USER_AUTH).state()).isEqualTo(CertificateStatus.State.GOOD);
        OpenSslRelyingParty openssl = new OpenSslRelyingParty(ca);
        assertThat(openssl.ocsp(certificate(holder, KeyRole.SIGNING))).contains("Cert Status: revoked").contains("affiliationChanged");
        assertThat(openssl.verifyWithCrl(certificate(holder, KeyRole.SIGNING))).contains("certificate revoked");
        assertThat(openssl.ocsp(certificate(holder, KeyRole.USER_AUTH))).contains("Cert Status: good");
        assertThat(openssl.verifyWithCrl(certificate(holder, KeyRole.USER_AUTH))).contains(": OK");

        assertThat(registry.set(setId(holder)).orElseThrow().state()).as("the set lives on with user-auth").isEqualTo(CredentialState.ACTIVE);
        assertThat(holder.phone().appletInstalled()).isTrue();
        poll("the holder told", () -> holder.phone().inbox(), inbox -> inbox.contains(HolderNotification.SIGNING_CERTIFICATE_REVOKED));
        var view = world.app().credentialSet(holder);
        assertThat(view.json().path("history")).extracting(e -> e.path("event").asText()).contains("SIGNING_REVOKED");

        // the holder registers the signing certificate again on the same phone, with the new card certificate
        BigInteger revokedSerial = key(holder, KeyRole.SIGNING).serial();
        var registered = world.app().reregisterSigning(holder, DEADLINE);
        assertThat(registered.stage()).as(registered.toString()).isEqualTo("COMPLETED");
        CredentialKey signingNow = key(holder, KeyRole.SIGNING);
        assertThat(signingNow.serial()).isNotEqualTo(revokedSerial);
        assertThat(signingNow.replacesSerial()).isEqualTo(revokedSerial);
        assertThat(status(holder, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.GOOD);
        assertThat(registry.revokedKeyRoles(setId(holder))).isEmpty();
        assertThat(openssl.ocsp(certificate(holder, KeyRole.SIGNING))).contains("Cert Status: good");
        assertThat(org.mjpki.ca.JpkiHolderFacts.decode(certificate(holder, KeyRole.SIGNING), org.mjpki.ca.JpkiHolderFacts.DEFAULT_ARC)
                .address()).as("the new certificate states the card's new facts").isEqualTo("福岡県福岡市中央区天神一丁目9番9号");
        assertThat(registry.cardLinks(setId(holder)).get(KeyRole.SIGNING).serial())
                .as("it follows the new card signing certificate").isEqualTo(holder.card().signingCertificate().getSerialNumber());
        poll("the holder told", () -> holder.phone().inbox(), inbox -> inbox.contains(HolderNotification.SIGNING_CERTIFICATE_REGISTERED));
        // and the new phone certificate follows the new card certificate: nothing is found against it
        assertThat(sweep(false).path("stage").asText()).isIn("NOTHING_DUE", "FINISHED");
        assertThat(status(holder, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.GOOD);
    }

    @Test
    void aReregistrationIsRefusedWhileTheSigningCertificateIsGoodOrWithAnotherPersonsCard() {
        SimulatedHolder holder = issuedHolder();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> world.app().reregisterSigning(holder, DEADLINE))
                .isInstanceOfSatisfying(org.mjpki.simulator.app.AppApiClient.AppApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.error()).isEqualTo("signing_certificate_not_revoked");
                });
        SimulatedHolder other = issuedHolder();
        byte[] foreign = world.app().signSigningReregistration(other, setId(holder), java.time.Instant.now().plusSeconds(300),
                java.util.UUID.randomUUID().toString());
        RestClientForTests.Response refused = app().post("/api/v1/credential-sets/" + setId(holder) + "/signing-reregistrations",
                "{\"signedRequest\":\"" + java.util.Base64.getEncoder().encodeToString(foreign) + "\"}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        assertThat(refused.body().path("error").asText()).isEqualTo("not_the_holder");
        assertThat(app().post("/api/v1/credential-sets/" + setId(holder) + "/signing-reregistrations", "{\"signedRequest\":\"!!\"}")
                .status()).isEqualTo(400);
        assertThat(status(holder, KeyRole.SIGNING).state()).as("nothing changed").isEqualTo(CertificateStatus.State.GOOD);
    }

    @Test
    void aRevokedCardUserAuthCertificateRevokesThePhoneUserAuthCertificateOnly() throws Exception {
        SimulatedHolder holder = issuedHolder();
        world.cardUserAuthRevoked(holder);
        sweep(false);
        waitOutTheGracePeriod();
        assertThat(sweep(false).path("stage").asText()).isEqualTo("FINISHED");

        assertThat(status(holder, KeyRole.USER_AUTH).state()).isEqualTo(CertificateStatus.State.REVOKED);
        assertThat(status(holder, KeyRole.USER_AUTH).reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(new OpenSslRelyingParty(ca).ocsp(certificate(holder, KeyRole.USER_AUTH))).contains("Cert Status: revoked");
        assertThat(status(holder, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.GOOD);
        poll("the holder told", () -> holder.phone().inbox(), inbox -> inbox.contains(HolderNotification.USER_AUTH_CERTIFICATE_REVOKED));
    }

    @Test
    void aCardRenewalEndsTheSetAndDeletesTheAppletAndAnOfflinePhoneKeepsItPendingUntilItIsBack() throws Exception {
        SimulatedHolder online = issuedHolder();
        SimulatedHolder offline = issuedHolder();
        world.cardRenewed(online);
        world.cardRenewed(offline);
        offline.phone().setOnline(false);
        sweep(false);
        waitOutTheGracePeriod();
        JsonNode done = sweep(false);
        assertThat(done.path("stage").asText()).as(done.toString()).isEqualTo("FINISHED");
        assertThat(done.path("counts").path("setsEnded").asLong()).isGreaterThanOrEqualTo(2);

        for (SimulatedHolder holder : List.of(online, offline)) {
            assertThat(registry.set(setId(holder)).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
            for (KeyRole role : KeyRole.values()) {
                assertThat(status(holder, role).reason()).as("card renewal").isEqualTo(RevocationReason.SUPERSEDED);
                assertThat(new OpenSslRelyingParty(ca).ocsp(certificate(holder, role))).contains("Cert Status: revoked")
                        .contains("superseded");
            }
        }
        poll("the online phone's applet deleted", () -> registry.set(setId(online)).orElseThrow().appletState(),
                s -> s == AppletState.DELETED);
        assertThat(online.phone().appletInstalled()).isFalse();
        poll("the online holder told", () -> online.phone().inbox(), inbox -> inbox.contains(HolderNotification.CREDENTIAL_SET_REVOKED));
        poll("the offline phone's delete pending", () -> registry.set(setId(offline)).orElseThrow().appletState(),
                s -> s == AppletState.DELETE_PENDING);
        assertThat(offline.phone().appletInstalled()).as("still on the offline phone").isTrue();

        offline.phone().setOnline(true);
        poll("deleted once the phone is back", () -> registry.set(setId(offline)).orElseThrow().appletState(),
                s -> s == AppletState.DELETED);
        assertThat(offline.phone().appletInstalled()).isFalse();
        // the slot is free: the holder registers again with the renewed card
        assertThat(world.app().issue(online, DEADLINE).stage()).isEqualTo("COMPLETED");
    }

    @Test
    void aDryRunReportsAndRevokesNothing() throws Exception {
        SimulatedHolder holder = issuedHolder();
        world.holderMoved(holder, "北海道札幌市中央区北一条西二丁目3番4号");
        sweep(false);
        waitOutTheGracePeriod();
        JsonNode dry = sweep(true);
        assertThat(dry.path("stage").asText()).isEqualTo("DRY_RUN_REPORTED");
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("counts").path("dueCertificates").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(status(holder, KeyRole.SIGNING).state()).as("a dry run changes nothing").isEqualTo(CertificateStatus.State.GOOD);
        assertThat(registry.revokedKeyRoles(setId(holder))).isEmpty();
        // and the real one after it does
        assertThat(sweep(false).path("stage").asText()).isEqualTo("FINISHED");
        assertThat(status(holder, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.REVOKED);
    }

    @Test
    void theSafetyValveStopsALargeSweepUntilAnOperatorDecides() throws Exception {
        List<SimulatedHolder> holders = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            SimulatedHolder holder = issuedHolder();
            world.holderMoved(holder, "沖縄県那覇市泉崎一丁目" + (i + 1) + "番1号");
            holders.add(holder);
        }
        sweep(false);
        waitOutTheGracePeriod();

        JsonNode stopped = sweep(false);
        assertThat(stopped.path("stage").asText()).as(stopped.toString()).isEqualTo("AWAITING_OPERATOR");
        String sweepId = stopped.path("sweepId").asText();
        var instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(sweepId).singleResult();
        var incident = runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident).as("an incident for the operator").isNotNull();
        assertThat(incident.getIncidentMessage()).contains("safety valve").contains("sweepDecision").contains("Nothing is revoked yet");
        holders.forEach(h -> assertThat(status(h, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.GOOD));

        // a wrong answer is refused and changes nothing; CANCEL ends it with nothing revoked
        assertThat(asOperator("POST", "/operator/linked-revocation-sweeps/" + sweepId + "/decision", "{\"decision\":\"MAYBE\"}").status())
                .isEqualTo(400);
        assertThat(asOperator("POST", "/operator/linked-revocation-sweeps/" + sweepId + "/decision", "{\"decision\":\"CANCEL\"}").status())
                .isEqualTo(200);
        assertThat(awaitSweep(sweepId).path("stage").asText()).isEqualTo("CANCELLED");
        holders.forEach(h -> assertThat(status(h, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.GOOD));
        assertThat(asOperator("POST", "/operator/linked-revocation-sweeps/" + sweepId + "/decision", "{\"decision\":\"REVOKE\"}").status())
                .as("not waiting any more").isEqualTo(409);

        // the next sweep stops again; this time the operator confirms it (as setting sweepDecision in Cockpit would)
        JsonNode again = sweep(false);
        assertThat(again.path("stage").asText()).isEqualTo("AWAITING_OPERATOR");
        assertThat(asOperator("POST", "/operator/linked-revocation-sweeps/" + again.path("sweepId").asText() + "/decision",
                "{\"decision\":\"REVOKE\"}").status()).isEqualTo(200);
        JsonNode finished = awaitSweep(again.path("sweepId").asText());
        assertThat(finished.path("stage").asText()).as(finished.toString()).isEqualTo("FINISHED");
        assertThat(finished.path("counts").path("revoked").asLong()).isGreaterThanOrEqualTo(7);
        holders.forEach(h -> assertThat(status(h, KeyRole.SIGNING).state()).isEqualTo(CertificateStatus.State.REVOKED));
    }

    @Test
    void theOperatorApiIsForOperatorsAndRefusesBadInput() {
        RestClientForTests anonymous = new RestClientForTests(ServerOnPostgres.baseUrl(), null, null);
        assertThat(anonymous.post("/operator/linked-revocation-sweeps", "{}").status()).isEqualTo(401);
        assertThat(app().post("/operator/linked-revocation-sweeps", "{}").status()).as("an app may not sweep").isEqualTo(403);
        assertThat(asOperator("GET", "/operator/linked-revocation-sweeps/sweep-00000000-0000-0000-0000-000000000000", null).status())
                .isEqualTo(404);
        assertThat(asOperator("GET", "/operator/linked-revocation-sweeps/../../engine-rest", null).status()).isIn(400, 404);
        assertThat(asOperator("POST", "/operator/linked-revocation-sweeps", "{\"dryRun\":").status()).isEqualTo(400);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(LinkedRevocationSweepProcess.PROCESS_KEY).active()
                .list()).as("no sweep left running by these tests").isEmpty();
    }
}
