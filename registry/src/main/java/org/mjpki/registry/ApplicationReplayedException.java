package org.mjpki.registry;

/** An application whose nonce or id was seen before: a replay, refused. */
public class ApplicationReplayedException extends RuntimeException {
    public ApplicationReplayedException(String applicationId) {
        super("application " + applicationId + " repeats an application id or nonce already received");
    }
}
