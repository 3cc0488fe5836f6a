package org.mjpki.webapp.engine.tasks;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.util.SingleConsumerCondition;
import org.springframework.stereotype.Component;

/**
 * Which waiting lanes to wake when the engine in this JVM has a task for them. The engine's own signal (the one its
 * REST long polling waits on) wakes every waiting fetch for every task made, whatever its topic: with four lanes,
 * three of every four fetches it caused found nothing and still cost a transaction (issue 17). With
 * {@link TaskSignalsPlugin} installed the engine reports each task made with its topic, and only the lanes that
 * subscribe to that topic wake; a task unlocked (its topic not known here) wakes them all.
 */
@Component
public class TaskSignals {

    private final java.util.Map<String, Set<SingleConsumerCondition>> byTopic = new ConcurrentHashMap<>();
    private final Set<SingleConsumerCondition> everyone = ConcurrentHashMap.newKeySet();
    private volatile boolean reportedByEngine;

    /** The engine reports tasks here ({@link TaskSignalsPlugin} was installed in it). */
    void engineReports() {
        reportedByEngine = true;
    }

    /** Whether lanes can wait on this instead of the engine's signal for every task. */
    boolean reportedByEngine() {
        return reportedByEngine;
    }

    void listen(Collection<String> topics, SingleConsumerCondition lane) {
        everyone.add(lane);
        topics.forEach(topic -> byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(lane));
    }

    void stopListening(Collection<String> topics, SingleConsumerCondition lane) {
        everyone.remove(lane);
        topics.forEach(topic -> byTopic.computeIfPresent(topic, (t, lanes) -> {
            lanes.remove(lane);
            return lanes.isEmpty() ? null : lanes;
        }));
    }

    /** A task of {@code topic} was made (its transaction committed). */
    void taskCreated(String topic) {
        Set<SingleConsumerCondition> lanes = byTopic.get(topic);
        if (lanes != null) {
            lanes.forEach(SingleConsumerCondition::signal);
        }
    }

    /** A task was unlocked: any lane may take it. */
    void taskUnlocked() {
        everyone.forEach(SingleConsumerCondition::signal);
    }
}
