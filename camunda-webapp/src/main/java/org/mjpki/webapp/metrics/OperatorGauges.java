package org.mjpki.webapp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.mjpki.processes.Topics;
import org.mjpki.registry.followup.HolderFollowUp;
import org.mjpki.registry.followup.HolderFollowUpQueue;
import org.mjpki.registry.linked.LinkedRevocationLedger;
import org.springframework.stereotype.Component;

/**
 * What an operator watches as gauges (issue 15), read when Prometheus scrapes and kept for {@link #FRESH} so that a
 * scrape costs a few count queries at most every so often: open incidents by external task topic (an incident is an
 * external task whose retries ran out) and of failed jobs, the steps waiting out an outage (the phone, the JPKI system,
 * the database: no incident, issue 16), the sweep's open findings, and the follow-up queue's open pushes and remote
 * deletes; and the engine's own metrics.
 */
@Component
public class OperatorGauges implements MeterBinder {

    static final Duration FRESH = Duration.ofSeconds(15);

    static final List<String> ENGINE_METRICS = List.of("root-process-instance-start", "activity-instance-start",
            "activity-instance-end", "job-successful", "job-failed", "executed-decision-elements");

    private final ManagementService management;
    private final ExternalTaskService externalTasks;
    private final RuntimeService runtime;
    private final LinkedRevocationLedger ledger;
    private final HolderFollowUpQueue followUps;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;
    private final Clock clock;

    /** What a step waits for, as its worker's message begins (MjpkiWorker). */
    static final java.util.Map<String, String> WAITS = java.util.Map.of("phone", "Waiting for the phone:",
            "jpki-system", org.mjpki.workers.support.MjpkiWorker.WAITING_FOR_THE_JPKI_SYSTEM.strip(),
            "database", "Waiting for the database:");

    public OperatorGauges(ManagementService management, ExternalTaskService externalTasks, RuntimeService runtime,
                          LinkedRevocationLedger ledger, HolderFollowUpQueue followUps,
                          org.springframework.jdbc.core.JdbcTemplate jdbc, Clock clock) {
        this.management = management;
        this.externalTasks = externalTasks;
        this.runtime = runtime;
        this.ledger = ledger;
        this.followUps = followUps;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String topic : topics()) {
            gauge(registry, "mjpki.incidents.open", "open incidents", cached(() ->
                    externalTasks.createExternalTaskQuery().topicName(topic).noRetriesLeft().count()), "topic", topic);
        }
        gauge(registry, "mjpki.incidents.open", "open incidents", cached(() ->
                runtime.createIncidentQuery().incidentType("failedJob").count()), "topic", "(job)");
        // the engine's query has no filter on the message: the external task table, read once per FRESH
        WAITS.forEach((what, prefix) -> gauge(registry, "mjpki.steps.waiting", "steps waiting out an outage, without an incident",
                cached(() -> jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_ext_task WHERE error_msg_ LIKE ?", Long.class,
                        prefix + "%")), "for", what));
        gauge(registry, "mjpki.sweep.findings.open", "linked-revocation findings not yet revoked or closed",
                cached(() -> ledger.openFindings(clock.instant())));
        // the engine's own metrics, as Cockpit's dashboard counts them (written by its metrics reporter)
        for (String name : ENGINE_METRICS) {
            gauge(registry, "camunda.engine.metric", "the process engine's own metrics",
                    cached(() -> management.createMetricsQuery().name(name).sum()), "name", name);
        }
        for (HolderFollowUp.Kind kind : HolderFollowUp.Kind.values()) {
            gauge(registry, "mjpki.followups.open", "pushes and remote deletes queued for phones",
                    cached(() -> followUps.open(kind)), "kind", kind.name());
        }
    }

    private static void gauge(MeterRegistry registry, String name, String description, LongSupplier value, String... tags) {
        Gauge.builder(name, value, v -> v.getAsLong()).description(description).tags(tags).register(registry);
    }

    /** Every topic of the shared catalogue (its public String constants). */
    static List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    private LongSupplier cached(LongSupplier read) {
        return new LongSupplier() {
            private long value;
            private Instant readAt = Instant.MIN;

            @Override
            public synchronized long getAsLong() {
                Instant now = clock.instant();
                if (readAt.plus(FRESH).isBefore(now)) {
                    value = read.getAsLong();
                    readAt = now;
                }
                return value;
            }
        };
    }
}
