package org.mjpki.webapp.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.simulator.app.AppApiClient;
import org.mjpki.simulator.app.RevocationRequest;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;

/**
 * The holder revokes their set with the phone alone (R9), through the app API only, on PostgreSQL: the CA, OCSP and the
 * CRL at the certificates' own URLs (checked with OpenSSL's command line), the registry and its audit, the phone and its
 * pushes; the remote delete of an offline phone; and every refusal, which changes nothing.
 */
class RevocationEndToEndTest extends EndToEndOnPostgres {

    private SimulatedMynaportalApp phoneApp() {
        return world.app();
    }

    private SimulatedHolder issuedHolder() {
        SimulatedHolder holder = newHolder();
        phoneApp().issue(holder, DEADLINE);
        assertThat(holder.credentialSetId()).as("the app learnt its set").isPresent();
        return holder;
    }

    private CredentialSet set(SimulatedHolder holder) {
        return registry.set(holder.credentialSetId().orElseThrow()).orElseThrow();
    }

    @Test
    void revokesBothCertificatesDeletesTheAppletAndLetsTheHolderApplyAgain() throws Exception {
        SimulatedHolder holder = issuedHolder();
        String setId = holder.credentialSetId().orElseThrow();
        List<CredentialKey> keys = registry.keys(setId);

        var accepted = phoneApp().revoke(holder, RevocationRequest.Reason.NO_LONGER_USED);
        var done = phoneApp().awaitRevocationFinished(accepted.revocationId(), deadline());

        assertThat(done.stage()).isEqualTo("COMPLETED");
        CredentialSet revoked = set(holder);
        assertThat(revoked.state()).isEqualTo(CredentialState.REVOKED);
        assertThat(revoked.appletState()).isEqualTo(AppletState.DELETED);
        assertThat(revoked.revocationCaseId()).isEqualTo(accepted.revocationId());
        assertThat(registry.transitions(setId)).filteredOn(t -> "REVOKED".equals(t.to())).singleElement().satisfies(t -> {
            assertThat(t.actor()).isEqualTo(org.mjpki.lifecycle.Actor.HOLDER);
            assertThat(t.caseId()).isEqualTo(accepted.revocationId());
            assertThat(t.reason()).contains("CESSATION_OF_OPERATION");
        });
        for (CredentialKey key : keys) {
            CertificateStatus status = ca.status(new org.mjpki.ca.CertificateRef(
                    org.mjpki.ca.IssuingCa.valueOf(key.issuingCa()), key.serial()));
            assertThat(status.state()).isEqualTo(CertificateStatus.State.REVOKED);
            assertThat(status.reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
            X509Certificate certificate = x509(key.certificate());
            assertThat(openSslOcsp(certificate)).contains("Cert Status: revoked").contains("cessationOfOperation");
            assertThat(openSslVerifyWithCrl(certificate)).contains("certificate revoked");
        }
        assertThat(holder.phone().appletInstalled()).as("the applet is gone from the phone").isFalse();
        assertThat(holder.phone().inbox()).contains(HolderNotification.CREDENTIAL_SET_REVOKED);

        var view = phoneApp().credentialSet(holder);
        assertThat(view.json().path("state").asText()).isEqualTo("REVOKED");
        assertThat(view.json().path("applet").asText()).isEqualTo("DELETED");
        assertThat(view.json().path("certificates")).hasSize(2).allSatisfy(c ->
                assertThat(c.path("status").asText()).isEqualTo("REVOKED"));
        assertThat(view.json().path("history")).extracting(e -> e.path("event").asText())
                .contains("APPLIED", "ISSUED", "REVOKED", "APPLET_DELETED");
        assertThat(view.json().toString()).doesNotContain(holder.card().signingCertificate().getSubjectX500Principal().getName());

        // the slot is free at once: the same holder applies again on the same phone and gets a new set
        phoneApp().issue(holder, DEADLINE);
        String newSet = holder.credentialSetId().orElseThrow();
        assertThat(newSet).isNotEqualTo(setId);
        assertThat(registry.set(newSet).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
    }

    @Test
    void anOfflinePhoneKeepsTheDeletePendingUntilItIsBack() {
        SimulatedHolder holder = issuedHolder();
        String setId = holder.credentialSetId().orElseThrow();
        var accepted = phoneApp().revoke(holder, RevocationRequest.Reason.NO_LONGER_USED);
        // the phone goes offline before the remote delete runs
        holder.phone().setOnline(false);
        var pending = phoneApp().awaitRevocationSettled(holder, accepted.revocationId(), DEADLINE);
        if (!pending.finished()) {
            assertThat(pending.stage()).isEqualTo("DELETING_APPLET");
            assertThat(set(holder).state()).isEqualTo(CredentialState.REVOKED);
            poll("delete pending", () -> set(holder).appletState(), s -> s == AppletState.DELETE_PENDING);
            assertThat(holder.phone().appletInstalled()).as("still on the offline phone").isTrue();
            poll("waiting for the delete-complete notice", () -> runtime.createProcessInstanceQuery()
                    .processInstanceBusinessKey(accepted.revocationId())
                    .activityIdIn(RevokeCredentialSetProcess.Elements.TASK_AWAIT_APPLET_DELETE_REPORT).count(), n -> n == 1);
            holder.phone().setOnline(true);
            var done = phoneApp().awaitRevocationFinished(accepted.revocationId(), deadline());
            assertThat(done.stage()).isEqualTo("COMPLETED");
        }
        assertThat(registry.set(setId).orElseThrow().appletState()).isEqualTo(AppletState.DELETED);
        assertThat(holder.phone().appletInstalled()).isFalse();
    }

    @Test
    void aPhoneThatNeverComesBackLeavesTheAppletThereAfterThePeriod() {
        SimulatedHolder holder = issuedHolder();
        String setId = holder.credentialSetId().orElseThrow();
        holder.phone().setOnline(false);
        var accepted = phoneApp().revoke(holder, RevocationRequest.Reason.NO_LONGER_USED);
        poll("waiting for the delete-complete notice", () -> runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(accepted.revocationId())
                .activityIdIn(RevokeCredentialSetProcess.Elements.TASK_AWAIT_APPLET_DELETE_REPORT).count(), n -> n == 1);
        // the period is 30 days: let the timer fire now rather than wait
        var timer = management.createJobQuery().timers().activityId(RevokeCredentialSetProcess.Elements.TIMER_APPLET_DELETE_PERIOD_OVER)
                .list().stream()
                .filter(j -> runtime.createProcessInstanceQuery().processInstanceId(j.getProcessInstanceId())
                        .processInstanceBusinessKey(accepted.revocationId()).count() == 1)
                .findFirst().orElseThrow();
        management.executeJob(timer.getId());
        var done = phoneApp().awaitRevocationFinished(accepted.revocationId(), deadline());
        assertThat(done.stage()).isEqualTo("APPLET_LEFT_ON_PHONE");
        assertThat(registry.set(setId).orElseThrow().appletState()).isEqualTo(AppletState.LEFT_ON_PHONE);
        assertThat(runtime.createIncidentQuery().list()).noneMatch(i -> runtime.createProcessInstanceQuery()
                .processInstanceId(i.getProcessInstanceId()).processInstanceBusinessKey(accepted.revocationId()).count() > 0);
        holder.phone().setOnline(true);
    }

    @Test
    void refusedRequestsChangeNothing() throws Exception {
        SimulatedHolder holder = issuedHolder();
        SimulatedHolder other = issuedHolder();
        String setId = holder.credentialSetId().orElseThrow();
        AppApiClient api = phoneApp().api();
        long instances = runtime.createProcessInstanceQuery().count();

        // signed by another set's key, naming this set
        var byOther = phoneApp().prepareRevocation(other, RevocationRequest.fresh(setId, RevocationRequest.Reason.OTHER,
                java.time.Clock.systemUTC(), new java.security.SecureRandom()));
        assertRefused(() -> phoneApp().submitRevocation(byOther), 403, "signature_invalid");
        // tampered bytes under a good signature
        var good = phoneApp().prepareRevocation(holder, RevocationRequest.Reason.NO_LONGER_USED);
        var tampered = good.withRequestBytes(new String(good.requestBytes(), StandardCharsets.UTF_8)
                .replace("NO_LONGER_USED", "OTHER").getBytes(StandardCharsets.UTF_8));
        assertRefused(() -> phoneApp().submitRevocation(tampered), 403, "signature_invalid");
        // a truncated signature
        byte[] cut = java.util.Arrays.copyOf(good.signed().signature(), 100);
        assertRefused(() -> api.requestRevocation(good.requestBytes(), cut, good.signed().identification().encoded()),
                403, "signature_invalid");
        // signed by the card (the application key), not the phone
        byte[] identification = good.signed().identification().encoded();
        byte[] signedBytes = java.nio.ByteBuffer.allocate(good.requestBytes().length + identification.length)
                .put(good.requestBytes()).put(identification).array();
        byte[] byCard = holder.card().signRaw(signedBytes);
        assertRefused(() -> api.requestRevocation(good.requestBytes(), byCard, identification), 403, "signature_invalid");
        // expired
        var expired = phoneApp().prepareRevocation(holder, RevocationRequest.fresh(setId, RevocationRequest.Reason.OTHER,
                java.time.Clock.systemUTC(), new java.security.SecureRandom()).withExpiresAt(Instant.now().minus(Duration.ofHours(1))));
        assertRefused(() -> phoneApp().submitRevocation(expired), 400, "expired_request");
        // an unknown set
        var unknown = phoneApp().prepareRevocation(holder, RevocationRequest.fresh("cs-00000000-0000-0000-0000-000000000000",
                RevocationRequest.Reason.OTHER, java.time.Clock.systemUTC(), new java.security.SecureRandom()));
        assertRefused(() -> phoneApp().submitRevocation(unknown), 404, "not_found");
        // malformed and oversized bodies
        for (String body : List.of("{", "[]", "{\"request\":\"!!\",\"signature\":\"AA==\",\"identification\":\"AA==\"}",
                "{\"request\":\"" + "A".repeat(5000) + "\",\"signature\":\"AA==\",\"identification\":\"AA==\"}",
                "{\"request\":\"" + b64("{\"type\":\"REVOCATION\",\"extra\":1}") + "\",\"signature\":\"AA==\",\"identification\":\"AA==\"}",
                "{\"request\":\"" + b64("not json") + "\",\"signature\":\"AA==\",\"identification\":\"AA==\"}")) {
            var response = app().post("/api/v1/revocations", body);
            assertThat(response.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(400);
        }
        assertThat(set(holder).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(set(holder).revocationCaseId()).isNull();
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instances);

        // the good one goes through once; the same request again (its nonce is spent, and the set is taken) and a second
        // revocation are refused
        var second = phoneApp().prepareRevocation(holder, RevocationRequest.Reason.OTHER); // signed while the applet is there
        var accepted = phoneApp().submitRevocation(good);
        assertRefused(() -> phoneApp().submitRevocation(good), 409, "already_revoking");
        assertRefused(() -> phoneApp().revoke(holder, RevocationRequest.Reason.OTHER), 409, "already_revoking");
        phoneApp().awaitRevocationFinished(accepted.revocationId(), deadline());
        assertRefused(() -> phoneApp().submitRevocation(second), 409, "already_ended");
        assertThat(registry.transitions(setId)).filteredOn(t -> "REVOKED".equals(t.to())).hasSize(1);
    }

    @Test
    void concurrentRevocationsOfOneSetEndInOne() throws Exception {
        SimulatedHolder holder = issuedHolder();
        String setId = holder.credentialSetId().orElseThrow();
        List<SimulatedMynaportalApp.PreparedRevocation> prepared = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            prepared.add(phoneApp().prepareRevocation(holder, RevocationRequest.Reason.NO_LONGER_USED));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> results = new ArrayList<>();
        for (var revocation : prepared) {
            results.add(pool.submit(() -> {
                try {
                    return phoneApp().submitRevocation(revocation).revocationId();
                } catch (AppApiClient.AppApiException e) {
                    assertThat(e.status()).isEqualTo(409);
                    return null;
                }
            }));
        }
        List<String> accepted = new ArrayList<>();
        for (Future<String> f : results) {
            String id = f.get(60, TimeUnit.SECONDS);
            if (id != null) {
                accepted.add(id);
            }
        }
        pool.shutdown();
        assertThat(accepted).hasSize(1);
        phoneApp().awaitRevocationFinished(accepted.get(0), deadline());
        assertThat(registry.transitions(setId)).filteredOn(t -> "REVOKED".equals(t.to())).hasSize(1);
        for (KeyRole role : KeyRole.values()) {
            CredentialKey key = registry.key(setId, role).orElseThrow();
            assertThat(sql().queryForObject("SELECT count(*) FROM ca.status_request WHERE issuing_ca = ? AND serial = ? AND operation = 'REVOKE'",
                    Long.class, key.issuingCa(), key.serial().toString(16))).as("one revocation request at the CA for " + role)
                    .isEqualTo(1L);
        }
    }

    @Test
    void aSetStillBeingIssuedCannotBeRevokedYet() {
        SimulatedHolder holder = newHolder();
        var status = phoneApp().apply(holder);
        String setId = poll("slot reserved", () -> registry.setOfApplication(status.applicationId()), java.util.Optional::isPresent)
                .orElseThrow().credentialSetId();
        var request = RevocationRequest.fresh(setId, RevocationRequest.Reason.OTHER, java.time.Clock.systemUTC(),
                new java.security.SecureRandom());
        byte[] bytes = request.toJson();
        assertRefused(() -> phoneApp().api().requestRevocation(bytes, new byte[256], new byte[8]), 409, "not_yet_issued");
        phoneApp().complete(holder, status.applicationId(), deadline());
        assertThat(registry.set(setId).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AppApiClient.AppApiException.class, e -> {
            assertThat(e.status()).as(e.serverMessage()).isEqualTo(status);
            assertThat(e.error()).isEqualTo(code);
        });
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private String openSslOcsp(X509Certificate certificate) throws Exception {
        return new OpenSslRelyingParty(ca).ocsp(certificate);
    }

    private String openSslVerifyWithCrl(X509Certificate certificate) throws Exception {
        return new OpenSslRelyingParty(ca).verifyWithCrl(certificate);
    }

    private static X509Certificate x509(byte[] der) throws Exception {
        return OpenSslRelyingParty.x509(der);
    }
}
