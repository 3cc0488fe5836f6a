package org.mjpki.workers.support;

import org.mjpki.lifecycle.Actor;
import org.mjpki.processes.CaseVariables;
import org.mjpki.registry.Cause;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.UnknownCredentialSetException;
import org.springframework.stereotype.Component;

/**
 * Finds the credential set a task acts on: the one its case names ({@code credentialSetId}, as every process after
 * issuance passes it), or else the one the issuance's application made (the business key is the application id).
 */
@Component
public class CaseSets {

    private final CredentialRegistry registry;

    public CaseSets(CredentialRegistry registry) {
        this.registry = registry;
    }

    public CredentialSet of(LifecycleTask task) {
        return find(task).orElseThrow(() -> new UnknownCredentialSetException(
                task.optionalString(CaseVariables.CREDENTIAL_SET_ID).orElse("of application " + task.caseId())));
    }

    public java.util.Optional<CredentialSet> find(LifecycleTask task) {
        return task.optionalString(CaseVariables.CREDENTIAL_SET_ID)
                .map(registry::set)
                .orElseGet(() -> registry.setOfApplication(task.caseId()));
    }

    /** The audit cause of a change this task makes: the case's actor, the case id, and {@code reason}. */
    public static Cause cause(LifecycleTask task, String reason) {
        return Cause.of(task.actor(), task.caseId(), reason);
    }

    /** A change the back end makes to undo its own unfinished work (rollback, abandonment). */
    public static Cause undo(LifecycleTask task, String reason) {
        return Cause.of(Actor.SYSTEM, task.caseId(), reason);
    }
}
