package org.mjpki.registry.linked;

import java.time.Instant;
import java.util.List;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.persistence.LinkedRevocationMapper;

/**
 * The linked-revocation sweep's records (R4, issue 14): which live phone certificates follow a revoked card certificate,
 * since when, how each ended. The findings themselves are written set-wise by the card-status feeds and closed by
 * {@link LinkedRevocationBatches}; this reads them.
 */
public class LinkedRevocationLedger {

    /** What became of a finding. */
    public enum Outcome { REVOKED, NOT_LIVE }

    private final LinkedRevocationMapper mapper;

    public LinkedRevocationLedger(LinkedRevocationMapper mapper) {
        this.mapper = mapper;
    }

    /** Sets whose certificates are live (ACTIVE or ON_HOLD): the safety valve's denominator. */
    public long liveSets() {
        return mapper.countLiveSets();
    }

    /** Card-certificate links of live sets: what a sweep checks. */
    public long liveLinks() {
        return mapper.countLiveLinks();
    }

    /** Open findings first found at or before {@code foundBefore}, and the sets they belong to. */
    public long openFindings(Instant foundBefore) {
        return mapper.countOpen(foundBefore);
    }

    public long openSets(Instant foundBefore) {
        return mapper.countOpenSets(foundBefore);
    }

    /** The next page of open findings due by {@code foundBefore}, after {@code after} in key order (null: from the start). */
    public List<LinkedRevocationFinding> openPage(Instant foundBefore, FindingKey after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one finding");
        }
        FindingKey from = after == null ? FindingKey.START : after;
        return mapper.findOpenPage(foundBefore, from.credentialSetId(), from.role(), from.cardSerialHex(), limit);
    }

    /** How the newest finding of the set's role ended, or null while it is open or when there is none. */
    public Outcome outcome(String credentialSetId, KeyRole role) {
        String outcome = mapper.findLatestOutcome(credentialSetId, role);
        return outcome == null ? null : Outcome.valueOf(outcome);
    }

    /** Findings the sweep {@code sweepId} closed with {@code outcome}. */
    public long closedBy(String sweepId, Outcome outcome) {
        return mapper.countClosedBy(sweepId, outcome.name());
    }

    /** Sets the sweep {@code sweepId} ended (both kinds gone). */
    public long setsEndedBy(String sweepId) {
        return mapper.countSetsEndedBy(sweepId);
    }

    /** A position in the findings' key order: the sweep's checkpoint after each batch. */
    public record FindingKey(String credentialSetId, String role, String cardSerialHex) {
        static final FindingKey START = new FindingKey("", "", "");

        /** "set/ROLE/serial", as a process variable keeps it (set ids, roles and hex serials hold no '/'). */
        public String encoded() {
            return credentialSetId + "/" + role + "/" + cardSerialHex;
        }

        /** The key of {@link #encoded()}; null for null or empty (from the start). */
        public static FindingKey decode(String encoded) {
            if (encoded == null || encoded.isEmpty()) {
                return null;
            }
            String[] parts = encoded.split("/", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
                throw new IllegalArgumentException("not a finding key (set/ROLE/serial): " + encoded);
            }
            return new FindingKey(parts[0], parts[1], parts[2]);
        }

        public static FindingKey of(LinkedRevocationFinding finding) {
            return new FindingKey(finding.credentialSetId(), finding.role().name(), finding.cardSerialHex());
        }
    }
}
