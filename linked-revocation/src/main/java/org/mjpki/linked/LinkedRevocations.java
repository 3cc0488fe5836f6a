package org.mjpki.linked;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationOrder;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.registry.Cause;
import org.mjpki.registry.followup.HolderFollowUp;
import org.mjpki.registry.followup.HolderFollowUpQueue;
import org.mjpki.registry.linked.LinkedRevocationBatches;
import org.mjpki.registry.linked.LinkedRevocationBatches.BatchRecord;
import org.mjpki.registry.linked.LinkedRevocationBatches.Closing;
import org.mjpki.registry.linked.LinkedRevocationBatches.FollowUp;
import org.mjpki.registry.linked.LinkedRevocationBatches.KeyOfSet;
import org.mjpki.registry.linked.LinkedRevocationBatches.KeyRevocation;
import org.mjpki.registry.linked.LinkedRevocationBatches.SetInBatch;
import org.mjpki.registry.linked.LinkedRevocationBatches.SetRevocation;
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
    private final LinkedRevocationBatches batches;
    private final CertificateAuthority ca;
    private final LinkedRevocationPolicy policy;
    private final Clock clock;

    public LinkedRevocations(CardRevocationFeed feed, LinkedRevocationLedger ledger, HolderFollowUpQueue followUps,
                             LinkedRevocationBatches batches, CertificateAuthority ca, LinkedRevocationPolicy policy,
                             Clock clock) {
        this.feed = feed;
        this.ledger = ledger;
        this.followUps = followUps;
        this.batches = batches;
        this.ca = ca;
        this.policy = policy;
        this.clock = clock;
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

    /**
     * Revokes the next page of findings due by {@code dueBefore} after {@code checkpoint} (null or empty: from the start),
     * set-wise: the page's sets read at once, the sets that end claimed at once, every certificate revoked in one CA
     * batch, and all of it recorded in the registry in one transaction. A crash anywhere leaves the page to the retry
     * from the same checkpoint, which finds done what was done (keyed CA requests, no-op registry writes).
     */
    public BatchResult revokeBatch(String sweepId, Instant dueBefore, String checkpoint) {
        List<LinkedRevocationFinding> page = ledger.openPage(dueBefore, FindingKey.decode(checkpoint), policy.batchSize());
        Set<String> setIds = new LinkedHashSet<>();
        page.forEach(f -> setIds.add(f.credentialSetId()));
        Map<String, SetInBatch> sets = batches.load(setIds);

        List<SetPlan> plans = new ArrayList<>();
        for (String setId : setIds) {
            SetPlan plan = plan(setId, sets.get(setId), page, dueBefore);
            if (plan != null) {
                plans.add(plan);
            }
        }
        // the sets that end are taken for their case first, so that no other case (a holder's revocation, a device
        // change) starts ending one of them while the CA revokes
        Map<String, String> toClaim = new LinkedHashMap<>();
        plans.stream().filter(p -> p.endsSet).forEach(p -> toClaim.put(p.setId, caseOf(p.setId)));
        Set<String> claimed = batches.claim(toClaim);

        List<RevocationOrder> orders = new ArrayList<>();
        List<SetRevocation> ended = new ArrayList<>();
        List<KeyRevocation> keys = new ArrayList<>();
        List<FollowUp> pushesAndDeletes = new ArrayList<>();
        List<Closing> closings = new ArrayList<>();
        int notLive = 0;
        for (SetPlan plan : plans) {
            String caseId = caseOf(plan.setId);
            if (plan.endsSet && !claimed.contains(plan.setId)) {
                // taken by another case, or ended, since it was read
                plan.due.forEach((role, findings) -> closings.add(new Closing(plan.setId, role, Outcome.NOT_LIVE)));
                notLive += plan.findingCount();
                continue;
            }
            for (Map.Entry<KeyRole, List<LinkedRevocationFinding>> entry : plan.due.entrySet()) {
                KeyRole role = entry.getKey();
                LinkedRevocationFinding first = entry.getValue().get(0);
                if (!plan.endsSet && plan.revokedBefore.contains(role)) {
                    closings.add(new Closing(plan.setId, role, Outcome.NOT_LIVE));
                    notLive += entry.getValue().size();
                    continue;
                }
                // one order per phone certificate: two card certificates of one kind found revoked revoke it once
                RevocationReason reason = PhoneRevocationReasons.forCardReason(first.cardReason());
                KeyOfSet key = plan.set.keys().get(role);
                if (key != null && key.serial() != null && !plan.revokedBefore.contains(role)) {
                    CertificateRef ref = new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial());
                    orders.add(new RevocationOrder(caseId + "/revoke/" + ref.ca() + "/" + ref.serial(), ref, reason));
                }
                if (!plan.endsSet) {
                    keys.add(new KeyRevocation(plan.setId, role, reason.name(),
                            Cause.of(Actor.SWEEP, caseId, reasonOf(entry.getValue(), sweepId))));
                    pushesAndDeletes.add(new FollowUp(plan.setId, HolderFollowUp.Kind.PUSH, caseId + "/" + role,
                            notificationFor(role).name()));
                }
                closings.add(new Closing(plan.setId, role, Outcome.REVOKED));
            }
            if (plan.endsSet) {
                // a kind revoked on its own by an earlier sweep is revoked at the CA already, with its own reason
                List<LinkedRevocationFinding> all = plan.due.values().stream().flatMap(List::stream).toList();
                ended.add(new SetRevocation(plan.setId, Cause.of(Actor.SWEEP, caseId, reasonOf(all, sweepId))));
                pushesAndDeletes.add(new FollowUp(plan.setId, HolderFollowUp.Kind.DELETE_APPLET, caseId, null));
                pushesAndDeletes.add(new FollowUp(plan.setId, HolderFollowUp.Kind.PUSH, caseId,
                        HolderNotification.CREDENTIAL_SET_REVOKED.name()));
            }
        }
        // the CA first: a crash before the registry's record leaves the findings open, and the retry's CA batch is
        // answered from the request ids it performed
        ca.revokeAll(orders);
        batches.record(new BatchRecord(sweepId, dueBefore, ended, keys, pushesAndDeletes, closings));
        String next = page.isEmpty() ? (checkpoint == null ? "" : checkpoint) : FindingKey.of(page.get(page.size() - 1)).encoded();
        return new BatchResult(next, orders.size(), ended.size(), notLive, page.size() == policy.batchSize());
    }

    public Totals totals(String sweepId) {
        return new Totals(ledger.closedBy(sweepId, Outcome.REVOKED), ledger.setsEndedBy(sweepId),
                followUps.open(HolderFollowUp.Kind.DELETE_APPLET));
    }

    /**
     * What the sweep does with one set of the page: every open finding of it due by then, per kind (also findings of the
     * set that fall on the next page: a set is handled whole). Both kinds gone (now or one earlier), or the set taken
     * by this case on an earlier try: the whole set ends. Otherwise only the due kinds are revoked.
     */
    private record SetPlan(String setId, SetInBatch set, Map<KeyRole, List<LinkedRevocationFinding>> due,
                           Set<KeyRole> revokedBefore, boolean endsSet) {
        int findingCount() {
            return due.values().stream().mapToInt(List::size).sum();
        }
    }

    /** Null when nothing of the set is due; a plan whose findings all close NOT_LIVE when the set ended otherwise. */
    private SetPlan plan(String setId, SetInBatch set, List<LinkedRevocationFinding> page, Instant dueBefore) {
        Map<KeyRole, List<LinkedRevocationFinding>> due = new EnumMap<>(KeyRole.class);
        // a set the registry does not know (it cannot be, the ledger refers to it; but never loop on it): its page's findings
        List<LinkedRevocationFinding> open = set != null ? set.openFindings()
                : page.stream().filter(f -> f.credentialSetId().equals(setId)).toList();
        open.stream().filter(f -> !f.foundAt().isAfter(dueBefore))
                .forEach(f -> due.computeIfAbsent(f.role(), r -> new ArrayList<>()).add(f));
        if (due.isEmpty()) {
            return null;
        }
        String caseId = caseOf(setId);
        boolean ours = set != null && caseId.equals(set.revocationCaseId());
        if (set == null || (!ours && (!set.live() || set.revocationCaseId() != null))) {
            // ended otherwise (revoked by the holder, expired, device change) or another case is ending it now: every
            // due finding closes NOT_LIVE (revokedBefore holds all roles, nothing ends)
            return new SetPlan(setId, set, due, EnumSet.allOf(KeyRole.class), false);
        }
        Set<KeyRole> revokedBefore = set.revokedRoles();
        Set<KeyRole> left = EnumSet.allOf(KeyRole.class);
        left.removeAll(revokedBefore);
        left.removeAll(due.keySet());
        return new SetPlan(setId, set, due, revokedBefore, left.isEmpty() || ours);
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
