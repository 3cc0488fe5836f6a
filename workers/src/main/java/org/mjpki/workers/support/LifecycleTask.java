package org.mjpki.workers.support;

import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.client.task.ExternalTask;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables;

/**
 * Typed read access to the few small facts an external task of any lifecycle process carries; a missing or malformed
 * one is a clear error. The case id is the process instance's business key (an application, a revocation request; a
 * called process gets its caller's), and every side effect a worker causes is keyed by it and the step.
 */
public final class LifecycleTask {
    private final ExternalTask task;

    public LifecycleTask(ExternalTask task) {
        this.task = task;
    }

    /** The case that caused this task: the business key (the application id, in issuance). */
    public String caseId() {
        String id = task.getBusinessKey();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("task " + task.getTopicName() + " has no business key (case id)");
        }
        return id;
    }

    /** The process this task belongs to, for messages: its definition key. */
    public String process() {
        String key = task.getProcessDefinitionKey();
        return key == null ? "case" : key;
    }

    public String string(String name) {
        Object value = task.getVariable(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("task " + task.getTopicName() + " needs variable '" + name + "'");
        }
        return s;
    }

    public Optional<String> optionalString(String name) {
        Object value = task.getVariable(name);
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    public KeyRole keyRole() {
        return enumValue(CaseVariables.KEY_ROLE, KeyRole.class);
    }

    /** Who caused the case; a process that does not say is the holder's own (issuance, revocation from the phone). */
    public Actor actor() {
        return optionalString(CaseVariables.ACTOR).isPresent() ? enumValue(CaseVariables.ACTOR, Actor.class) : Actor.HOLDER;
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String value = string(name);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task " + task.getTopicName() + " has unknown " + name + " '" + value + "'");
        }
    }

    public Instant instant(String name) {
        return Instant.parse(string(name));
    }

    public ExternalTask raw() {
        return task;
    }
}
