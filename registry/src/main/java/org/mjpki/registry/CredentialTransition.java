package org.mjpki.registry;

import java.time.Instant;
import org.mjpki.lifecycle.Actor;

/**
 * An audit row: a change of a credential set's state ({@link Aspect#SET}, states of {@link CredentialState}), of its
 * applet on the phone ({@link Aspect#APPLET}, states of {@link AppletState}) or of one of its keys ({@link Aspect#KEY}:
 * from the key role to REISSUED or REVOKED), with who caused it, in which case, and why.
 */
public record CredentialTransition(
        String credentialSetId,
        Aspect aspect,
        String from,
        String to,
        Actor actor,
        String caseId,
        String reason,
        Instant at) {

    public enum Aspect { SET, APPLET, KEY }

    /** What a {@link Aspect#KEY} row moves to: the key and its certificate were replaced by new ones. */
    public static final String REISSUED = "REISSUED";
    /** What a {@link Aspect#KEY} row moves to: that certificate alone was revoked (a per-kind linked revocation). */
    public static final String REVOKED = "REVOKED";

    public static CredentialTransition ofSet(String setId, CredentialState from, CredentialState to, Cause cause, Instant at) {
        return new CredentialTransition(setId, Aspect.SET, from == null ? null : from.name(), to.name(), cause.actor(),
                cause.caseId(), cause.reason(), at);
    }

    static CredentialTransition ofKeyReissued(String setId, org.mjpki.lifecycle.KeyRole role, Cause cause, Instant at) {
        return new CredentialTransition(setId, Aspect.KEY, role.name(), REISSUED, cause.actor(), cause.caseId(),
                cause.reason(), at);
    }

    public static CredentialTransition ofKeyRevoked(String setId, org.mjpki.lifecycle.KeyRole role, Cause cause, Instant at) {
        return new CredentialTransition(setId, Aspect.KEY, role.name(), REVOKED, cause.actor(), cause.caseId(),
                cause.reason(), at);
    }

    static CredentialTransition ofApplet(String setId, AppletState from, AppletState to, Cause cause, Instant at) {
        return new CredentialTransition(setId, Aspect.APPLET, from == null ? null : from.name(), to.name(), cause.actor(),
                cause.caseId(), cause.reason(), at);
    }
}
