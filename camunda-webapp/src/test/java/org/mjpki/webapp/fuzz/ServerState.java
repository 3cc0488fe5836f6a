package org.mjpki.webapp.fuzz;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a request could have changed, as counts: the rows of the registry's and the CA's tables an app or a relying party
 * could cause (by state, where rows have one), the CA's last status version, and the running and finished process
 * instances. Hostile input must leave every count as it was.
 */
record ServerState(Map<String, Long> counts) {

    static final List<String> TABLES = List.of("registry.application", "registry.application_operation_check",
            "registry.holder_request", "registry.credential_set", "registry.credential_set_key",
            "registry.credential_set_transition", "registry.holder_follow_up", "service_provider.service_provider_change",
            "ca.certificate", "ca.status_request");

    static ServerState read(JdbcTemplate sql, RuntimeService runtime, HistoryService history) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, sql.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        sql.query("SELECT state, COUNT(*) FROM registry.credential_set GROUP BY state",
                (java.sql.ResultSet rs) -> { counts.put("registry.credential_set " + rs.getString(1), rs.getLong(2)); });
        sql.query("SELECT status, COUNT(*) FROM ca.certificate GROUP BY status",
                (java.sql.ResultSet rs) -> { counts.put("ca.certificate " + rs.getString(1), rs.getLong(2)); });
        counts.put("ca.certificate last status version", sql.queryForObject("SELECT COALESCE(MAX(status_seq), 0) FROM ca.certificate", Long.class));
        counts.put("running process instances", runtime.createProcessInstanceQuery().count());
        counts.put("process instances ever", history.createHistoricProcessInstanceQuery().count());
        return new ServerState(counts);
    }

    /**
     * The state once the server is quiet: the same on two reads a second apart (what earlier tests started may still be
     * on its way), or the last read after {@code patience}.
     */
    static ServerState settled(Supplier<ServerState> read, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        ServerState last = read.get();
        while (Instant.now().isBefore(deadline)) {
            sleep();
            ServerState now = read.get();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Each count that differs in {@code after}: name -> before -> after. */
    Map<String, String> changesIn(ServerState after) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String name : union(after)) {
            Long before = counts.getOrDefault(name, 0L);
            Long now = after.counts.getOrDefault(name, 0L);
            if (!Objects.equals(before, now)) {
                changes.put(name, before + " -> " + now);
            }
        }
        return changes;
    }

    private java.util.Set<String> union(ServerState other) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(counts.keySet());
        names.addAll(other.counts.keySet());
        return names;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
