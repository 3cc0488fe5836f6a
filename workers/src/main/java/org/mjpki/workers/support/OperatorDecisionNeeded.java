package org.mjpki.workers.support;

/**
 * The step waits for a person: it becomes an incident at once (no automatic retries), whose message says what to
 * decide and how (set a variable in Cockpit, then retry the incident). The linked-revocation sweep's safety valve.
 */
public class OperatorDecisionNeeded extends RuntimeException {

    public OperatorDecisionNeeded(String message) {
        super(message);
    }
}
