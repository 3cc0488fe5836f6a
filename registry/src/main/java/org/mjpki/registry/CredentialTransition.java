package org.mjpki.registry;

import java.time.Instant;
import org.mjpki.lifecycle.Actor;

/**
 * An audit row: a change of a credential set's state ({@link Aspect#SET}, states of {@link CredentialState}) or of its
 * applet on the phone ({@link Aspect#APPLET}, states of {@link AppletState}), with who caused it, in which case, and why.
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

    public enum Aspect { SET, APPLET }

    static CredentialTransition ofSet(String setId, CredentialState from, CredentialState to, Cause cause, Instant at) {
        return new CredentialTransition(setId, Aspect.SET, from == null ? null : from.name(), to.name(), cause.actor(),
                cause.caseId(), cause.reason(), at);
    }

    static CredentialTransition ofApplet(String setId, AppletState from, AppletState to, Cause cause, Instant at) {
        return new CredentialTransition(setId, Aspect.APPLET, from == null ? null : from.name(), to.name(), cause.actor(),
                cause.caseId(), cause.reason(), at);
    }
}
