package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.RevocationRequest;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;

/**
 * Issue 16, fault 6 (R12): the phone's connection is cut at every command of every operation that reaches the phone —
 * each APDU the relay carries to the applet and the SEI-TSM's install and delete: issuance, lock release, signing
 * re-registration (the re-issue a hold release runs too) and the delete of a revocation — once before the command
 * reaches the SE (lost) and once after the SE carried it out but before its answer came back (done, and nobody knows). The phone is back a moment later and every operation resumes where it
 * stopped and ends as it would have: the set ACTIVE (or REVOKED), the keys on the phone those of the registry's
 * certificates, nothing done twice.
 *
 * <p>The count of commands of each operation is taken from a run without a cut. {@code -Dmjpki.faults.every=1} (the
 * default in CI: 8, every eighth command, both sides) cuts at every single command.
 */
class PhoneDroppedAtEveryStepEndToEndTest extends EndToEndOnPostgres {

    private static final int EVERY = Integer.getInteger("mjpki.faults.every", 8);
    private static final Duration DOWN = Duration.ofMillis(300);

    /** What the holder does, on an issued set; answers the stage it ended in. */
    private interface Operation {
        String run(SimulatedHolder holder) throws Exception;
    }

    @Test
    void anIssuanceResumesWhereverItsConnectionWasCut() throws Exception {
        cutEverywhere("issuance", null, holder -> world.app().issue(holder, DEADLINE).stage());
    }

    @Test
    void aLockReleaseResumesWhereverItsConnectionWasCut() throws Exception {
        cutEverywhere("lock release", holder -> world.app().typeWrongSecret(holder, SecretKind.SIGNING_PASSWORD),
                holder -> world.app().releaseLock(holder, SecretKind.SIGNING_PASSWORD, DEADLINE).stage());
    }

    @Test
    void aSigningReregistrationResumesWhereverItsConnectionWasCut() throws Exception {
        cutEverywhere("signing re-registration", holder -> {
            world.holderMoved(holder, "東京都千代田区霞が関一丁目" + (1 + (int) (Math.random() * 90)) + "番1号");
            // the linked revocation the address change leads to: sweeps until the grace period (the test server's
            // three seconds) is over and the phone signing certificate is revoked
            String setId = setOf(holder).credentialSetId();
            return poll("a sweep revoked the phone signing certificate of " + setId, () -> {
                asOperator("POST", "/operator/linked-revocation-sweeps", "{\"dryRun\":false}");
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return registry.revokedKeyRoles(setId).contains(KeyRole.SIGNING);
            }, done -> done);
        }, holder -> world.app().reregisterSigning(holder, DEADLINE).stage());
    }

    @Test
    void aRevocationsDeleteResumesWhereverItsConnectionWasCut() throws Exception {
        cutEverywhere("revocation", null, holder -> {
            var revocation = world.app().revoke(holder, RevocationRequest.Reason.NO_LONGER_USED);
            return world.app().awaitRevocationFinished(revocation.revocationId(), deadline()).stage();
        });
    }

    /**
     * Runs {@code operation} once to count its relayed commands, then again for holders of their own with the
     * connection cut at every {@link #EVERY}th command, before and after the SE. {@code prepare}, on the issued set,
     * puts the holder where the operation starts (a locked password, an address change); null: nothing to prepare.
     */
    private void cutEverywhere(String what, Preparation prepare, Operation operation) throws Exception {
        boolean issuance = "issuance".equals(what);
        SimulatedHolder census = ready(prepare, issuance);
        census.phone().dropConnectionAt(Integer.MAX_VALUE, false, DOWN);
        String expected = operation.run(census);
        int commands = census.phone().commandsReceived();
        assertThat(commands).as("%s talks to the applet", what).isPositive();
        List<String> cuts = new ArrayList<>();
        for (int nth = 1; nth <= commands; nth += EVERY) {
            for (boolean afterTheSe : new boolean[] {false, true}) {
                SimulatedHolder holder = ready(prepare, issuance);
                holder.phone().dropConnectionAt(nth, afterTheSe, DOWN);
                String where = what + ", cut at command " + nth + " of " + commands + (afterTheSe ? " after the SE" : " before the SE");
                assertThat(operation.run(holder)).as(where).isEqualTo(expected);
                assertThat(holder.phone().commandsReceived()).as("%s: the cut happened", where).isGreaterThanOrEqualTo(nth);
                assertKeysOnThePhoneAreTheRegistrys(holder, where);
                cuts.add(nth + (afterTheSe ? "a" : "b"));
            }
        }
        System.out.printf("%s: %d commands, cut at %s, each resumed%n", what, commands, cuts);
    }

    private interface Preparation {
        Object prepare(SimulatedHolder holder) throws Exception;
    }

    /** A holder ready for the operation: a new one for an issuance, else one with an issued set, prepared. */
    private SimulatedHolder ready(Preparation prepare, boolean issuance) throws Exception {
        SimulatedHolder holder = newHolder();
        if (!issuance) {
            assertThat(world.app().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
            if (prepare != null) {
                prepare.prepare(holder);
            }
        }
        return holder;
    }

    private CredentialSet setOf(SimulatedHolder holder) {
        return registry.set(holder.credentialSetId().orElseThrow()).orElseThrow();
    }

    /** A live set's keys on the phone are its certificates' keys, and its certificates are those on the phone. */
    private void assertKeysOnThePhoneAreTheRegistrys(SimulatedHolder holder, String where) throws Exception {
        CredentialSet set = setOf(holder);
        if (set.state() != CredentialState.ACTIVE) {
            assertThat(holder.phone().appletInstalled()).as("%s: a set that ended leaves no applet", where).isFalse();
            return;
        }
        for (KeyRole role : KeyRole.values()) {
            CredentialKey key = registry.key(set.credentialSetId(), role).orElseThrow();
            AppletKey appletKey = AppletKey.valueOf(role.name());
            Function<JpkiAppletClient, byte[][]> read = applet -> {
                applet.select();
                return new byte[][] {applet.readPublicKey(appletKey).getEncoded(), applet.readCertificate(appletKey)};
            };
            byte[][] onPhone = holder.phone().withLocalApplet(transport -> read.apply(new JpkiAppletClient(transport)));
            assertThat(sha256(onPhone[1])).as("%s: %s certificate on the phone", where, role).isEqualTo(sha256(key.certificate()));
            assertThat(sha256(onPhone[0])).as("%s: %s key on the phone", where, role)
                    .isEqualTo(sha256(org.mjpki.webapp.revocation.OpenSslRelyingParty.x509(key.certificate()).getPublicKey().getEncoded()));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
