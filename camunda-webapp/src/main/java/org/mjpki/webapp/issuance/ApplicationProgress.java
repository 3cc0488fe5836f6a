package org.mjpki.webapp.issuance;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.springframework.stereotype.Component;

/**
 * Who is waiting to hear that an application moved on. The engine reports every step an issuance reaches (after
 * its transaction commits, {@link IssuanceProgressPlugin}); an app waiting on the status call is told at once
 * instead of polling. In-memory and per node: in a cluster a change made on another node is seen when the wait ends.
 */
@Component
public class ApplicationProgress {

    private final Map<String, Set<Runnable>> watchers = new ConcurrentHashMap<>();

    /** Calls {@code onChange} after each step the application reaches, until {@link #unwatch}. */
    void watch(String applicationId, Runnable onChange) {
        watchers.computeIfAbsent(applicationId, id -> new CopyOnWriteArraySet<>()).add(onChange);
    }

    void unwatch(String applicationId, Runnable onChange) {
        watchers.computeIfPresent(applicationId, (id, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    /** The application reached a new step (its transaction committed). Cheap when nobody waits: one map lookup. */
    public void changed(String applicationId) {
        Set<Runnable> waiting = watchers.get(applicationId);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    int watching() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }
}
