package org.mjpki.registry;

import java.time.Instant;

/**
 * One holder's smartphone set (R2): a signing and a user-auth key pair with their certificates on one phone, the slot it
 * holds, and where it stands. It has its own id; the application that made it is only the record of how.
 *
 * @param cardCertificate   the card signing certificate the application was signed with (R0, R4); {@code null} for a
 *                          set from before the link was recorded
 * @param replacesSetId     lineage: the set this one replaced (device change), if any
 * @param revocationCaseId  the case that has taken this set to revoke it, once one has
 * @param biometricsAllowed R7: whether biometrics may stand in for the user-auth PIN on this phone's model, as the
 *                          device eligibility decision said at issuance; {@code null} until the set is activated
 */
public record CredentialSet(
        String credentialSetId,
        String applicationId,
        String holderRef,
        String seId,
        CredentialState state,
        AppletState appletState,
        Instant cardNotAfter,
        CardCertificateLink cardCertificate,
        String replacesSetId,
        String revocationCaseId,
        Boolean biometricsAllowed,
        Instant createdAt,
        Instant updatedAt) {
}
