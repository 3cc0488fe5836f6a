package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status changes made by any node, found in the database and told to a listener (ADR 0030). Every status change bumps
 * its CRL scope's status version in the same transaction and stamps the certificate's row with it (ADR 0004), so one
 * statement reads every scope's version, and for each scope that moved one indexed statement reads the serials changed
 * since. It looks when woken by a PostgreSQL notification on {@value #CHANNEL} (sent by each status-changing
 * transaction as it commits), and every poll interval in any case, which covers a lost notification, a lost connection
 * and H2. Costs nothing per OCSP request; another node's change reaches this one within milliseconds, at worst within
 * one poll interval.
 */
public final class StatusVersionWatch implements AutoCloseable {
    /** The PostgreSQL notification channel of status changes. */
    public static final String CHANNEL = "mjpki_ca_status";
    private static final Logger log = LoggerFactory.getLogger(StatusVersionWatch.class);
    /** Serials handed to the listener at a time, so a sweep of a million revocations is not held in memory at once. */
    private static final int CHUNK = 10_000;

    private final CertificateRepository repository;
    private final CertificateStatusListener listener;
    private final Map<CrlScope, Long> seen = new HashMap<>();
    private Thread thread;
    private volatile boolean running;

    /**
     * Takes the versions as they are now as seen: construct it before the listener's derived state is first built
     * (before OCSP is served), so that no change can fall between what was derived and what is watched.
     */
    public StatusVersionWatch(CertificateRepository repository, CertificateStatusListener listener) {
        this.repository = repository;
        this.listener = listener;
        seen.putAll(repository.statusVersions());
    }

    /**
     * Watches on a thread of its own until {@link #close()}: woken by notifications where {@code dataSource} is
     * PostgreSQL (one of its connections is held for it), and every {@code interval} in any case. A zero interval does
     * not start it (one node alone, whose own changes reach its responses directly).
     */
    public synchronized StatusVersionWatch start(Duration interval, DataSource dataSource) {
        if (thread == null && !interval.isZero() && !interval.isNegative()) {
            running = true;
            thread = new Thread(() -> watch(interval, dataSource), "ocsp-status-watch");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** Tells the listener of every certificate changed since the last look; returns how many. */
    public synchronized int poll() {
        int changed = 0;
        for (Map.Entry<CrlScope, Long> scope : repository.statusVersions().entrySet()) {
            long last = seen.getOrDefault(scope.getKey(), 0L);
            if (scope.getValue() <= last) {
                continue;
            }
            CrlScope s = scope.getKey();
            List<BigInteger> serials = new ArrayList<>();
            int[] count = {0};
            repository.streamChangedSerials(s, last, serial -> {
                serials.add(serial);
                count[0]++;
                if (serials.size() == CHUNK) {
                    listener.statusChanged(s.ca(), List.copyOf(serials));
                    serials.clear();
                }
            });
            if (!serials.isEmpty()) {
                listener.statusChanged(s.ca(), serials);
            }
            changed += count[0];
            seen.put(s, scope.getValue());                      // only once its changes were told
        }
        return changed;
    }

    private void watch(Duration interval, DataSource dataSource) {
        boolean failing = false;
        while (running) {
            Connection c = null;
            try {
                c = dataSource == null ? null : dataSource.getConnection();
                PGConnection notifications = listen(c);
                if (notifications == null && c != null) {
                    c.close();                                  // not PostgreSQL: polling needs no connection of its own
                    c = null;
                }
                poll();                                         // what changed while nothing listened
                if (failing) {
                    log.info("OCSP status watch reads the database again");
                    failing = false;
                }
                while (running) {
                    if (notifications != null) {
                        notifications.getNotifications((int) Math.min(Integer.MAX_VALUE, interval.toMillis()));
                    } else {
                        Thread.sleep(interval.toMillis());
                    }
                    poll();
                }
            } catch (SQLException | RuntimeException e) {
                if (running && !failing) {
                    log.warn("OCSP status watch cannot read the database ({}); other nodes' status changes reach this "
                            + "node's OCSP responses once it can", e.toString());
                    failing = true;
                }
                pause(interval);
            } catch (InterruptedException e) {
                return;
            } finally {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("OCSP status watch's connection did not close: {}", e.toString());
            }
        }
    }

    /** LISTENs on {@code c} where it is PostgreSQL; null where it is not (or absent): the watch then only polls. */
    private static PGConnection listen(Connection c) throws SQLException {
        if (c == null || !c.isWrapperFor(PGConnection.class)) {
            return null;
        }
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        return c.unwrap(PGConnection.class);
    }

    private void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Stops the watch; it ends within one poll interval (a wait for notifications is not interrupted). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
