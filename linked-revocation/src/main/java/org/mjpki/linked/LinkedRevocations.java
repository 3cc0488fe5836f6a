package org.mjpki.linked;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.registry.Cause;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.followup.HolderFollowUp;
import org.mjpki.registry.followup.HolderFollowUpQueue;
import org.mjpki.registry.linked.LinkedRevocationFinding;
import org.mjpki.registry.linked.LinkedRevocationLedger;
import org.mjpki.registry.linked.LinkedRevocationLedger.FindingKey;
import org.mjpki.registry.linked.LinkedRevocationLedger.Outcome;

/**
 * R4, linked revocation: the three steps of a sweep (process {@code linked-revocation-sweep}, ADR 0022).
 * <ol>
 *   <li>{@link #detect}: the card-status feed records, set-wise, every live phone certificate whose card certificate of
 *       the same kind is newly revoked, with the time it was first found;</li>
 *   <li>{@link #assess}: how many of them are past the grace period, and whether revoking them would exceed the safety
 *       valve's share of all live sets;</li>
 *   <li>{@link #revokeBatch}: one keyset page of them revoked through the CA and the registry. Per kind: a set whose
 *       two certificates are both revoked (now, or one earlier) ends REVOKED and its applet is deleted; otherwise only
 *       that certificate is revoked and the set stays live with the other.</li>
 * </ol>
 * Every side effect is keyed by the phone certificate, not the sweep: the CA's request id is
 * {@code linked/<set>/revoke/<CA>/<serial>} and the set is taken for revocation by the case {@code linked/<set>}, so a
 * repeated, resumed or second sweep never revokes twice. Pushes and remote deletes go to the follow-up queue.
 */
public final class LinkedRevocations {

    public record Detection(long linksChecked, long newlyFound) {}

    /**
     * @param dueBefore   findings first found at or before this are due (now minus the grace period), fixed for the sweep
     * @param dueFindings phone certificates to revoke
     * @param dueSets     sets they belong to
     * @param liveSets    all live sets
     */
    public record Assessment(Instant dueBefore, long dueFindings, long dueSets, long liveSets, double valveShare,
                             long valveMinimum) {
        /** The safety valve: more than the configured share of all live sets, and more than the minimum, would be touched. */
        public boolean valveTripped() {
            return dueSets > valveMinimum && dueSets > valveShare * liveSets;
        }
    }

    /**
     * @param checkpoint   the last finding handled ({@link FindingKey#encoded()}): the next batch starts after it
     * @param revoked      phone certificates this batch revoked
     * @param setsEnded    sets this batch ended (both certificates revoked)
     * @param notLive      findings whose certificate had ended otherwise before its turn
     * @param more         whether another batch may find more
     */
    public record BatchResult(String checkpoint, int revoked, int setsEnded, int notLive, boolean more) {}

    /** What one sweep has done so far, from the ledger: right after a crash and a retry too. */
    public record Totals(long revoked, long setsEnded, long deletesPending) {}

    private final CardRevocationFeed feed;
    private final LinkedRevocationLedger ledger;
    private final HolderFollowUpQueue followUps;
    private final CredentialRegistry registry;
    private final CertificateAuthority ca;
    private final LinkedRevocationPolicy policy;
    private final Clock clock;
    private final java.util.concurrent.ExecutorService workers;

    public LinkedRevocations(CardRevocationFeed feed, LinkedRevocationLedger ledger, HolderFollowUpQueue followUps,
                             CredentialRegistry registry, CertificateAuthority ca, LinkedRevocationPolicy policy, Clock clock) {
        this.feed = feed;
        this.ledger = ledger;
        this.followUps = followUps;
        this.registry = registry;
        this.ca = ca;
        this.policy = policy;
        this.clock = clock;
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(policy.parallelism(), task -> {
            Thread thread = new Thread(task, "linked-revocation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public LinkedRevocationPolicy policy() {
        return policy;
    }

    public Detection detect() {
        long found = feed.recordNewlyRevokedLinks(clock.instant());
        return new Detection(ledger.liveLinks(), found);
    }

    /** Reconciliation: every live link checked again; what is found goes to the sweep as findings (see the feed). */
    public Detection reconcile() {
        long found = feed.reconcileLinks(clock.instant());
        return new Detection(ledger.liveLinks(), found);
    }

    public Assessment assess() {
        Instant dueBefore = clock.instant().minus(policy.gracePeriod());
        return new Assessment(dueBefore, ledger.openFindings(dueBefore), ledger.openSets(dueBefore), ledger.liveSets(),
                policy.valveShare(), policy.valveMinimum());
    }

    /** Revokes the next page of findings due by {@code dueBefore} after {@code checkpoint} (null or empty: from the start). */
    public BatchResult revokeBatch(String sweepId, Instant dueBefore, String checkpoint) {
        List<LinkedRevocationFinding> page = ledger.openPage(dueBefore, FindingKey.decode(checkpoint), policy.batchSize());
        Map<String, List<LinkedRevocationFinding>> bySet = new LinkedHashMap<>();
        for (LinkedRevocationFinding finding : page) {
            bySet.computeIfAbsent(finding.credentialSetId(), id -> new ArrayList<>()).add(finding);
        }
        int revoked = 0;
        int ended = 0;
        int notLive = 0;
        // the sets of a page side by side: each is one unit (its own CA requests and registry rows, keyed as always), and
        // the time goes to round trips to the database and the CA, not to this CPU
        List<java.util.concurrent.Future<SetOutcome>> outcomes = new ArrayList<>();
        for (String setId : bySet.keySet()) {
            outcomes.add(workers.submit(() -> revokeDueOf(sweepId, setId, dueBefore)));
        }
        RuntimeException failure = null;
        for (java.util.concurrent.Future<SetOutcome> future : outcomes) {
            try {
                SetOutcome outcome = future.get();
                revoked += outcome.revoked;
                ended += outcome.ended ? 1 : 0;
                notLive += outcome.notLive;
            } catch (java.util.concurrent.ExecutionException e) {
                // the batch fails as a whole and is retried from the same checkpoint: what was done is found done
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while revoking a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        String next = page.isEmpty() ? (checkpoint == null ? "" : checkpoint) : FindingKey.of(page.get(page.size() - 1)).encoded();
        return new BatchResult(next, revoked, ended, notLive, page.size() == policy.batchSize());
    }

    public Totals totals(String sweepId) {
        return new Totals(ledger.closedBy(sweepId, Outcome.REVOKED), ledger.setsEndedBy(sweepId),
                followUps.open(HolderFollowUp.Kind.DELETE_APPLET));
    }

    private record SetOutcome(int revoked, boolean ended, int notLive) {}

    /** Every open finding of the set due by then, handled together: both kinds due means the whole set ends. */
    private SetOutcome revokeDueOf(String sweepId, String setId, Instant dueBefore) {
        List<LinkedRevocationFinding> due = ledger.openOfSet(setId).stream()
                .filter(f -> !f.foundAt().isAfter(dueBefore)).toList();
        if (due.isEmpty()) {
            return new SetOutcome(0, false, 0);
        }
        String caseId = caseOf(setId);
        CredentialSet set = registry.set(setId).orElse(null);
        boolean ours = set != null && caseId.equals(set.revocationCaseId());
        if (set == null || (!ours && (!isLive(set) || set.revocationCaseId() != null))) {
            // ended otherwise (revoked by the holder, expired, device change) or another case is ending it now
            due.forEach(f -> ledger.close(f, Outcome.NOT_LIVE, sweepId));
            return new SetOutcome(0, false, due.size());
        }
        Set<KeyRole> revokedBefore = registry.revokedKeyRoles(setId);
        Set<KeyRole> dueRoles = EnumSet.noneOf(KeyRole.class);
        due.forEach(f -> dueRoles.add(f.role()));
        Set<KeyRole> left = EnumSet.allOf(KeyRole.class);
        left.removeAll(revokedBefore);
        left.removeAll(dueRoles);
        int revoked = 0;
        int notLive = 0;
        if (left.isEmpty() || ours) {
            // both kinds gone: the whole set ends, as a revocation does (claimed first, so no other case races it)
            CredentialRegistry.RevocationClaim claim = registry.claimForRevocation(setId, caseId);
            if (claim != CredentialRegistry.RevocationClaim.CLAIMED && !ours) {
                due.forEach(f -> ledger.close(f, Outcome.NOT_LIVE, sweepId));
                return new SetOutcome(0, false, due.size());
            }
            for (LinkedRevocationFinding finding : due) {
                revokeAtCa(setId, finding.role(), PhoneRevocationReasons.forCardReason(finding.cardReason()));
                revoked++;
            }
            // a kind revoked on its own by an earlier sweep is revoked at the CA already, with its own reason
            registry.moveTo(setId, CredentialState.REVOKED, Cause.of(Actor.SWEEP, caseId, reasonOf(due, sweepId)));
            followUps.queue(setId, HolderFollowUp.Kind.DELETE_APPLET, caseId, null);
            followUps.queue(setId, HolderFollowUp.Kind.PUSH, caseId, HolderNotification.CREDENTIAL_SET_REVOKED.name());
            due.forEach(f -> ledger.close(f, Outcome.REVOKED, sweepId));
            return new SetOutcome(revoked, true, 0);
        }
        for (LinkedRevocationFinding finding : due) {
            if (revokedBefore.contains(finding.role())) {
                ledger.close(finding, Outcome.NOT_LIVE, sweepId);
                notLive++;
                continue;
            }
            revokeAtCa(setId, finding.role(), PhoneRevocationReasons.forCardReason(finding.cardReason()));
            registry.recordKeyRevoked(setId, finding.role(), PhoneRevocationReasons.forCardReason(finding.cardReason()).name(),
                    Cause.of(Actor.SWEEP, caseId, reasonOf(List.of(finding), sweepId)));
            followUps.queue(setId, HolderFollowUp.Kind.PUSH, caseId + "/" + finding.role(), notificationFor(finding.role()).name());
            ledger.close(finding, Outcome.REVOKED, sweepId);
            revoked++;
        }
        return new SetOutcome(revoked, false, notLive);
    }

    private void revokeAtCa(String setId, KeyRole role, RevocationReason reason) {
        CredentialKey key = registry.key(setId, role).orElse(null);
        if (key == null || key.serial() == null) {
            return;
        }
        CertificateRef ref = new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial());
        ca.revoke(caseOf(setId) + "/revoke/" + ref.ca() + "/" + ref.serial(), ref, reason);
    }

    private static boolean isLive(CredentialSet set) {
        return set.state() == CredentialState.ACTIVE || set.state() == CredentialState.ON_HOLD;
    }

    /** The case under which the sweep ends a set or revokes its certificates: one per set, whichever sweep does it. */
    public static String caseOf(String credentialSetId) {
        return "linked/" + credentialSetId;
    }

    static HolderNotification notificationFor(KeyRole role) {
        return role == KeyRole.SIGNING ? HolderNotification.SIGNING_CERTIFICATE_REVOKED
                                       : HolderNotification.USER_AUTH_CERTIFICATE_REVOKED;
    }

    private static String reasonOf(List<LinkedRevocationFinding> due, String sweepId) {
        StringBuilder reason = new StringBuilder("linked revocation (" + sweepId + "):");
        for (LinkedRevocationFinding f : due) {
            reason.append(" card ").append(f.role() == KeyRole.SIGNING ? "signing " : "user-auth ")
                    .append(f.cardSerialHex()).append(' ').append(f.cardReason());
        }
        // the audit reason column is bounded; the findings keep every card serial in full
        return reason.length() > 128 ? reason.substring(0, 125) + "..." : reason.toString();
    }
}
