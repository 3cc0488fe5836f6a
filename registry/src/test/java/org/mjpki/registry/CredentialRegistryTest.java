package org.mjpki.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The registry on real PostgreSQL: the rules that the database itself must hold. */
@SpringBootTest(classes = RegistryTestApplication.class)
class CredentialRegistryTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
    }

    @Autowired CredentialRegistry registry;
    @Autowired JdbcTemplate jdbc;

    private static final Cause CAUSE = Cause.of(Actor.HOLDER, "case-test", "slot reserved");

    private static Cause cause(String reason) {
        return Cause.of(Actor.HOLDER, "case-test", reason);
    }

    /** The card signing certificate a test holder's applications are signed with. */
    private static CardCertificateLink cardOf(String holderRef) {
        return new CardCertificateLink("SIGNING", new BigInteger(1, java.util.Arrays.copyOf(holderRef.getBytes(java.nio.charset.StandardCharsets.UTF_8), 16)).xor(BigInteger.valueOf(holderRef.hashCode())));
    }

    private String setOf(String applicationId) {
        return registry.setOfApplication(applicationId).orElseThrow().credentialSetId();
    }

    private String verifiedApplication(String holderRef) {
        String id = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(id, "se-" + id, "nonce-" + id,
                Instant.now().plus(10, ChronoUnit.MINUTES), new byte[] {1, 2, 3}, "token", Instant.now()));
        registry.recordVerifiedHolder(id, holderRef, Instant.parse("2030-01-01T00:00:00Z"), cardOf(holderRef));
        return id;
    }

    @Test
    void reservesOneSlotPerHolderAndRefusesASecond() {
        String holder = "holder-" + UUID.randomUUID();
        String first = verifiedApplication(holder);
        String second = verifiedApplication(holder);

        CredentialSet reserved = registry.reserveSlot(first, null, CAUSE);
        assertThat(reserved.state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.reserveSlot(first, null, CAUSE)).as("idempotent for the same application").isNotNull();
        assertThatThrownBy(() -> registry.reserveSlot(second, null, CAUSE)).isInstanceOf(AlreadyIssuedException.class);
        assertThat(registry.setOfApplication(second)).isEmpty();
    }

    @Test
    void aFinalStateFreesTheSlot() {
        String holder = "holder-" + UUID.randomUUID();
        String first = verifiedApplication(holder);
        registry.reserveSlot(first, null, CAUSE);
        registry.moveTo(setOf(first), CredentialState.ABANDONED, cause("rolled back"));

        String second = verifiedApplication(holder);
        assertThat(registry.reserveSlot(second, null, CAUSE).state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.liveSetOf(holder)).map(CredentialSet::applicationId).contains(second);
    }

    @Test
    void theDatabaseItselfRefusesASecondLiveSet() {
        String holder = "holder-" + UUID.randomUUID();
        String first = verifiedApplication(holder);
        String second = verifiedApplication(holder);
        registry.reserveSlot(first, null, CAUSE);
        // bypass the service: the constraint, not the code, must refuse it
        assertThatThrownBy(() -> jdbc.update("""
                INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, se_id, state, applet_state,
                    card_not_after, created_at, updated_at)
                VALUES (?, ?, ?, 'se', 'ACTIVE', 'NONE', now(), now(), now())""", "cs-" + second, second, holder))
                .hasMessageContaining("credential_set_one_live_per_holder");
    }

    @Test
    void concurrentReservationsForOneHolderLeaveExactlyOne() throws Exception {
        String holder = "holder-" + UUID.randomUUID();
        List<String> applications = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            applications.add(verifiedApplication(holder));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (String id : applications) {
            results.add(pool.submit((Callable<Boolean>) () -> {
                try {
                    registry.reserveSlot(id, null, CAUSE);
                    return true;
                } catch (AlreadyIssuedException e) {
                    return false;
                }
            }));
        }
        int reserved = 0;
        for (Future<Boolean> f : results) {
            reserved += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(reserved).isEqualTo(1);
    }

    @Test
    void followsTheLifeCycleAndAuditsEveryMove() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id, null, CAUSE);
        registry.moveTo(setOf(id), CredentialState.PERSONALIZING, cause("applet installed"));
        registry.moveTo(setOf(id), CredentialState.PERSONALIZING, cause("retried"));
        registry.moveTo(setOf(id), CredentialState.ACTIVE, cause("activated"));
        assertThatThrownBy(() -> registry.moveTo(setOf(id), CredentialState.RESERVED, cause("back")))
                .isInstanceOf(IllegalTransitionException.class);

        assertThat(registry.transitions(setOf(id))).extracting(CredentialTransition::to)
                .containsExactly("RESERVED", "PERSONALIZING", "ACTIVE");
        assertThat(registry.transitions(setOf(id))).extracting(CredentialTransition::reason)
                .containsExactly("slot reserved", "applet installed", "activated");
        assertThat(registry.transitions(setOf(id))).allSatisfy(t -> {
            assertThat(t.actor()).isEqualTo(Actor.HOLDER);
            assertThat(t.caseId()).isEqualTo("case-test");
            assertThat(t.aspect()).isEqualTo(CredentialTransition.Aspect.SET);
        });
    }

    @Test
    void aSetHasItsOwnIdAndFollowsTheCardCertificateItWasAppliedWith() {
        String holder = "holder-" + UUID.randomUUID();
        String application = verifiedApplication(holder);
        CredentialSet set = registry.reserveSlot(application, null, CAUSE);

        assertThat(set.credentialSetId()).startsWith("cs-").isNotEqualTo(application);
        assertThat(set.applicationId()).isEqualTo(application);
        assertThat(set.cardCertificate()).isEqualTo(cardOf(holder));
        assertThat(registry.liveSetsLinkedTo(cardOf(holder))).extracting(CredentialSet::credentialSetId)
                .containsExactly(set.credentialSetId());
        assertThat(registry.liveSetsLinkedTo(cardOf("someone-else-" + holder))).isEmpty();

        registry.moveTo(set.credentialSetId(), CredentialState.ABANDONED, Cause.of(Actor.SYSTEM, application, "rolled back"));
        assertThat(registry.liveSetsLinkedTo(cardOf(holder))).as("only live sets follow the card").isEmpty();
    }

    @Test
    void aNewSetRecordsWhichSetItReplaces() {
        String holder = "holder-" + UUID.randomUUID();
        CredentialSet old = registry.reserveSlot(verifiedApplication(holder), null, CAUSE);
        registry.moveTo(old.credentialSetId(), CredentialState.ABANDONED, cause("gone"));
        CredentialSet replacement = registry.reserveSlot(verifiedApplication(holder), old.credentialSetId(), CAUSE);
        assertThat(registry.set(replacement.credentialSetId()).orElseThrow().replacesSetId()).isEqualTo(old.credentialSetId());
    }

    @Test
    void onlyOneCaseTakesASetToRevokeItAndOnlyOnceItIsActive() throws Exception {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        String set = registry.reserveSlot(id, null, CAUSE).credentialSetId();
        assertThat(registry.claimForRevocation(set, "rev-early")).isEqualTo(CredentialRegistry.RevocationClaim.NOT_YET_ACTIVE);
        registry.moveTo(set, CredentialState.PERSONALIZING, cause("installed"));
        registry.moveTo(set, CredentialState.ACTIVE, cause("activated"));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<CredentialRegistry.RevocationClaim>> claims = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String caseId = "rev-" + i;
            claims.add(pool.submit(() -> registry.claimForRevocation(set, caseId)));
        }
        int won = 0;
        for (Future<CredentialRegistry.RevocationClaim> claim : claims) {
            won += claim.get() == CredentialRegistry.RevocationClaim.CLAIMED ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        String winner = registry.set(set).orElseThrow().revocationCaseId();
        assertThat(registry.claimForRevocation(set, winner)).as("the same case again").isEqualTo(CredentialRegistry.RevocationClaim.CLAIMED);

        registry.moveTo(set, CredentialState.REVOKED, Cause.of(Actor.HOLDER, winner, "cessationOfOperation"));
        assertThat(registry.claimForRevocation(set, "rev-late")).isEqualTo(CredentialRegistry.RevocationClaim.ALREADY_BEING_REVOKED);
        assertThatThrownBy(() -> registry.claimForRevocation("cs-unknown-" + UUID.randomUUID(), "rev"))
                .isInstanceOf(UnknownCredentialSetException.class);
    }

    @Test
    void appletChangesAreAuditedOnceEach() {
        String set = registry.reserveSlot(verifiedApplication("holder-" + UUID.randomUUID()), null, CAUSE).credentialSetId();
        registry.recordAppletState(set, AppletState.INSTALLED, cause("applet installed"));
        registry.recordAppletState(set, AppletState.INSTALLED, cause("retried"));
        registry.recordAppletState(set, AppletState.DELETE_PENDING, Cause.of(Actor.HOLDER, "rev-1", "remote delete pending"));
        registry.recordAppletState(set, AppletState.LEFT_ON_PHONE, Cause.of(Actor.HOLDER, "rev-1", "phone did not come back"));
        assertThat(registry.transitions(set)).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.APPLET)
                .extracting(CredentialTransition::from, CredentialTransition::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NONE", "INSTALLED"),
                        org.assertj.core.groups.Tuple.tuple("INSTALLED", "DELETE_PENDING"),
                        org.assertj.core.groups.Tuple.tuple("DELETE_PENDING", "LEFT_ON_PHONE"));
        assertThat(registry.set(set).orElseThrow().appletState()).isEqualTo(AppletState.LEFT_ON_PHONE);
    }

    @Test
    void aHolderRequestIsTakenOncePerNonce() {
        String set = registry.reserveSlot(verifiedApplication("holder-" + UUID.randomUUID()), null, CAUSE).credentialSetId();
        String nonce = "nonce-" + UUID.randomUUID();
        HolderRequest first = new HolderRequest("rev-" + UUID.randomUUID(), HolderRequest.Kind.REVOCATION, set, nonce,
                "CESSATION_OF_OPERATION", Instant.now().plusSeconds(300), Instant.now());
        registry.recordHolderRequest(first);
        assertThat(registry.holderRequest(first.requestId())).map(HolderRequest::credentialSetId).contains(set);
        HolderRequest replay = new HolderRequest("rev-" + UUID.randomUUID(), HolderRequest.Kind.REVOCATION, set, nonce,
                "CESSATION_OF_OPERATION", Instant.now().plusSeconds(300), Instant.now());
        assertThatThrownBy(() -> registry.recordHolderRequest(replay)).isInstanceOf(RequestReplayedException.class);
        assertThat(registry.holderRequest(replay.requestId())).isEmpty();
    }

    @Test
    void recordsWhetherBiometricsMayReplaceThePin() {
        String restricted = verifiedApplication("holder-" + UUID.randomUUID());
        String allowed = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(restricted, null, CAUSE);
        registry.reserveSlot(allowed, null, CAUSE);
        assertThat(registry.setOfApplication(restricted).orElseThrow().biometricsAllowed()).as("not decided while issuing").isNull();

        registry.recordBiometricsAllowed(setOf(restricted), false);
        registry.recordBiometricsAllowed(setOf(restricted), false);
        registry.recordBiometricsAllowed(setOf(allowed), true);

        assertThat(registry.setOfApplication(restricted).orElseThrow().biometricsAllowed()).isFalse();
        assertThat(registry.setOfApplication(allowed).orElseThrow().biometricsAllowed()).isTrue();
        assertThat(registry.liveSetOf(registry.setOfApplication(restricted).orElseThrow().holderRef()).orElseThrow()
                .biometricsAllowed()).isFalse();
        assertThatThrownBy(() -> registry.recordBiometricsAllowed("cs-unknown-" + UUID.randomUUID(), true))
                .isInstanceOf(UnknownCredentialSetException.class);
    }

    @Test
    void refusesAReplayedNonce() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        SmartphoneApplication original = registry.application(id).orElseThrow();
        SmartphoneApplication replay = new SmartphoneApplication("other-" + id, original.seId(), original.nonce(),
                original.expiresAt(), original.signedApplication(), null, Instant.now());
        assertThatThrownBy(() -> registry.recordApplication(replay)).isInstanceOf(ApplicationReplayedException.class);
        assertThat(registry.application("other-" + id)).isEmpty();
    }

    @Test
    void keepsKeysAndCertificatesIdempotently() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id, null, CAUSE);
        registry.recordPublicKey(setOf(id), KeyRole.SIGNING, new byte[] {9, 9});
        registry.recordPublicKey(setOf(id), KeyRole.SIGNING, new byte[] {9, 9});
        assertThatThrownBy(() -> registry.recordPublicKey(setOf(id), KeyRole.SIGNING, new byte[] {8}))
                .isInstanceOf(IllegalStateException.class);
        registry.recordCertificate(setOf(id), KeyRole.SIGNING, "SIGNING", new BigInteger("123456789012345678901234567890"), new byte[] {7});
        CredentialKey key = registry.key(setOf(id), KeyRole.SIGNING).orElseThrow();
        assertThat(key.serial()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(key.issuedCertificate()).contains(new byte[] {7});
        assertThat(registry.key(setOf(id), KeyRole.USER_AUTH)).isEmpty();
    }

    @Test
    void theOperationChallengeIsMadeOnce() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        byte[] first = registry.operationChallenge(id, () -> new byte[] {1});
        byte[] again = registry.operationChallenge(id, () -> new byte[] {2});
        assertThat(again).isEqualTo(first);
    }

    @Test
    void expiresLiveCredentialsWhenTheCardCertificateEnds() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id, null, CAUSE);
        registry.moveTo(setOf(id), CredentialState.PERSONALIZING, cause("installed"));
        registry.moveTo(setOf(id), CredentialState.ACTIVE, cause("activated"));
        assertThat(registry.expireDue(Instant.parse("2029-12-31T23:59:59Z"), 1000)).as("not yet").isZero();
        assertThat(registry.setOfApplication(id).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        registry.expireDue(Instant.parse("2030-01-01T00:00:00Z"), 100_000);
        assertThat(registry.setOfApplication(id).orElseThrow().state()).isEqualTo(CredentialState.EXPIRED);
    }

    @Test
    void aRolledBackCredentialTakesNoMoreCertificates() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id, null, CAUSE);
        registry.moveTo(setOf(id), CredentialState.PERSONALIZING, cause("installed"));
        registry.recordPublicKey(setOf(id), KeyRole.SIGNING, new byte[] {1});
        registry.recordPublicKey(setOf(id), KeyRole.USER_AUTH, new byte[] {2});
        registry.recordCertificate(setOf(id), KeyRole.SIGNING, "SIGNING", BigInteger.TEN, new byte[] {3});
        registry.moveTo(setOf(id), CredentialState.ABANDONED, cause("rolled back"));

        assertThatThrownBy(() -> registry.recordCertificate(setOf(id), KeyRole.USER_AUTH, "USER_AUTH", BigInteger.TWO, new byte[] {4}))
                .isInstanceOf(CredentialNoLongerLiveException.class);
        assertThat(registry.key(setOf(id), KeyRole.USER_AUTH).orElseThrow().serial()).isNull();
        assertThat(registry.keys(setOf(id))).hasSize(2);
    }
    /** An ACTIVE set with both keys certified, as an issuance leaves it. */
    private String activeSet(String holderRef) {
        String id = verifiedApplication(holderRef);
        registry.reserveSlot(id, null, CAUSE);
        String set = setOf(id);
        registry.moveTo(set, CredentialState.PERSONALIZING, cause("personalizing"));
        registry.recordPublicKey(set, KeyRole.SIGNING, new byte[] {1, 1});
        registry.recordCertificate(set, KeyRole.SIGNING, "SIGNING", BigInteger.valueOf(1001), new byte[] {1});
        registry.recordPublicKey(set, KeyRole.USER_AUTH, new byte[] {2, 2});
        registry.recordCertificate(set, KeyRole.USER_AUTH, "USER_AUTH", BigInteger.valueOf(2001), new byte[] {2});
        registry.moveTo(set, CredentialState.ACTIVE, cause("activated"));
        return set;
    }

    private static List<String> ids(List<ExpiryReminderDue> due) {
        return due.stream().map(ExpiryReminderDue::credentialSetId).toList();
    }

    @Test
    void anExpiryReminderIsDueInTheNearestWindowOnlyAndIsSentOnce() {
        String set = activeSet("holder-" + UUID.randomUUID());
        String revoked = activeSet("holder-" + UUID.randomUUID());
        registry.moveTo(revoked, CredentialState.REVOKED, cause("revoked"));
        Instant now = Instant.parse("2029-12-20T00:00:00Z"); // the test cards end 2030-01-01: 12 days ahead
        assertThat(ids(registry.remindersDue(now, 30, 7, "", 100_000))).contains(set).doesNotContain(revoked);
        assertThat(ids(registry.remindersDue(now, 90, 30, "", 100_000))).as("a farther window").doesNotContain(set);
        assertThat(ids(registry.remindersDue(now, 7, 0, "", 100_000))).as("not yet the nearest").doesNotContain(set);
        assertThat(registry.remindersDue(now, 30, 7, "", 100_000)).filteredOn(d -> d.credentialSetId().equals(set))
                .singleElement().satisfies(d -> {
                    assertThat(d.seId()).startsWith("se-");
                    assertThat(d.cardNotAfter()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
                });
        // keyset pages: nothing at or before the last id of a page again
        assertThat(ids(registry.remindersDue(now, 30, 7, set, 100_000))).doesNotContain(set);

        registry.claimReminder(set, 30);
        registry.claimReminder(set, 30); // a node that stopped after its claim: claimed again, harmlessly
        assertThat(ids(registry.remindersDue(now, 30, 7, "", 100_000))).as("claimed, not yet sent").contains(set);
        assertThat(registry.markReminderSent(set, 30)).isTrue();
        assertThat(registry.markReminderSent(set, 30)).as("sent once").isFalse();
        assertThat(ids(registry.remindersDue(now, 30, 7, "", 100_000))).doesNotContain(set);
        // a week later the nearest window is the next reminder's
        assertThat(ids(registry.remindersDue(now.plus(6, ChronoUnit.DAYS), 7, 0, "", 100_000))).contains(set);
        assertThatThrownBy(() -> registry.remindersDue(now, 7, 7, "", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.remindersDue(now, 7, -1, "", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHoldIsPlacedAndReleasedOncePerCaseAndNeverUndoesARevocation() {
        String set = activeSet("holder-" + UUID.randomUUID());
        Cause callCenter = Cause.of(Actor.CALL_CENTER, "hold-1", "phone reported lost");
        assertThat(registry.placeOnHold(set, callCenter)).isEqualTo(CredentialRegistry.HoldDecision.DONE);
        assertThat(registry.placeOnHold(set, callCenter)).as("a retried step").isEqualTo(CredentialRegistry.HoldDecision.DONE);
        assertThat(registry.placeOnHold(set, Cause.of(Actor.CALL_CENTER, "hold-2", "second report")))
                .isEqualTo(CredentialRegistry.HoldDecision.ALREADY_ON_HOLD);
        assertThat(registry.set(set).orElseThrow().state()).isEqualTo(CredentialState.ON_HOLD);
        CredentialTransition held = registry.transitions(set).get(registry.transitions(set).size() - 1);
        assertThat(held.actor()).isEqualTo(Actor.CALL_CENTER);
        assertThat(held.caseId()).isEqualTo("hold-1");

        Cause release = Cause.of(Actor.HOLDER, "hold-1", "hold released with the card");
        assertThat(registry.releaseHold(set, release)).isEqualTo(CredentialRegistry.HoldDecision.DONE);
        assertThat(registry.releaseHold(set, release)).as("a retried step").isEqualTo(CredentialRegistry.HoldDecision.DONE);
        assertThat(registry.releaseHold(set, Cause.of(Actor.HOLDER, "hold-3", "again")))
                .isEqualTo(CredentialRegistry.HoldDecision.NOT_ON_HOLD);
        assertThat(registry.set(set).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);

        // held again, then taken for revocation: a release no longer applies, a new hold neither
        assertThat(registry.placeOnHold(set, Cause.of(Actor.CALL_CENTER, "hold-4", "lost again")))
                .isEqualTo(CredentialRegistry.HoldDecision.DONE);
        assertThat(registry.claimForRevocation(set, "dc-1")).isEqualTo(CredentialRegistry.RevocationClaim.CLAIMED);
        assertThat(registry.releaseHold(set, Cause.of(Actor.HOLDER, "hold-4", "found")))
                .isEqualTo(CredentialRegistry.HoldDecision.BEING_REVOKED);
        assertThat(registry.set(set).orElseThrow().state()).isEqualTo(CredentialState.ON_HOLD);
        registry.moveTo(set, CredentialState.REVOKED, cause("revoked"));
        assertThat(registry.placeOnHold(set, Cause.of(Actor.CALL_CENTER, "hold-5", "late report")))
                .isEqualTo(CredentialRegistry.HoldDecision.NO_LONGER_LIVE);

        String issuing = registry.reserveSlot(verifiedApplication("holder-" + UUID.randomUUID()), null, CAUSE).credentialSetId();
        assertThat(registry.placeOnHold(issuing, callCenter)).isEqualTo(CredentialRegistry.HoldDecision.NOT_YET_ACTIVE);
        assertThat(registry.set(issuing).orElseThrow().state()).isEqualTo(CredentialState.RESERVED);
    }

    @ParameterizedTest
    @EnumSource(value = HolderRequest.Kind.class, names = {"HOLD_RELEASE", "LOCK_RELEASE"})
    void aCardSignedRequestIsRecordedOncePerNonce(HolderRequest.Kind kind) {
        String set = activeSet("holder-" + UUID.randomUUID());
        String nonce = "nonce-" + UUID.randomUUID();
        String reason = kind == HolderRequest.Kind.LOCK_RELEASE ? "USER_AUTH_PIN" : null;
        String id = "req-" + UUID.randomUUID();
        registry.recordHolderRequest(new HolderRequest(id, kind, set, nonce, reason, Instant.now().plusSeconds(300), Instant.now()));
        assertThat(registry.holderRequest(id).orElseThrow().kind()).isEqualTo(kind);
        assertThat(registry.holderRequest(id).orElseThrow().reason()).isEqualTo(reason);
        assertThatThrownBy(() -> registry.recordHolderRequest(new HolderRequest("req-" + UUID.randomUUID(),
                kind, set, nonce, reason, Instant.now().plusSeconds(300), Instant.now())))
                .isInstanceOf(RequestReplayedException.class);
    }

    @Test
    void aReplacementKeyTakesTheKeysPlaceOnlyWithItsCertificateAndKeepsTheLineage() {
        String set = activeSet("holder-" + UUID.randomUUID());
        registry.recordReplacementKey(set, KeyRole.SIGNING, "hold-1", new byte[] {3, 3});
        registry.recordReplacementKey(set, KeyRole.SIGNING, "hold-1", new byte[] {3, 3}); // a retried step
        assertThatThrownBy(() -> registry.recordReplacementKey(set, KeyRole.SIGNING, "hold-1", new byte[] {4}))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.recordReplacementKey(set, KeyRole.SIGNING, "sweep-1", new byte[] {3, 3}))
                .isInstanceOf(KeyReplacementInProgressException.class);
        assertThatThrownBy(() -> registry.completeReplacement(set, KeyRole.SIGNING, cause("re-issued")))
                .as("no certificate yet").isInstanceOf(IllegalStateException.class);
        // meanwhile the live key is as it was
        assertThat(registry.key(set, KeyRole.SIGNING).orElseThrow().serial()).isEqualTo(BigInteger.valueOf(1001));

        registry.recordReplacementCertificate(set, KeyRole.SIGNING, "SIGNING", BigInteger.valueOf(1002), new byte[] {5});
        assertThat(registry.replacement(set, KeyRole.SIGNING).orElseThrow().serial()).isEqualTo(BigInteger.valueOf(1002));
        CredentialKey reissued = registry.completeReplacement(set, KeyRole.SIGNING, Cause.of(Actor.HOLDER, "hold-1", "re-issued"));

        assertThat(reissued.publicKey()).containsExactly(3, 3);
        assertThat(reissued.serial()).isEqualTo(BigInteger.valueOf(1002));
        assertThat(reissued.certificate()).containsExactly(5);
        assertThat(reissued.replacesSerial()).isEqualTo(BigInteger.valueOf(1001));
        assertThat(registry.replacement(set, KeyRole.SIGNING)).isEmpty();
        assertThat(registry.completeReplacement(set, KeyRole.SIGNING, cause("again"))).as("safe to repeat")
                .usingRecursiveComparison().isEqualTo(reissued);
        assertThat(registry.key(set, KeyRole.USER_AUTH).orElseThrow().serial()).isEqualTo(BigInteger.valueOf(2001));
        assertThat(registry.transitions(set)).filteredOn(t -> t.aspect() == CredentialTransition.Aspect.KEY).singleElement()
                .satisfies(t -> {
                    assertThat(t.from()).isEqualTo("SIGNING");
                    assertThat(t.to()).isEqualTo(CredentialTransition.REISSUED);
                    assertThat(t.caseId()).isEqualTo("hold-1");
                });
        // a new replacement may follow, by any case
        registry.recordReplacementKey(set, KeyRole.SIGNING, "sweep-1", new byte[] {6});
        registry.abandonReplacement(set, KeyRole.SIGNING, "sweep-1");
        registry.abandonReplacement(set, KeyRole.SIGNING, "sweep-1");
        assertThat(registry.replacement(set, KeyRole.SIGNING)).isEmpty();
    }

    @Test
    void onlyALiveCertifiedKeyIsReissued() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id, null, CAUSE);
        assertThatThrownBy(() -> registry.recordReplacementKey(setOf(id), KeyRole.SIGNING, "hold-2", new byte[] {1}))
                .as("a set still being issued").isInstanceOf(CredentialNoLongerLiveException.class);
        String set = activeSet("holder-" + UUID.randomUUID());
        registry.recordReplacementKey(set, KeyRole.SIGNING, "hold-3", new byte[] {7});
        registry.moveTo(set, CredentialState.REVOKED, cause("revoked meanwhile"));
        assertThatThrownBy(() -> registry.recordReplacementCertificate(set, KeyRole.SIGNING, "SIGNING", BigInteger.TEN, new byte[] {1}))
                .isInstanceOf(CredentialNoLongerLiveException.class);
        assertThatThrownBy(() -> registry.recordReplacementKey("cs-unknown", KeyRole.SIGNING, "hold-4", new byte[] {1}))
                .isInstanceOf(UnknownCredentialSetException.class);
    }

    @Test
    void theCallCenterFindsAHoldersLiveSetByTheDigestOfTheFactsOnly() {
        String holder = "holder-" + UUID.randomUUID();
        String digest = "a".repeat(63) + "1";
        String set = activeSet(holder);
        registry.recordHolderLookup(holder, digest);
        registry.recordHolderLookup(holder, digest);
        assertThat(registry.liveSetsOfHolderFacts(digest)).extracting(CredentialSet::credentialSetId).containsExactly(set);
        assertThat(registry.liveSetsOfHolderFacts("b".repeat(64))).isEmpty();
        // a renewed card with another address: the new digest replaces the old one
        String renewed = "c".repeat(64);
        registry.recordHolderLookup(holder, renewed);
        assertThat(registry.liveSetsOfHolderFacts(digest)).isEmpty();
        assertThat(registry.liveSetsOfHolderFacts(renewed)).hasSize(1);
        // only live sets are found
        registry.moveTo(set, CredentialState.REVOKED, cause("revoked"));
        assertThat(registry.liveSetsOfHolderFacts(renewed)).isEmpty();
        assertThatThrownBy(() -> registry.recordHolderLookup(holder, "not a digest")).isInstanceOf(IllegalArgumentException.class);
        assertThat(jdbc.queryForList("SELECT * FROM registry.holder_lookup WHERE holder_ref = ?", holder))
                .singleElement().satisfies(row -> assertThat(row.keySet()).containsExactlyInAnyOrder("holder_ref",
                        "facts_digest", "recorded_at"));
    }
}
