package org.mjpki.registry;

import java.time.Instant;

/** An audit row: every state change of a credential, with why. */
public record CredentialTransition(String applicationId, CredentialState from, CredentialState to, String reason, Instant at) {
}
