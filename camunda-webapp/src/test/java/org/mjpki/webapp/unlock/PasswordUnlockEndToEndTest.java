package org.mjpki.webapp.unlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.webapp.AppApiRefusals.nonce;
import static org.mjpki.webapp.AppApiRefusals.refusal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletException;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.AppletStatus;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.applet.client.SignatureResult;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.Topics;
import org.mjpki.processes.unlock.PasswordUnlockProcess;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.HolderRequest;
import org.mjpki.simulator.app.AppApiClient;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.callcenter.CallCenterForTests;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.revocation.OpenSslRelyingParty;

/**
 * The holder's password and PIN (R9), end to end on PostgreSQL through the app API only: a signing password locked by 5
 * wrong tries and a user-auth PIN locked by 3 are released with the card ({@code password-unlock}), the new secret
 * encrypted by the app for the applet and relayed by the server; a known secret is changed on the phone with no server
 * at all; a phone that drops mid-way resumes; and every request that must not work is refused and changes nothing.
 */
class PasswordUnlockEndToEndTest extends EndToEndOnPostgres {

    private static final int SW_BLOCKED = 0x6983;

    private SimulatedHolder issuedHolder() {
        SimulatedHolder holder = newHolder();
        assertThat(world.app().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        return holder;
    }

    private CredentialSet setOf(SimulatedHolder holder) {
        return registry.set(holder.credentialSetId().orElseThrow()).orElseThrow();
    }

    private void lock(SimulatedHolder holder, SecretKind kind) {
        for (int left = kind.tryLimit() - 1; left >= 0; left--) {
            assertThat(world.app().typeWrongSecret(holder, kind)).isEqualTo(left);
        }
        assertThat(world.app().appletStatus(holder).blocked(kind)).isTrue();
    }

    private int signingRefusal(SimulatedHolder holder, AppletKey role) {
        try {
            world.app().sign(holder, role, "a document".getBytes());
        } catch (AppletException e) {
            return e.statusWord();
        }
        throw new AssertionError("the applet signed");
    }

    /** A signature with the holder's current secret, checked against the certificate on record. */
    private void signsWith(SimulatedHolder holder, AppletKey role) throws Exception {
        KeyRole keyRole = role == AppletKey.SIGNING ? KeyRole.SIGNING : KeyRole.USER_AUTH;
        byte[] data = ("signed after the lock release " + role).getBytes();
        SignatureResult signature = world.app().sign(holder, role, data);
        X509Certificate certificate = OpenSslRelyingParty.x509(registry.key(setOf(holder).credentialSetId(), keyRole)
                .orElseThrow().certificate());
        assertThat(signature.verify(certificate.getPublicKey(), data)).isTrue();
    }

    private long lockReleaseInstances(String setId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(PasswordUnlockProcess.PROCESS_KEY)
                .variableValueEquals("credentialSetId", setId).count();
    }

    private int confidentialHistoryRows() {
        return sql().queryForObject("SELECT (SELECT count(*) FROM act_hi_varinst WHERE name_ = ?) "
                + "+ (SELECT count(*) FROM act_hi_detail WHERE name_ = ?)", Integer.class,
                PasswordUnlockProcess.Variables.ENCRYPTED_NEW_SECRET, PasswordUnlockProcess.Variables.ENCRYPTED_NEW_SECRET);
    }

    @Test
    void aSigningPasswordLockedByFiveWrongTriesIsReleasedWithTheCard() throws Exception {
        SimulatedHolder holder = issuedHolder();
        lock(holder, SecretKind.SIGNING_PASSWORD);
        assertThat(signingRefusal(holder, AppletKey.SIGNING)).isEqualTo(SW_BLOCKED);

        AppApiClient.LockReleaseStatus released = world.app().releaseLock(holder, SecretKind.SIGNING_PASSWORD, DEADLINE);

        assertThat(released.stage()).isEqualTo("COMPLETED");
        assertThat(released.finished()).isTrue();
        assertThat(released.secret()).isEqualTo("SIGNING_PASSWORD");
        assertThat(released.mayOfferBiometrics()).isFalse();
        AppletStatus status = world.app().appletStatus(holder);
        assertThat(status.remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        assertThat(status.blocked(SecretKind.SIGNING_PASSWORD)).isFalse();
        signsWith(holder, AppletKey.SIGNING);
        poll("the phone told", () -> holder.phone().inbox(), inbox -> inbox.contains(HolderNotification.LOCK_RELEASED));
        HolderRequest request = registry.holderRequest(released.lockReleaseId()).orElseThrow();
        assertThat(request.kind()).isEqualTo(HolderRequest.Kind.LOCK_RELEASE);
        assertThat(request.reason()).isEqualTo("SIGNING_PASSWORD");
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(PasswordUnlockProcess.PROCESS_KEY)
                .processInstanceBusinessKey(released.lockReleaseId()).singleResult().getEndActivityId())
                .isEqualTo(PasswordUnlockProcess.Elements.END_EVENT_LOCK_RELEASED);
        assertThat(setOf(holder).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(confidentialHistoryRows()).as("the relayed secret is never kept in history").isZero();
    }

    @Test
    void aPinLockedByThreeWrongTriesIsReleasedAndTheBiometricRegistrationEnds() throws Exception {
        SimulatedHolder holder = issuedHolder();
        world.app().registerBiometrics(holder);
        assertThat(world.app().appletStatus(holder).biometricRegistered()).isTrue();
        lock(holder, SecretKind.USER_AUTH_PIN);
        assertThat(signingRefusal(holder, AppletKey.USER_AUTH)).isEqualTo(SW_BLOCKED);

        AppApiClient.LockReleaseStatus released = world.app().releaseLock(holder, SecretKind.USER_AUTH_PIN, DEADLINE);

        assertThat(released.stage()).isEqualTo("COMPLETED");
        assertThat(released.mayOfferBiometrics()).as("the phone's model allows biometrics")
                .isEqualTo(Boolean.TRUE.equals(setOf(holder).biometricsAllowed()));
        AppletStatus status = world.app().appletStatus(holder);
        assertThat(status.remainingTries(SecretKind.USER_AUTH_PIN)).isEqualTo(3);
        assertThat(status.biometricRegistered()).as("biometrics stand in for the PIN: they end with its release").isFalse();
        signsWith(holder, AppletKey.USER_AUTH);
        // the signing password was never touched
        assertThat(status.remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        signsWith(holder, AppletKey.SIGNING);
    }

    @Test
    void aKnownSecretIsChangedOnThePhoneWithoutTheServer() throws Exception {
        SimulatedHolder holder = issuedHolder();
        String setId = setOf(holder).credentialSetId();
        long requestsBefore = sql().queryForObject("SELECT count(*) FROM registry.holder_request", Long.class);
        long instancesBefore = history.createHistoricProcessInstanceQuery().count();
        // no network at all: the change is between the app and the applet
        holder.phone().setOnline(false);

        world.app().changeSecret(holder, SecretKind.SIGNING_PASSWORD);
        world.app().changeSecret(holder, SecretKind.USER_AUTH_PIN);

        signsWith(holder, AppletKey.SIGNING);
        signsWith(holder, AppletKey.USER_AUTH);
        assertThat(sql().queryForObject("SELECT count(*) FROM registry.holder_request", Long.class)).isEqualTo(requestsBefore);
        assertThat(history.createHistoricProcessInstanceQuery().count()).isEqualTo(instancesBefore);
        assertThat(lockReleaseInstances(setId)).isZero();
        holder.phone().setOnline(true);
    }

    @Test
    void aPhoneThatDropsMidwayResumesOnceBack() throws Exception {
        SimulatedHolder holder = issuedHolder();
        lock(holder, SecretKind.SIGNING_PASSWORD);
        AppApiClient.LockReleaseStatus asked = world.app().api().requestLockRelease(setOf(holder).credentialSetId(),
                world.app().signLockRelease(holder, SecretKind.SIGNING_PASSWORD));
        assertThat(asked.stage()).isEqualTo("AWAITING_NEW_SECRET");
        holder.phone().setOnline(false);
        // the app encrypts on the phone (no network needed) and sends; the server cannot reach the phone
        CompletableFuture<AppApiClient.LockReleaseStatus> entered = CompletableFuture.supplyAsync(() ->
                world.app().enterNewSecret(holder, SecretKind.SIGNING_PASSWORD, asked.lockReleaseId(), deadline()));
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(asked.lockReleaseId())
                .singleResult().getId();
        ExternalTask waiting = poll("the release found the phone unreachable", () -> externalTasks.createExternalTaskQuery()
                .topicName(Topics.RELEASE_SECRET_LOCK).processInstanceId(instance).singleResult(),
                t -> t != null && t.getErrorMessage() != null);
        assertThat(waiting.getErrorMessage()).startsWith("Waiting for the phone");
        assertThat(world.app().api().lockRelease(asked.lockReleaseId()).stage()).isEqualTo("RELEASING");
        assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isZero();

        holder.phone().setOnline(true);
        // past the worker's wait for an unreachable phone (30 s): release the lock now, as its end would
        externalTasks.unlock(waiting.getId());

        assertThat(entered.get().stage()).isEqualTo("COMPLETED");
        signsWith(holder, AppletKey.SIGNING);
    }

    @Test
    void aSetPutOnHoldWhileTheHolderTypesIsNotReleased() throws Exception {
        SimulatedHolder holder = issuedHolder();
        lock(holder, SecretKind.USER_AUTH_PIN);
        AppApiClient.LockReleaseStatus asked = world.app().api().requestLockRelease(setOf(holder).credentialSetId(),
                world.app().signLockRelease(holder, SecretKind.USER_AUTH_PIN));
        new CallCenterForTests().holdSetOf(holder.card().holder(), "STOLEN");
        poll("the set on hold", () -> setOf(holder).state(), s -> s == CredentialState.ON_HOLD);

        AppApiClient.LockReleaseStatus ended = world.app().enterNewSecret(holder, SecretKind.USER_AUTH_PIN,
                asked.lockReleaseId(), deadline());

        assertThat(ended.stage()).isEqualTo("SET_NOT_ACTIVE");
        assertThat(world.app().appletStatus(holder).blocked(SecretKind.USER_AUTH_PIN)).isTrue();
    }

    @Test
    void lockReleasesThatMustNotWorkAreRefusedAndChangeNothing() throws Exception {
        SimulatedHolder holder = issuedHolder();
        String setId = setOf(holder).credentialSetId();
        String seId = holder.phone().seId();
        lock(holder, SecretKind.SIGNING_PASSWORD);
        AppApiClient api = world.app().api();
        SecretKind password = SecretKind.SIGNING_PASSWORD;
        // a card of another person
        SimulatedHolder stranger = issuedHolder();
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signLockRelease(stranger, setId, seId, password,
                Instant.now().plusSeconds(120), nonce())))).isEqualTo("not_the_holder");
        // for another phone than the set's
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signLockRelease(holder, setId,
                stranger.phone().seId(), password, Instant.now().plusSeconds(120), nonce())))).isEqualTo("not_this_phone");
        // naming another set than the one it is sent for
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signLockRelease(holder,
                setOf(stranger).credentialSetId(), seId, password, Instant.now().plusSeconds(120), nonce()))))
                .isEqualTo("invalid_request");
        // expired, and too far ahead
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signLockRelease(holder, setId, seId, password,
                Instant.now().minusSeconds(3600), nonce())))).isEqualTo("expired_request");
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signLockRelease(holder, setId, seId, password,
                Instant.now().plusSeconds(86_400), nonce())))).isEqualTo("invalid_request");
        // malformed: not CMS, an unknown secret, an unknown field, oversized
        assertThat(refusal(() -> api.requestLockRelease(setId, new byte[] {1, 2, 3}))).isEqualTo("invalid_request");
        byte[] unknownSecret = holder.card().signDocument(("{\"type\":\"LOCK_RELEASE\",\"credentialSetId\":\"" + setId
                + "\",\"seId\":\"" + seId + "\",\"secret\":\"CARD_PIN\",\"nonce\":\"" + nonce() + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(120) + "\"}").getBytes());
        assertThat(refusal(() -> api.requestLockRelease(setId, unknownSecret))).isEqualTo("invalid_request");
        byte[] extraField = holder.card().signDocument(("{\"type\":\"LOCK_RELEASE\",\"credentialSetId\":\"" + setId
                + "\",\"seId\":\"" + seId + "\",\"secret\":\"SIGNING_PASSWORD\",\"newPassword\":\"ABC123\",\"nonce\":\""
                + nonce() + "\",\"expiresAt\":\"" + Instant.now().plusSeconds(120) + "\"}").getBytes());
        assertThat(refusal(() -> api.requestLockRelease(setId, extraField))).isEqualTo("invalid_request");
        // over the app API's body limit: refused at the door, unread (issue 15: RequestBodyLimit)
        assertThat(refusal(() -> api.requestLockRelease(setId, new byte[64 * 1024]))).isEqualTo("payload_too_large");
        // a hold release is not a lock release
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signHoldRelease(holder)))).isEqualTo("invalid_request");
        assertThat(refusal(() -> api.lockRelease("unl-nothing"))).isEqualTo("not_found");

        // a card whose certificate is on hold, then revoked
        SimulatedHolder heldCard = issuedHolder();
        X509Certificate card = heldCard.card().signingCertificate();
        CertificateRef cardRef = new CertificateRef(IssuingCa.SIGNING, card.getSerialNumber());
        ca.placeOnHold("test/hold-card/" + card.getSerialNumber(), cardRef);
        assertThat(refusal(() -> api.requestLockRelease(setOf(heldCard).credentialSetId(),
                world.app().signLockRelease(heldCard, password)))).isEqualTo("card_certificate_not_good");
        ca.revoke("test/revoke-card/" + card.getSerialNumber(), cardRef, RevocationReason.KEY_COMPROMISE);
        assertThat(refusal(() -> api.requestLockRelease(setOf(heldCard).credentialSetId(),
                world.app().signLockRelease(heldCard, password)))).isEqualTo("card_certificate_not_good");

        // a set on hold, and a revoked set
        SimulatedHolder onHold = issuedHolder();
        new CallCenterForTests().holdSetOf(onHold.card().holder(), "LOST");
        poll("the set on hold", () -> setOf(onHold).state(), s -> s == CredentialState.ON_HOLD);
        assertThat(refusal(() -> api.requestLockRelease(setOf(onHold).credentialSetId(),
                world.app().signLockRelease(onHold, password)))).isEqualTo("set_on_hold");
        SimulatedHolder revoked = issuedHolder();
        var revocation = world.app().revoke(revoked, org.mjpki.simulator.app.RevocationRequest.Reason.NO_LONGER_USED);
        world.app().awaitRevocationFinished(revocation.revocationId(), deadline());
        assertThat(refusal(() -> api.requestLockRelease(setOf(revoked).credentialSetId(),
                world.app().signLockRelease(revoked, password)))).isEqualTo("set_not_active");

        // nothing of all that was recorded or started, and the applet is as it was
        assertThat(lockReleaseInstances(setId)).isZero();
        assertThat(sql().queryForObject("SELECT count(*) FROM registry.holder_request WHERE kind = 'LOCK_RELEASE' AND credential_set_id IN (?, ?, ?, ?)",
                Long.class, setId, setOf(heldCard).credentialSetId(), setOf(onHold).credentialSetId(),
                setOf(revoked).credentialSetId())).isZero();
        assertThat(world.app().appletStatus(holder).blocked(password)).isTrue();

        // a good request is taken; its replay is refused, and so is a second one while the first runs
        byte[] good = world.app().signLockRelease(holder, setId, seId, password, Instant.now().plusSeconds(120), nonce());
        AppApiClient.LockReleaseStatus first = api.requestLockRelease(setId, good);
        assertThat(refusal(() -> api.requestLockRelease(setId, good))).isEqualTo("replayed_request");
        assertThat(refusal(() -> api.requestLockRelease(setId, world.app().signLockRelease(holder, password))))
                .isEqualTo("lock_release_in_progress");
        // a new secret that is not one: refused before the model sees it
        assertThat(refusal(() -> api.submitNewSecret(first.lockReleaseId(), new byte[103]))).isEqualTo("invalid_request");
        assertThat(refusal(() -> api.submitNewSecret(first.lockReleaseId(), new byte[300]))).isEqualTo("invalid_request");
        byte[] pinBlob = world.app().encryptNewSecret(holder, SecretKind.USER_AUTH_PIN, "1357".getBytes());
        assertThat(refusal(() -> api.submitNewSecret(first.lockReleaseId(), pinBlob))).as("a PIN for a password release")
                .isEqualTo("invalid_request");
        assertThat(api.lockRelease(first.lockReleaseId()).stage()).isEqualTo("AWAITING_NEW_SECRET");
        // a blob the applet refuses (made before the counter moved on): NEW_SECRET_REFUSED, and the holder enters it again
        byte[] stale = world.app().encryptNewSecret(holder, password, "STALE1234".getBytes());
        world.app().changeSecret(holder, SecretKind.USER_AUTH_PIN); // moves the applet's counter on
        api.submitNewSecret(first.lockReleaseId(), stale);
        AppApiClient.LockReleaseStatus refused = world.app().awaitLockRelease(first.lockReleaseId(),
                s -> s.finished() || "NEW_SECRET_REFUSED".equals(s.stage()), deadline());
        assertThat(refused.stage()).isEqualTo("NEW_SECRET_REFUSED");
        assertThat(refused.message()).contains("enter it again");
        assertThat(world.app().appletStatus(holder).blocked(password)).isTrue();
        assertThat(world.app().enterNewSecret(holder, password, first.lockReleaseId(), deadline()).stage()).isEqualTo("COMPLETED");
        signsWith(holder, AppletKey.SIGNING);
        assertThat(refusal(() -> api.submitNewSecret(first.lockReleaseId(),
                world.app().encryptNewSecret(holder, password, "LATE12345".getBytes())))).isEqualTo("not_awaiting_new_secret");
    }
}
