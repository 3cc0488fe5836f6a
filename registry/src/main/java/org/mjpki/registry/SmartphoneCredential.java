package org.mjpki.registry;

import java.time.Instant;

/** One holder's smartphone set: the slot it holds, the phone it lives on and where it stands. */
public record SmartphoneCredential(
        String applicationId,
        String holderRef,
        String seId,
        CredentialState state,
        AppletState appletState,
        Instant cardNotAfter,
        Instant createdAt,
        Instant updatedAt) {
}
