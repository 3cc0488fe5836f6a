package org.mjpki.workers.support;

import java.time.Instant;
import org.camunda.bpm.client.task.ExternalTask;
import org.mjpki.lifecycle.KeyRole;

/** Typed read access to the few small facts a task carries; a missing or malformed one is a clear error. */
public final class IssuanceTask {
    private final ExternalTask task;

    public IssuanceTask(ExternalTask task) {
        this.task = task;
    }

    public String applicationId() {
        String id = task.getBusinessKey();
        if (id == null || id.isBlank()) {
            id = string("applicationId");
        }
        return id;
    }

    public String string(String name) {
        Object value = task.getVariable(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("task " + task.getTopicName() + " needs variable '" + name + "'");
        }
        return s;
    }

    public KeyRole keyRole() {
        String role = string("keyRole");
        try {
            return KeyRole.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task " + task.getTopicName() + " has unknown keyRole '" + role + "'");
        }
    }

    public Instant instant(String name) {
        return Instant.parse(string(name));
    }

    public ExternalTask raw() {
        return task;
    }
}
