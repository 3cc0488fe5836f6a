package org.mjpki.webapp.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.webapp.workers.WorkerCalls.serviceThatLosesTheFirstCompletion;
import static org.mjpki.webapp.workers.WorkerCalls.task;
import static org.mjpki.webapp.workers.WorkerCalls.terminalCalls;
import static org.mockito.Mockito.doReturn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.List;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletStatus;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.NotificationKinds;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.simulator.phone.SimulatedPhone;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.workers.IssuanceSteps.Application;
import org.mjpki.workers.ca.CardHolderFacts;
import org.mjpki.workers.ca.CertificateRevocations;
import org.mjpki.workers.ca.IssueCertificateWorker;
import org.mjpki.workers.ca.RevokeCertificateWorker;
import org.mjpki.workers.push.NotifyHolderWorker;
import org.mjpki.workers.registry.ActivateCredentialWorker;
import org.mjpki.workers.registry.RecordAppletLeftOnPhoneWorker;
import org.mjpki.workers.registry.ReleaseSlotWorker;
import org.mjpki.workers.registry.ReserveSlotWorker;
import org.mjpki.workers.registry.RevokeCredentialSetWorker;
import org.mjpki.workers.se.GenerateKeyPairWorker;
import org.mjpki.workers.se.IssuerKeys;
import org.mjpki.workers.se.StoreCertificateWorker;
import org.mjpki.workers.support.MjpkiWorker;
import org.mjpki.workers.tsm.DeleteAppletWorker;
import org.mjpki.workers.tsm.InstallAppletWorker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 5, exactly once: a worker that dies after its side effect and before the engine saw its completion does
 * not repeat the side effect when the task comes back. For every side-effecting topic the real worker bean runs
 * against the real registry, CA and simulated phone; the first attempt's {@code complete} is lost (the stubbed
 * {@code ExternalTaskService} throws, as a crashed worker or a dropped connection would leave it), the same task
 * is executed again, and the side effect is counted where it lands: certificates in the CA's own table,
 * revocation requests, the key and certificate inside the applet, the registry's audit rows, the push service's
 * deliveries and the phone's inbox. The state before each step is made by the real workers in process order
 * ({@link IssuanceSteps}); nothing of ours is mocked.
 */
class ExactlyOnceTest extends EndToEndOnPostgres {

    @Autowired ApplicationContext context;
    @Autowired IssuerKeys issuerKeys;
    @Autowired CardHolderFacts cardHolderFacts;
    @Autowired CertificateRevocations revocations;

    @Autowired ReserveSlotWorker reserveSlot;
    @Autowired ReleaseSlotWorker releaseSlot;
    @Autowired InstallAppletWorker installApplet;
    @Autowired DeleteAppletWorker deleteApplet;
    @Autowired GenerateKeyPairWorker generateKeyPair;
    @Autowired IssueCertificateWorker issueCertificate;
    @Autowired RevokeCertificateWorker revokeCertificate;
    @Autowired StoreCertificateWorker storeCertificate;
    @Autowired ActivateCredentialWorker activateCredential;
    @Autowired NotifyHolderWorker notifyHolder;
    @Autowired RevokeCredentialSetWorker revokeCredentialSet;
    @Autowired RecordAppletLeftOnPhoneWorker recordAppletLeftOnPhone;
    @Autowired org.mjpki.workers.registry.TakeSetToReplaceWorker takeSetToReplace;
    @Autowired org.mjpki.workers.registry.PlaceSetOnHoldWorker placeSetOnHold;
    @Autowired org.mjpki.workers.ca.HoldCertificateWorker holdCertificate;
    @Autowired org.mjpki.workers.ca.ReleaseCertificateHoldWorker releaseCertificateHold;
    @Autowired org.mjpki.workers.registry.ReleaseSetHoldWorker releaseSetHold;
    @Autowired org.mjpki.workers.se.GenerateReplacementKeyPairWorker generateReplacementKeyPair;
    @Autowired org.mjpki.workers.ca.IssueReplacementCertificateWorker issueReplacementCertificate;
    @Autowired org.mjpki.workers.se.StoreReplacementCertificateWorker storeReplacementCertificate;
    @Autowired org.mjpki.workers.registry.CompleteKeyReplacementWorker completeKeyReplacement;
    @Autowired org.mjpki.workers.se.ReleaseSecretLockWorker releaseSecretLock;

    private IssuanceSteps steps;
    private JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
        steps = new IssuanceSteps(context);
        jdbc = sql();
    }

    /**
     * The first attempt does its work and loses its completion; the retry (same task, as the engine would hand
     * it out again) completes. Neither attempt reports a failure or a BPMN error.
     */
    private static void diesBeforeCompletingThenRetries(MjpkiWorker worker, ExternalTask task, Runnable betweenAttempts) {
        ExternalTaskService dying = serviceThatLosesTheFirstCompletion();
        worker.execute(task, dying); // must not throw: the lost completion is only logged
        assertThat(terminalCalls(dying)).as("first attempt tried to complete, and only that").containsExactly("complete");
        betweenAttempts.run();
        ExternalTaskService retry = WorkerCalls.service();
        worker.execute(task, retry);
        assertThat(terminalCalls(retry)).as("the retry completes, it neither fails nor throws a BPMN error")
                .containsExactly("complete");
    }

    private static void diesBeforeCompletingThenRetries(MjpkiWorker worker, ExternalTask task) {
        diesBeforeCompletingThenRetries(worker, task, () -> { });
    }

    private List<CredentialTransition> transitionsTo(String applicationId, CredentialState to) {
        return registry.transitions(registry.setOfApplication(applicationId).orElseThrow().credentialSetId()).stream().filter(t -> t.to().equals(to.name())).toList();
    }

    private static <T> T onPhone(SimulatedPhone phone, java.util.function.Function<JpkiAppletClient, T> read) {
        return phone.withLocalApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            return read.apply(applet);
        });
    }

    private static byte[] publicKeyOnPhone(SimulatedPhone phone, org.mjpki.applet.client.AppletKey role) {
        return onPhone(phone, applet -> applet.readPublicKey(role).getEncoded());
    }

    private static byte[] certificateOnPhone(SimulatedPhone phone, org.mjpki.applet.client.AppletKey role) {
        return onPhone(phone, applet -> applet.readCertificate(role));
    }

    private static AppletStatus statusOnPhone(SimulatedPhone phone) {
        return onPhone(phone, JpkiAppletClient::status);
    }

    @Test
    void reserveSlotReservesOnceWithOneAuditRow() {
        Application a = steps.verified();

        diesBeforeCompletingThenRetries(reserveSlot, task(Topics.RESERVE_SLOT, a.id(), null, null));

        assertThat(registry.setOfApplication(a.id()).orElseThrow().state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.liveSetOf(a.holderRef()).orElseThrow().applicationId()).isEqualTo(a.id());
        assertThat(registry.transitions(registry.setOfApplication(a.id()).orElseThrow().credentialSetId())).as("one audit row: slot reserved").hasSize(1)
                .allSatisfy(t -> assertThat(t.to()).isEqualTo("RESERVED"));
    }

    @Test
    void installAppletInstallsOnceAndTheRetryDoesNotAskTheTsmAgain() {
        Application a = steps.reserved();
        SimulatedPhone phone = a.holder().phone();

        diesBeforeCompletingThenRetries(installApplet, task(Topics.INSTALL_APPLET, a.id(), null, null), () -> {
            assertThat(phone.appletInstalled()).isTrue();
            // the holder sets the password and PIN in the applet, and the phone then goes offline: a retry that
            // asked the SEI-TSM again would find the phone unreachable (and wait instead of completing), and a
            // reinstalled applet would have lost the holder's secrets
            world.app().setSecrets(a.holder());
            phone.setOnline(false);
        });
        phone.setOnline(true);

        AppletStatus status = statusOnPhone(phone);
        assertThat(status.secretSet(SecretKind.SIGNING_PASSWORD)).as("the same applet instance: secrets kept").isTrue();
        assertThat(status.secretSet(SecretKind.USER_AUTH_PIN)).isTrue();
        assertThat(registry.setOfApplication(a.id()).orElseThrow())
                .satisfies(c -> assertThat(c.appletState()).isEqualTo(AppletState.INSTALLED))
                .satisfies(c -> assertThat(c.state()).isEqualTo(CredentialState.PERSONALIZING));
        assertThat(transitionsTo(a.id(), CredentialState.PERSONALIZING)).hasSize(1);
    }

    @Test
    void generateKeyPairGeneratesOneKeyPair() {
        Application a = steps.installed();
        KeyRole role = KeyRole.SIGNING;
        byte[][] first = new byte[2][];

        diesBeforeCompletingThenRetries(generateKeyPair, task(Topics.GENERATE_KEY_PAIR, a.id(), role.name(), null), () -> {
            first[0] = registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow().publicKey();
            first[1] = publicKeyOnPhone(a.holder().phone(), org.mjpki.applet.client.AppletKey.SIGNING);
        });

        assertThat(first[1]).as("the registry records the applet's key").isEqualTo(first[0]);
        assertThat(registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow().publicKey()).as("registry key unchanged").isEqualTo(first[0]);
        assertThat(publicKeyOnPhone(a.holder().phone(), org.mjpki.applet.client.AppletKey.SIGNING))
                .as("applet key unchanged: no second key pair").isEqualTo(first[1]);
    }

    @Test
    void generateKeyPairReadsAKeyTheAppletMadeBeforeTheWorkerDiedInsteadOfMakingASecond() {
        Application a = steps.installed();
        // the worker died after the applet generated the key and before the registry recorded it
        byte[] madeEarlier = onPhone(a.holder().phone(), applet -> applet
                .openIssuerSession(issuerKeys.forSecureElement(a.seId()))
                .generateKeyPair(org.mjpki.applet.client.AppletKey.USER_AUTH).getEncoded());
        assertThat(registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), KeyRole.USER_AUTH)).isEmpty();

        WorkerCalls.runToCompletion(generateKeyPair, task(Topics.GENERATE_KEY_PAIR, a.id(), KeyRole.USER_AUTH.name(), null));

        assertThat(registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), KeyRole.USER_AUTH).orElseThrow().publicKey()).isEqualTo(madeEarlier);
        assertThat(publicKeyOnPhone(a.holder().phone(), org.mjpki.applet.client.AppletKey.USER_AUTH))
                .isEqualTo(madeEarlier);
    }

    @Test
    void issueCertificateIssuesOneCertificate() {
        Application a = steps.installed();
        KeyRole role = KeyRole.SIGNING;
        steps.keyGenerated(a, role);
        BigInteger[] firstSerial = new BigInteger[1];

        diesBeforeCompletingThenRetries(issueCertificate, task(Topics.ISSUE_CERTIFICATE, a.id(), role.name(), null), () -> {
            firstSerial[0] = registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow().serial();
            assertThat(firstSerial[0]).isNotNull();
        });

        CredentialKey key = registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow();
        assertThat(key.serial()).as("same certificate serial").isEqualTo(firstSerial[0]);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.certificate WHERE request_id = ?", Integer.class,
                a.id() + "/issue/" + role)).as("one certificate for this request in the CA").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.certificate WHERE holder_ref = ? AND medium = 'SMARTPHONE'",
                Integer.class, a.holderRef())).as("one smartphone certificate for this holder in the CA").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT der FROM ca.certificate WHERE issuing_ca = ? AND serial = ?", byte[].class,
                key.issuingCa(), key.serial().toString(16))).isEqualTo(key.issuedCertificate().orElseThrow());
    }

    /**
     * The worker dies after the CA issued and before the registry recorded the certificate (the gap the test above
     * cannot reach: its retry stops early on the registry's record). The CA has a certificate the registry does not
     * know of; the retry asks the CA again with the same request id and records the certificate the CA already
     * made, never a second one.
     */
    @Test
    void issueCertificateAfterTheCaIssuedButTheRegistryNeverHeardGetsTheSameCertificateBack() {
        Application a = steps.installed();
        KeyRole role = KeyRole.USER_AUTH;
        steps.keyGenerated(a, role);
        String requestId = a.id() + "/issue/" + role;
        IssuedCertificate[] issuedBeforeTheCrash = new IssuedCertificate[1];
        CertificateAuthority diesAfterTheCaAnswers = (CertificateAuthority) Proxy.newProxyInstance(
                CertificateAuthority.class.getClassLoader(), new Class<?>[] {CertificateAuthority.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(ca, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("issue")) {
                        issuedBeforeTheCrash[0] = (IssuedCertificate) result;
                        throw new IllegalStateException("worker process killed after the CA's answer");
                    }
                    return result;
                });
        IssueCertificateWorker dying = new IssueCertificateWorker(registry, diesAfterTheCaAnswers, cardHolderFacts, revocations);
        ExternalTask task = task(Topics.ISSUE_CERTIFICATE, a.id(), role.name(), null);

        ExternalTaskService first = WorkerCalls.service();
        dying.execute(task, first);
        // reported as a failure here; a worker killed outright reports nothing and the task comes back when its lock
        // runs out: either way the same task is executed again
        assertThat(terminalCalls(first)).as("the first attempt did not complete").containsExactly("handleFailure");
        assertThat(issuedBeforeTheCrash[0]).as("the CA issued before the worker died").isNotNull();
        assertThat(registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow().serial()).as("the registry has no record of it").isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.certificate WHERE request_id = ?", Integer.class, requestId))
                .isEqualTo(1);

        WorkerCalls.runToCompletion(issueCertificate, task);

        CredentialKey key = registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow();
        assertThat(key.serial()).as("the registry ends with the certificate the CA made before the crash")
                .isEqualTo(issuedBeforeTheCrash[0].ref().serial());
        assertThat(key.issuedCertificate().orElseThrow()).isEqualTo(encoded(issuedBeforeTheCrash[0]));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.certificate WHERE request_id = ?", Integer.class, requestId))
                .as("one certificate for this application and role in the CA").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.certificate WHERE holder_ref = ? AND medium = 'SMARTPHONE'",
                Integer.class, a.holderRef())).as("no second certificate for this holder").isEqualTo(1);
    }

    private static byte[] encoded(IssuedCertificate issued) {
        try {
            return issued.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void storeCertificateStoresTheCertificateOnce() {
        KeyRole role = KeyRole.USER_AUTH;
        Application a = steps.issued(role);
        byte[] issued = registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow().issuedCertificate().orElseThrow();

        diesBeforeCompletingThenRetries(storeCertificate, task(Topics.STORE_CERTIFICATE, a.id(), role.name(), null), () ->
                assertThat(certificateOnPhone(a.holder().phone(), org.mjpki.applet.client.AppletKey.USER_AUTH))
                        .as("stored by the first attempt").isEqualTo(issued));

        assertThat(certificateOnPhone(a.holder().phone(), org.mjpki.applet.client.AppletKey.USER_AUTH))
                .isEqualTo(issued);
        assertThat(statusOnPhone(a.holder().phone()).certificatePresent(org.mjpki.applet.client.AppletKey.SIGNING))
                .as("nothing stored in the other slot").isFalse();
    }

    @Test
    void revokeCertificateRevokesOnce() {
        KeyRole role = KeyRole.SIGNING;
        Application a = steps.issued(role);
        CredentialKey key = registry.key(registry.setOfApplication(a.id()).orElseThrow().credentialSetId(), role).orElseThrow();
        String serial = key.serial().toString(16);
        Timestamp[] revokedAt = new Timestamp[1];

        diesBeforeCompletingThenRetries(revokeCertificate, task(Topics.REVOKE_CERTIFICATE, a.id(), role.name(), null), () ->
                revokedAt[0] = jdbc.queryForObject("SELECT revoked_at FROM ca.certificate WHERE issuing_ca = ? AND serial = ? AND status = 'REVOKED'",
                        Timestamp.class, key.issuingCa(), serial));

        assertThat(revokedAt[0]).isNotNull();
        assertThat(jdbc.queryForObject("SELECT revoked_at FROM ca.certificate WHERE issuing_ca = ? AND serial = ?",
                Timestamp.class, key.issuingCa(), serial)).as("revoked once: revocation time unchanged").isEqualTo(revokedAt[0]);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.status_request WHERE issuing_ca = ? AND serial = ?",
                Integer.class, key.issuingCa(), serial)).as("one revocation request").isEqualTo(1);
    }

    @Test
    void deleteAppletDeletesOnceAndTheRetryDoesNotAskTheTsmAgain() {
        Application a = steps.installed();
        SimulatedPhone phone = a.holder().phone();

        diesBeforeCompletingThenRetries(deleteApplet, task(Topics.DELETE_APPLET, a.id(), null, null), () -> {
            assertThat(phone.appletInstalled()).isFalse();
            // offline now: a retry that asked the SEI-TSM again would leave a delete pending on this phone
            phone.setOnline(false);
        });

        assertThat(phone.deletePending()).as("the retry did not ask the SEI-TSM again").isFalse();
        phone.setOnline(true);
        assertThat(registry.setOfApplication(a.id()).orElseThrow().appletState()).isEqualTo(AppletState.DELETED);
    }

    @Test
    void releaseSlotReleasesOnceWithOneAuditRow() {
        Application a = steps.installed();

        diesBeforeCompletingThenRetries(releaseSlot, task(Topics.RELEASE_SLOT, a.id(), null, null));

        assertThat(registry.setOfApplication(a.id()).orElseThrow().state()).isEqualTo(CredentialState.ABANDONED);
        assertThat(registry.liveSetOf(a.holderRef())).as("the holder's slot is free").isEmpty();
        assertThat(transitionsTo(a.id(), CredentialState.ABANDONED)).as("one audit row").hasSize(1);
        assertThat(registry.transitions(registry.setOfApplication(a.id()).orElseThrow().credentialSetId())).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.SET).extracting(CredentialTransition::to)
                .containsExactly("RESERVED", "PERSONALIZING", "ABANDONED");
    }

    @Test
    void activateCredentialActivatesOnceWithOneAuditRow() {
        Application a = steps.personalized();
        ExternalTask task = task(Topics.ACTIVATE_CREDENTIAL, a.id(), null, null);
        doReturn(false).when(task).getVariable(Variables.BIOMETRICS_ALLOWED);

        diesBeforeCompletingThenRetries(activateCredential, task);

        assertThat(registry.setOfApplication(a.id()).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(registry.setOfApplication(a.id()).orElseThrow().biometricsAllowed()).isFalse();
        assertThat(registry.transitions(registry.setOfApplication(a.id()).orElseThrow().credentialSetId())).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.SET).extracting(CredentialTransition::to)
                .containsExactly("RESERVED", "PERSONALIZING", "ACTIVE");
    }

    @Test
    void notifyHolderPushesOnce() {
        Application a = steps.reserved();
        SimulatedPhone phone = a.holder().phone();
        long before = world.push().deliveries();

        diesBeforeCompletingThenRetries(notifyHolder, task(Topics.NOTIFY_HOLDER, a.id(), null, null));

        assertThat(world.push().deliveries() - before).as("the push service delivered one notification").isEqualTo(1);
        assertThat(phone.inbox()).containsExactly(HolderNotification.ISSUANCE_COMPLETED);
    }

    @Test
    void notifyHolderOfACancellationPushesOnce() {
        Application a = steps.installed();
        SimulatedPhone phone = a.holder().phone();
        long before = world.push().deliveries();
        ExternalTask task = task(Topics.NOTIFY_HOLDER, a.id(), null, null);
        doReturn(NotificationKinds.ISSUANCE_CANCELLED).when(task).getVariable(CaseVariables.NOTIFICATION_KIND);

        diesBeforeCompletingThenRetries(notifyHolder, task);

        assertThat(world.push().deliveries() - before).as("the push service delivered one notification").isEqualTo(1);
        assertThat(phone.inbox()).containsExactly(HolderNotification.ISSUANCE_CANCELLED);
    }

    // ------------------------------------------------------------------ a revocation's steps (issue 10)

    /** An active set, and a task of a revocation case acting on it, as "Revoke credential set" hands them out. */
    private ExternalTask revocationTask(String topic, String caseId, String setId, String keyRole) {
        ExternalTask task = task(topic, caseId, keyRole, null);
        doReturn(null).when(task).getVariable("applicationId");
        doReturn(setId).when(task).getVariable(CaseVariables.CREDENTIAL_SET_ID);
        doReturn("KEY_COMPROMISE").when(task).getVariable(CaseVariables.REVOCATION_REASON);
        doReturn("HOLDER").when(task).getVariable(CaseVariables.ACTOR);
        doReturn("revoke-credential-set").when(task).getProcessDefinitionKey();
        return task;
    }

    private String activeSet(Application a) {
        ExternalTask activate = task(Topics.ACTIVATE_CREDENTIAL, a.id(), null, null);
        doReturn(true).when(activate).getVariable(Variables.BIOMETRICS_ALLOWED);
        activateCredential.execute(activate, WorkerCalls.service());
        CredentialSet set = registry.setOfApplication(a.id()).orElseThrow();
        assertThat(set.state()).isEqualTo(CredentialState.ACTIVE);
        return set.credentialSetId();
    }

    @Test
    void aRevocationRevokesEachCertificateOnceWithItsReasonAndRecordsOneRevokedRow() {
        Application a = steps.personalized();
        String setId = activeSet(a);
        String caseId = "rev-" + java.util.UUID.randomUUID();
        for (KeyRole role : KeyRole.values()) {
            diesBeforeCompletingThenRetries(revokeCertificate, revocationTask(Topics.REVOKE_CERTIFICATE, caseId, setId, role.name()));
            CredentialKey key = registry.key(setId, role).orElseThrow();
            assertThat(jdbc.queryForList("SELECT request_id, reason FROM ca.status_request WHERE issuing_ca = ? AND serial = ?",
                    key.issuingCa(), key.serial().toString(16)))
                    .as("one revocation request for " + role + ", keyed by the case and the certificate, with the case's reason")
                    .singleElement().satisfies(row -> {
                        assertThat(row.get("request_id")).isEqualTo(caseId + "/revoke/" + key.issuingCa() + "/" + key.serial());
                        assertThat(row.get("reason")).isEqualTo("KEY_COMPROMISE");
                    });
        }

        diesBeforeCompletingThenRetries(revokeCredentialSet, revocationTask(Topics.REVOKE_CREDENTIAL_SET, caseId, setId, null));

        assertThat(registry.set(setId).orElseThrow().state()).isEqualTo(CredentialState.REVOKED);
        assertThat(registry.liveSetOf(a.holderRef())).as("the holder's slot is free").isEmpty();
        assertThat(registry.transitions(setId)).filteredOn(t -> "REVOKED".equals(t.to())).singleElement()
                .satisfies(t -> assertThat(t.caseId()).isEqualTo(caseId));
    }

    @Test
    void aRevocationPushesOnceAndDeletesTheAppletOnce() {
        Application a = steps.personalized();
        String setId = activeSet(a);
        String caseId = "rev-" + java.util.UUID.randomUUID();
        SimulatedPhone phone = a.holder().phone();
        ExternalTask push = revocationTask(Topics.NOTIFY_HOLDER, caseId, setId, null);
        doReturn(NotificationKinds.CREDENTIAL_SET_REVOKED).when(push).getVariable(CaseVariables.NOTIFICATION_KIND);
        long before = world.push().deliveries();

        diesBeforeCompletingThenRetries(notifyHolder, push);
        diesBeforeCompletingThenRetries(deleteApplet, revocationTask(Topics.DELETE_APPLET, caseId, setId, null), () -> {
            assertThat(phone.appletInstalled()).isFalse();
            phone.setOnline(false); // a retry that asked the SEI-TSM again would leave a delete pending
        });

        assertThat(world.push().deliveries() - before).isEqualTo(1);
        assertThat(phone.inbox()).containsExactly(HolderNotification.CREDENTIAL_SET_REVOKED);
        assertThat(phone.deletePending()).isFalse();
        phone.setOnline(true);
        assertThat(registry.transitions(setId)).filteredOn(t -> "DELETED".equals(t.to())).hasSize(1);
    }

    @Test
    void anAppletLeftOnThePhoneIsRecordedOnce() {
        Application a = steps.personalized();
        String setId = activeSet(a);
        String caseId = "rev-" + java.util.UUID.randomUUID();
        SimulatedPhone phone = a.holder().phone();
        phone.setOnline(false);
        deleteApplet.execute(revocationTask(Topics.DELETE_APPLET, caseId, setId, null), WorkerCalls.service());
        assertThat(registry.set(setId).orElseThrow().appletState()).isEqualTo(AppletState.DELETE_PENDING);

        diesBeforeCompletingThenRetries(recordAppletLeftOnPhone, revocationTask(Topics.RECORD_APPLET_LEFT_ON_PHONE, caseId, setId, null));

        assertThat(registry.set(setId).orElseThrow().appletState()).isEqualTo(AppletState.LEFT_ON_PHONE);
        assertThat(registry.transitions(setId)).filteredOn(t -> "LEFT_ON_PHONE".equals(t.to())).hasSize(1);
        phone.setOnline(true);
    }

    @Test
    void aDeviceChangeTakesTheOldSetOnceAndASecondOneIsRefused() {
        Application onA = steps.personalized();
        String setId = activeSet(onA);
        Application onB = steps.verified(world.samePersonNewPhone(onA.holder(), org.mjpki.simulator.phone.DeviceFacts.eligibleDefault()));

        diesBeforeCompletingThenRetries(takeSetToReplace, task(Topics.TAKE_SET_TO_REPLACE, onB.id(), null, null));

        CredentialSet taken = registry.set(setId).orElseThrow();
        assertThat(taken.revocationCaseId()).isEqualTo(onB.id());
        assertThat(taken.state()).as("taken, not yet revoked").isEqualTo(CredentialState.ACTIVE);
        // a device change from a third phone, at the same time: refused, the set stays B's to revoke
        Application onC = steps.verified(world.samePersonNewPhone(onA.holder(), org.mjpki.simulator.phone.DeviceFacts.eligibleDefault()));
        ExternalTaskService service = WorkerCalls.service();
        takeSetToReplace.execute(task(Topics.TAKE_SET_TO_REPLACE, onC.id(), null, null), service);
        assertThat(terminalCalls(service)).containsExactly("handleBpmnError");
        org.mockito.Mockito.verify(service).handleBpmnError(org.mockito.ArgumentMatchers.any(ExternalTask.class),
                org.mockito.ArgumentMatchers.eq(org.mjpki.processes.devicechange.DeviceChangeProcess.Errors.SET_ALREADY_BEING_REPLACED),
                org.mockito.ArgumentMatchers.anyString());
        assertThat(registry.set(setId).orElseThrow().revocationCaseId()).isEqualTo(onB.id());
    }

    // ------------------------------------------------------------------ lost phone: hold, release, re-issue (issue 12)

    private ExternalTask holdTask(String topic, String caseId, String setId, String keyRole) {
        ExternalTask task = revocationTask(topic, caseId, setId, keyRole);
        doReturn("CALL_CENTER").when(task).getVariable(CaseVariables.ACTOR);
        doReturn("lost-device-hold").when(task).getProcessDefinitionKey();
        return task;
    }

    private int statusRequests(CredentialKey key, String operation) {
        return jdbc.queryForObject("SELECT count(*) FROM ca.status_request WHERE issuing_ca = ? AND serial = ? AND operation = ?",
                Integer.class, key.issuingCa(), key.serial().toString(16), operation);
    }

    @Test
    void aHoldIsPlacedAtTheRegistryAndTheCaOnceAndReleasedOnce() {
        Application a = steps.personalized();
        String setId = activeSet(a);
        String caseId = "hold-" + java.util.UUID.randomUUID();

        diesBeforeCompletingThenRetries(placeSetOnHold, holdTask(Topics.PLACE_SET_ON_HOLD, caseId, setId, null));
        assertThat(registry.transitions(setId)).filteredOn(t -> "ON_HOLD".equals(t.to())).singleElement()
                .satisfies(t -> assertThat(t.caseId()).isEqualTo(caseId));
        for (KeyRole role : KeyRole.values()) {
            diesBeforeCompletingThenRetries(holdCertificate, holdTask(Topics.HOLD_CERTIFICATE, caseId, setId, role.name()));
            CredentialKey key = registry.key(setId, role).orElseThrow();
            assertThat(statusRequests(key, "HOLD")).as("one hold request for " + role).isEqualTo(1);
        }
        for (KeyRole role : KeyRole.values()) {
            diesBeforeCompletingThenRetries(releaseCertificateHold, holdTask(Topics.RELEASE_CERTIFICATE_HOLD, caseId, setId, role.name()));
            assertThat(statusRequests(registry.key(setId, role).orElseThrow(), "RELEASE")).as("one release for " + role).isEqualTo(1);
        }
        diesBeforeCompletingThenRetries(releaseSetHold, holdTask(Topics.RELEASE_SET_HOLD, caseId, setId, null));
        assertThat(registry.set(setId).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(registry.transitions(setId)).filteredOn(t -> "ACTIVE".equals(t.to()) && "ON_HOLD".equals(t.from())).hasSize(1);
    }

    @Test
    void aReissueMakesOneReplacementKeyOneCertificateStoresItOnceAndRecordsItOnce() {
        Application a = steps.personalized();
        String setId = activeSet(a);
        String caseId = "hold-" + java.util.UUID.randomUUID();
        SimulatedPhone phone = a.holder().phone();
        CredentialKey old = registry.key(setId, KeyRole.SIGNING).orElseThrow();

        diesBeforeCompletingThenRetries(generateReplacementKeyPair,
                holdTask(Topics.GENERATE_REPLACEMENT_KEY_PAIR, caseId, setId, KeyRole.SIGNING.name()));
        byte[] pending = registry.replacement(setId, KeyRole.SIGNING).orElseThrow().publicKey();
        assertThat(pending).isNotEqualTo(old.publicKey());

        diesBeforeCompletingThenRetries(issueReplacementCertificate,
                holdTask(Topics.ISSUE_REPLACEMENT_CERTIFICATE, caseId, setId, KeyRole.SIGNING.name()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ca.certificate WHERE request_id LIKE ?", Integer.class,
                caseId + "/reissue/SIGNING/%")).as("one certificate for the replacement key").isEqualTo(1);

        diesBeforeCompletingThenRetries(storeReplacementCertificate,
                holdTask(Topics.STORE_REPLACEMENT_CERTIFICATE, caseId, setId, KeyRole.SIGNING.name()));
        byte[] stored = registry.replacement(setId, KeyRole.SIGNING).orElseThrow().certificate();
        assertThat(certificateOnPhone(phone, org.mjpki.applet.client.AppletKey.SIGNING)).isEqualTo(stored);
        assertThat(publicKeyOnPhone(phone, org.mjpki.applet.client.AppletKey.SIGNING)).isEqualTo(pending);

        diesBeforeCompletingThenRetries(completeKeyReplacement,
                holdTask(Topics.COMPLETE_KEY_REPLACEMENT, caseId, setId, KeyRole.SIGNING.name()));
        CredentialKey now = registry.key(setId, KeyRole.SIGNING).orElseThrow();
        assertThat(now.certificate()).isEqualTo(stored);
        assertThat(now.replacesSerial()).isEqualTo(old.serial());
        assertThat(registry.transitions(setId)).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.KEY).hasSize(1);

        ExternalTask revokeReplaced = holdTask(Topics.REVOKE_CERTIFICATE, caseId, setId, KeyRole.SIGNING.name());
        doReturn(CaseVariables.Certificates.REPLACED).when(revokeReplaced).getVariable(CaseVariables.CERTIFICATE);
        doReturn("SUPERSEDED").when(revokeReplaced).getVariable(CaseVariables.REVOCATION_REASON);
        diesBeforeCompletingThenRetries(revokeCertificate, revokeReplaced);
        assertThat(statusRequests(old, "REVOKE")).as("the replaced certificate revoked once").isEqualTo(1);
        assertThat(ca.status(new org.mjpki.ca.CertificateRef(org.mjpki.ca.IssuingCa.SIGNING, old.serial())).reason())
                .isEqualTo(org.mjpki.ca.RevocationReason.SUPERSEDED);
        assertThat(statusRequests(now, "REVOKE")).as("the new certificate untouched").isZero();
    }

    // ------------------------------------------------------------------ password/PIN lock release (issue 13)

    private ExternalTask lockReleaseTask(String caseId, String setId, SecretKind kind, byte[] encryptedNewSecret) {
        ExternalTask task = revocationTask(Topics.RELEASE_SECRET_LOCK, caseId, setId, null);
        doReturn("password-unlock").when(task).getProcessDefinitionKey();
        doReturn(kind.name()).when(task).getVariable(org.mjpki.processes.unlock.PasswordUnlockProcess.Variables.SECRET);
        doReturn(java.util.Base64.getEncoder().encodeToString(encryptedNewSecret)).when(task)
                .getVariable(org.mjpki.processes.unlock.PasswordUnlockProcess.Variables.ENCRYPTED_NEW_SECRET);
        return task;
    }

    @Test
    void aLockReleaseResetsTheAppletOnceAndASecondReleaseOfTheReleasedLockIsHarmless() {
        Application a = steps.personalized();
        String setId = activeSet(a);
        SimulatedPhone phone = a.holder().phone();
        for (int i = 0; i < SecretKind.USER_AUTH_PIN.tryLimit(); i++) {
            world.app().typeWrongSecret(a.holder(), SecretKind.USER_AUTH_PIN);
        }
        assertThat(statusOnPhone(phone).blocked(SecretKind.USER_AUTH_PIN)).isTrue();
        byte[] newPin = "2468".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] blob = world.app().encryptNewSecret(a.holder(), SecretKind.USER_AUTH_PIN, newPin);
        String caseId = "unl-" + java.util.UUID.randomUUID();
        long counterBefore = onPhone(phone, JpkiAppletClient::transportCounter);

        diesBeforeCompletingThenRetries(releaseSecretLock, lockReleaseTask(caseId, setId, SecretKind.USER_AUTH_PIN, blob));
        assertThat(onPhone(phone, JpkiAppletClient::transportCounter)).as("one reset: the counter moved on once").isEqualTo(counterBefore + 1);
        assertThat(statusOnPhone(phone).remainingTries(SecretKind.USER_AUTH_PIN)).isEqualTo(3);
        onPhone(phone, applet -> {
            applet.verify(SecretKind.USER_AUTH_PIN, newPin);
            return null;
        });

        // the same release handed out once more (a second worker, a replayed task): nothing happens, it completes
        ExternalTaskService again = WorkerCalls.service();
        releaseSecretLock.execute(lockReleaseTask(caseId, setId, SecretKind.USER_AUTH_PIN, blob), again);
        assertThat(terminalCalls(again)).containsExactly("complete");
        assertThat(onPhone(phone, JpkiAppletClient::transportCounter)).isEqualTo(counterBefore + 1);

        // once another secret was installed after it, the same blob no longer counts as applied: refused, not retried
        world.app().changeSecret(a.holder(), SecretKind.SIGNING_PASSWORD);
        ExternalTaskService later = WorkerCalls.service();
        releaseSecretLock.execute(lockReleaseTask(caseId, setId, SecretKind.USER_AUTH_PIN, blob), later);
        assertThat(terminalCalls(later)).containsExactly("handleBpmnError");
        assertThat(onPhone(phone, JpkiAppletClient::transportCounter)).isEqualTo(counterBefore + 2);

        // a blob gone stale while the secret is still blocked is refused as a business outcome, not retried
        for (int i = 0; i < SecretKind.USER_AUTH_PIN.tryLimit(); i++) {
            world.app().typeWrongSecret(a.holder(), SecretKind.USER_AUTH_PIN);
        }
        ExternalTaskService stale = WorkerCalls.service();
        releaseSecretLock.execute(lockReleaseTask("unl-" + java.util.UUID.randomUUID(), setId, SecretKind.USER_AUTH_PIN, blob), stale);
        assertThat(terminalCalls(stale)).containsExactly("handleBpmnError");
        assertThat(statusOnPhone(phone).blocked(SecretKind.USER_AUTH_PIN)).isTrue();
    }
}
