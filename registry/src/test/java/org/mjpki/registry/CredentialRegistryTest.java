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

    private String verifiedApplication(String holderRef) {
        String id = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(id, "se-" + id, "nonce-" + id,
                Instant.now().plus(10, ChronoUnit.MINUTES), new byte[] {1, 2, 3}, "token", Instant.now(), null, null));
        registry.recordVerifiedHolder(id, holderRef, Instant.parse("2030-01-01T00:00:00Z"));
        return id;
    }

    @Test
    void reservesOneSlotPerHolderAndRefusesASecond() {
        String holder = "holder-" + UUID.randomUUID();
        String first = verifiedApplication(holder);
        String second = verifiedApplication(holder);

        SmartphoneCredential reserved = registry.reserveSlot(first);
        assertThat(reserved.state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.reserveSlot(first)).as("idempotent for the same application").isNotNull();
        assertThatThrownBy(() -> registry.reserveSlot(second)).isInstanceOf(AlreadyIssuedException.class);
        assertThat(registry.credential(second)).isEmpty();
    }

    @Test
    void aFinalStateFreesTheSlot() {
        String holder = "holder-" + UUID.randomUUID();
        String first = verifiedApplication(holder);
        registry.reserveSlot(first);
        registry.moveTo(first, CredentialState.ABANDONED, "rolled back");

        String second = verifiedApplication(holder);
        assertThat(registry.reserveSlot(second).state()).isEqualTo(CredentialState.RESERVED);
        assertThat(registry.liveCredentialOf(holder)).map(SmartphoneCredential::applicationId).contains(second);
    }

    @Test
    void theDatabaseItselfRefusesASecondLiveSet() {
        String holder = "holder-" + UUID.randomUUID();
        String first = verifiedApplication(holder);
        String second = verifiedApplication(holder);
        registry.reserveSlot(first);
        // bypass the service: the constraint, not the code, must refuse it
        assertThatThrownBy(() -> jdbc.update("""
                INSERT INTO registry.smartphone_credential (application_id, holder_ref, se_id, state, applet_state,
                    card_not_after, created_at, updated_at)
                VALUES (?, ?, 'se', 'ACTIVE', 'NONE', now(), now(), now())""", second, holder))
                .hasMessageContaining("smartphone_credential_one_live_per_holder");
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
                    registry.reserveSlot(id);
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
        registry.reserveSlot(id);
        registry.moveTo(id, CredentialState.PERSONALIZING, "applet installed");
        registry.moveTo(id, CredentialState.PERSONALIZING, "retried");
        registry.moveTo(id, CredentialState.ACTIVE, "activated");
        assertThatThrownBy(() -> registry.moveTo(id, CredentialState.RESERVED, "back"))
                .isInstanceOf(IllegalTransitionException.class);

        assertThat(registry.transitions(id)).extracting(CredentialTransition::to)
                .containsExactly(CredentialState.RESERVED, CredentialState.PERSONALIZING, CredentialState.ACTIVE);
    }

    @Test
    void recordsWhetherBiometricsMayReplaceThePin() {
        String restricted = verifiedApplication("holder-" + UUID.randomUUID());
        String allowed = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(restricted);
        registry.reserveSlot(allowed);
        assertThat(registry.credential(restricted).orElseThrow().biometricsAllowed()).as("not decided while issuing").isNull();

        registry.recordBiometricsAllowed(restricted, false);
        registry.recordBiometricsAllowed(restricted, false);
        registry.recordBiometricsAllowed(allowed, true);

        assertThat(registry.credential(restricted).orElseThrow().biometricsAllowed()).isFalse();
        assertThat(registry.credential(allowed).orElseThrow().biometricsAllowed()).isTrue();
        assertThat(registry.liveCredentialOf(registry.credential(restricted).orElseThrow().holderRef()).orElseThrow()
                .biometricsAllowed()).isFalse();
        assertThatThrownBy(() -> registry.recordBiometricsAllowed("app-unknown-" + UUID.randomUUID(), true))
                .isInstanceOf(UnknownApplicationException.class);
    }

    @Test
    void refusesAReplayedNonce() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        SmartphoneApplication original = registry.application(id).orElseThrow();
        SmartphoneApplication replay = new SmartphoneApplication("other-" + id, original.seId(), original.nonce(),
                original.expiresAt(), original.signedApplication(), null, Instant.now(), null, null);
        assertThatThrownBy(() -> registry.recordApplication(replay)).isInstanceOf(ApplicationReplayedException.class);
        assertThat(registry.application("other-" + id)).isEmpty();
    }

    @Test
    void keepsKeysAndCertificatesIdempotently() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id);
        registry.recordPublicKey(id, KeyRole.SIGNING, new byte[] {9, 9});
        registry.recordPublicKey(id, KeyRole.SIGNING, new byte[] {9, 9});
        assertThatThrownBy(() -> registry.recordPublicKey(id, KeyRole.SIGNING, new byte[] {8}))
                .isInstanceOf(IllegalStateException.class);
        registry.recordCertificate(id, KeyRole.SIGNING, "SIGNING", new BigInteger("123456789012345678901234567890"), new byte[] {7});
        CredentialKey key = registry.key(id, KeyRole.SIGNING).orElseThrow();
        assertThat(key.serial()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(key.issuedCertificate()).contains(new byte[] {7});
        assertThat(registry.key(id, KeyRole.USER_AUTH)).isEmpty();
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
        registry.reserveSlot(id);
        registry.moveTo(id, CredentialState.PERSONALIZING, "installed");
        registry.moveTo(id, CredentialState.ACTIVE, "activated");
        assertThat(registry.expireDue(Instant.parse("2029-12-31T23:59:59Z"), 1000)).as("not yet").isZero();
        assertThat(registry.credential(id).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        registry.expireDue(Instant.parse("2030-01-01T00:00:00Z"), 100_000);
        assertThat(registry.credential(id).orElseThrow().state()).isEqualTo(CredentialState.EXPIRED);
    }

    @Test
    void aRolledBackCredentialTakesNoMoreCertificates() {
        String id = verifiedApplication("holder-" + UUID.randomUUID());
        registry.reserveSlot(id);
        registry.moveTo(id, CredentialState.PERSONALIZING, "installed");
        registry.recordPublicKey(id, KeyRole.SIGNING, new byte[] {1});
        registry.recordPublicKey(id, KeyRole.USER_AUTH, new byte[] {2});
        registry.recordCertificate(id, KeyRole.SIGNING, "SIGNING", BigInteger.TEN, new byte[] {3});
        registry.moveTo(id, CredentialState.ABANDONED, "rolled back");

        assertThatThrownBy(() -> registry.recordCertificate(id, KeyRole.USER_AUTH, "USER_AUTH", BigInteger.TWO, new byte[] {4}))
                .isInstanceOf(CredentialNoLongerLiveException.class);
        assertThat(registry.key(id, KeyRole.USER_AUTH).orElseThrow().serial()).isNull();
        assertThat(registry.keys(id)).hasSize(2);
    }
}
