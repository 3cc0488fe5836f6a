package org.mjpki.registry.linked;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.Cause;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.registry.followup.HolderFollowUp;
import org.mjpki.registry.linked.LinkedRevocationLedger.Outcome;
import org.mjpki.registry.persistence.LinkedRevocationBatchMapper;
import org.mjpki.registry.persistence.LinkedRevocationBatchMapper.Claim;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry's side of one batch of the linked-revocation sweep, set-wise (issue 14: 100,000 sets in minutes): the
 * batch's sets read in three statements, claimed in one, and what the CA revoked recorded in one transaction of a few
 * statements — never a transaction per set. Which set ends and which key alone is revoked is the sweep's decision
 * ({@code org.mjpki.linked.LinkedRevocations}); this class only reads and writes, and every write is a no-op when
 * repeated, so a batch retried after a crash records nothing twice.
 */
public class LinkedRevocationBatches {

    /** One key of a set: its certificate at the CA, and whether it was revoked on its own already. */
    public record KeyOfSet(KeyRole role, String issuingCa, BigInteger serial, boolean revoked) {}

    /** A set of the batch as it stands, with its keys and every open finding of it (also those of later pages). */
    public record SetInBatch(String credentialSetId, CredentialState state, String revocationCaseId,
                             Map<KeyRole, KeyOfSet> keys, List<LinkedRevocationFinding> openFindings) {
        public boolean live() {
            return state == CredentialState.ACTIVE || state == CredentialState.ON_HOLD;
        }

        public Set<KeyRole> revokedRoles() {
            Set<KeyRole> roles = java.util.EnumSet.noneOf(KeyRole.class);
            keys.values().stream().filter(KeyOfSet::revoked).forEach(k -> roles.add(k.role()));
            return roles;
        }
    }

    /** The whole set ends (REVOKED) under the case that claimed it. */
    public record SetRevocation(String credentialSetId, Cause cause) {}

    /** One key's certificate revoked on its own; the set stays live with the other. */
    public record KeyRevocation(String credentialSetId, KeyRole role, String reason, Cause cause) {}

    /** A push or a remote delete left for the phone. */
    public record FollowUp(String credentialSetId, HolderFollowUp.Kind kind, String caseId, String notification) {}

    /** The findings of one role of a set due by the batch's time, closed with one outcome. */
    public record Closing(String credentialSetId, KeyRole role, Outcome outcome) {}

    /**
     * What one batch did, to record at once.
     *
     * @param sweepId   the sweep that closes the findings
     * @param dueBefore the sweep's due time: only findings found by then are closed
     */
    public record BatchRecord(String sweepId, Instant dueBefore, List<SetRevocation> setsEnded,
                              List<KeyRevocation> keysRevoked, List<FollowUp> followUps, List<Closing> closings) {}

    private final LinkedRevocationBatchMapper mapper;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public LinkedRevocationBatches(LinkedRevocationBatchMapper mapper, PlatformTransactionManager transactionManager,
                                   Clock clock) {
        this.mapper = mapper;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** The sets as they stand, by id; an id the registry does not know is absent. */
    public Map<String, SetInBatch> load(Collection<String> setIds) {
        if (setIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<KeyRole, KeyOfSet>> keys = new HashMap<>();
        for (Map<String, Object> row : mapper.findKeys(setIds)) {
            KeyRole role = KeyRole.valueOf(text(row, "key_role"));
            Object serial = value(row, "serial");
            keys.computeIfAbsent(text(row, "credential_set_id"), id -> new EnumMap<>(KeyRole.class))
                    .put(role, new KeyOfSet(role, text(row, "issuing_ca"),
                            serial == null ? null : new java.math.BigDecimal(serial.toString()).toBigIntegerExact(),
                            value(row, "revoked_at") != null));
        }
        Map<String, List<LinkedRevocationFinding>> findings = new HashMap<>();
        for (LinkedRevocationFinding f : mapper.findOpenOf(setIds)) {
            findings.computeIfAbsent(f.credentialSetId(), id -> new ArrayList<>()).add(f);
        }
        Map<String, SetInBatch> sets = new LinkedHashMap<>();
        for (Map<String, Object> row : mapper.findSets(setIds)) {
            String id = text(row, "credential_set_id");
            sets.put(id, new SetInBatch(id, CredentialState.valueOf(text(row, "state")), text(row, "revocation_case_id"),
                    keys.getOrDefault(id, Map.of()), findings.getOrDefault(id, List.of())));
        }
        return sets;
    }

    /**
     * Takes each set for its case (set id to case id), in one statement under the sets' row locks, as
     * {@code CredentialRegistry.claimForRevocation} does for one: a set another case took, or no longer active or held,
     * is not taken. Returns the ids the given case holds now (taken now, or by an earlier try of the same case).
     */
    public Set<String> claim(Map<String, String> caseBySet) {
        if (caseBySet.isEmpty()) {
            return Set.of();
        }
        return transactions.execute(status -> {
            mapper.lockSets(caseBySet.keySet());
            List<Claim> claims = caseBySet.entrySet().stream().map(e -> new Claim(e.getKey(), e.getValue())).toList();
            mapper.claim(claims, clock.instant());
            Set<String> held = new HashSet<>();
            for (Map<String, Object> row : mapper.findSets(caseBySet.keySet())) {
                String id = text(row, "credential_set_id");
                if (caseBySet.get(id).equals(text(row, "revocation_case_id"))) {
                    held.add(id);
                }
            }
            return held;
        });
    }

    /**
     * Records a batch in one transaction, the sets locked first in id order: the sets ended (REVOKED, with their audit
     * rows; only a live set the case holds), the keys revoked on their own (with audit rows; only keys not revoked yet),
     * the follow-ups not queued yet, and the findings closed. Whatever was recorded by an earlier try is left alone.
     */
    public void record(BatchRecord batch) {
        Set<String> ids = new java.util.TreeSet<>();
        batch.setsEnded().forEach(s -> ids.add(s.credentialSetId()));
        batch.keysRevoked().forEach(k -> ids.add(k.credentialSetId()));
        batch.followUps().forEach(f -> ids.add(f.credentialSetId()));
        batch.closings().forEach(c -> ids.add(c.credentialSetId()));
        if (ids.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            Map<String, Map<String, Object>> current = new HashMap<>();
            for (Map<String, Object> row : mapper.lockSets(ids)) {
                current.put(text(row, "credential_set_id"), row);
            }
            List<CredentialTransition> audit = new ArrayList<>();
            List<String> ending = new ArrayList<>();
            for (SetRevocation s : batch.setsEnded()) {
                Map<String, Object> row = current.get(s.credentialSetId());
                if (row == null || !s.cause().caseId().equals(text(row, "revocation_case_id"))) {
                    throw new IllegalStateException("set " + s.credentialSetId() + " is not held by " + s.cause().caseId());
                }
                CredentialState from = CredentialState.valueOf(text(row, "state"));
                if (from == CredentialState.ACTIVE || from == CredentialState.ON_HOLD) {
                    ending.add(s.credentialSetId());
                    audit.add(CredentialTransition.ofSet(s.credentialSetId(), from, CredentialState.REVOKED, s.cause(), now));
                }
            }
            if (!ending.isEmpty()) {
                mapper.revokeSets(ending, now);
            }
            Map<String, Set<KeyRole>> revokedBefore = new HashMap<>();
            for (Map<String, Object> row : mapper.findKeys(ids)) {
                if (value(row, "revoked_at") != null) {
                    revokedBefore.computeIfAbsent(text(row, "credential_set_id"), id -> new HashSet<>())
                            .add(KeyRole.valueOf(text(row, "key_role")));
                }
            }
            Map<List<Object>, List<String>> keysByRoleAndReason = new LinkedHashMap<>();
            for (KeyRevocation k : batch.keysRevoked()) {
                if (revokedBefore.getOrDefault(k.credentialSetId(), Set.of()).contains(k.role())) {
                    continue;
                }
                keysByRoleAndReason.computeIfAbsent(List.of(k.role(), k.reason()), r -> new ArrayList<>()).add(k.credentialSetId());
                audit.add(CredentialTransition.ofKeyRevoked(k.credentialSetId(), k.role(), k.cause(), now));
            }
            keysByRoleAndReason.forEach((roleAndReason, setIds) ->
                    mapper.revokeKeys(setIds, (KeyRole) roleAndReason.get(0), (String) roleAndReason.get(1), now));
            if (!audit.isEmpty()) {
                mapper.insertTransitions(audit);
            }
            Set<String> queued = new HashSet<>();
            for (Map<String, Object> row : mapper.findFollowUps(ids)) {
                queued.add(text(row, "credential_set_id") + "|" + text(row, "kind") + "|" + text(row, "case_id"));
            }
            List<FollowUp> toQueue = new ArrayList<>();
            for (FollowUp f : batch.followUps()) {
                if (queued.add(f.credentialSetId() + "|" + f.kind() + "|" + f.caseId())) {
                    toQueue.add(f);
                }
            }
            if (!toQueue.isEmpty()) {
                mapper.insertFollowUps(toQueue, now);
            }
            Map<List<Object>, List<String>> closingsByRoleAndOutcome = new LinkedHashMap<>();
            for (Closing c : batch.closings()) {
                closingsByRoleAndOutcome.computeIfAbsent(List.of(c.role(), c.outcome()), r -> new ArrayList<>())
                        .add(c.credentialSetId());
            }
            closingsByRoleAndOutcome.forEach((roleAndOutcome, setIds) -> mapper.close(setIds, (KeyRole) roleAndOutcome.get(0),
                    batch.dueBefore(), ((Outcome) roleAndOutcome.get(1)).name(), batch.sweepId(), now));
        });
    }

    private static Object value(Map<String, Object> row, String column) {
        // H2 reports column labels in upper case, PostgreSQL in lower case
        return row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase(Locale.ROOT));
    }

    private static String text(Map<String, Object> row, String column) {
        Object v = value(row, column);
        return v == null ? null : v.toString();
    }
}
