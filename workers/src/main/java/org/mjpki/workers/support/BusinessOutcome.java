package org.mjpki.workers.support;

/**
 * A modelled business outcome: becomes a BPMN error with {@code errorCode}, caught by an event in the model.
 * Never an incident. The message is for people (Cockpit history); it names no secret.
 */
public class BusinessOutcome extends RuntimeException {
    private final String errorCode;

    public BusinessOutcome(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
