package org.mjpki.registry;

import java.time.Instant;

/**
 * One holder's smartphone set: the slot it holds, the phone it lives on and where it stands.
 *
 * @param biometricsAllowed R7: whether biometrics may stand in for the user-auth PIN on this phone's model, as the
 *                          device eligibility decision said at issuance; {@code null} until the set is activated
 */
public record SmartphoneCredential(
        String applicationId,
        String holderRef,
        String seId,
        CredentialState state,
        AppletState appletState,
        Instant cardNotAfter,
        Instant createdAt,
        Instant updatedAt,
        Boolean biometricsAllowed) {
}
