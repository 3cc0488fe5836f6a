package org.mjpki.registry;

/** A holder request whose id or nonce was seen before: a replay, refused. */
public class RequestReplayedException extends RuntimeException {
    public RequestReplayedException() {
        super("the request repeats a request id or nonce already received");
    }
}
