package org.mjpki.registry.followup;

/**
 * Something left for a holder's phone by a bulk step (the linked-revocation sweep, the expiry job), queued and drained
 * by a job rather than one process branch each: a push, or the remote delete of an applet whose set ended.
 *
 * @param notification the push's kind (a {@code HolderNotification} name); {@code null} for a delete
 * @param queuedAt     when the sweep queued it (a remote delete is given up after the delete period from then)
 * @param attempts     how many times it was tried and failed
 */
public record HolderFollowUp(String credentialSetId, Kind kind, String caseId, String notification, java.time.Instant queuedAt,
                             int attempts) {

    public enum Kind { PUSH, DELETE_APPLET }

    /** The idempotency id of the push or delete: the same follow-up is the same id on every attempt and every node. */
    public String id() {
        return "follow-up/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + caseId + "/" + credentialSetId;
    }
}
