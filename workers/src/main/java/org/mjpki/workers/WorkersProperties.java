package org.mjpki.workers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mjpki.workers.runtime.WorkerLane;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the workers' outside-system ports.
 *
 * @param issuerMasterKeyFile   the SE issuer's secure-channel master key (hex); see {@link org.mjpki.workers.se.IssuerKeys}
 * @param createIssuerMasterKey create the key file on first start (the embedded default); production sets false
 * @param holderLookupKeyFile   the key of the digest by which the call center finds a holder's set from the four facts
 *                              on the card (hex, 32 bytes; ADR 0018); the server and every worker process share it
 * @param createHolderLookupKey create that file on first start (the embedded default); production sets false
 * @param attestationTrustAnchors PEM files of public keys whose device-integrity verdicts are trusted (R15)
 * @param client                how the workers reach the engine: see {@link Client}
 * @param applicationMaxValidity  the longest validity window a card-signed application may state (ADR 0008)
 * @param applicationClockSkew    how far ahead of the server a phone's clock may run (ADR 0008)
 * @param outside               where workers running apart reach the outside systems over HTTP: see {@link Outside}
 * @param waits                 how soon a task waiting for a phone, the JPKI system or the database is tried again
 *                              (PT30S, PT1M, PT5S): see {@link org.mjpki.workers.support.MjpkiWorker.Waits}
 */
@ConfigurationProperties(prefix = "mjpki.workers")
public record WorkersProperties(
        Path issuerMasterKeyFile,
        Boolean createIssuerMasterKey,
        Path holderLookupKeyFile,
        Boolean createHolderLookupKey,
        List<Path> attestationTrustAnchors,
        Client client,
        Duration applicationMaxValidity,
        Duration applicationClockSkew,
        Outside outside,
        org.mjpki.workers.support.MjpkiWorker.Waits waits) {

    public WorkersProperties {
        if (issuerMasterKeyFile == null) {
            issuerMasterKeyFile = Path.of("data", "keys", "se-issuer-master.key");
        }
        if (createIssuerMasterKey == null) {
            createIssuerMasterKey = Boolean.TRUE;
        }
        if (holderLookupKeyFile == null) {
            holderLookupKeyFile = Path.of("data", "keys", "holder-lookup.key");
        }
        if (createHolderLookupKey == null) {
            createHolderLookupKey = Boolean.TRUE;
        }
        attestationTrustAnchors = attestationTrustAnchors == null ? List.of() : List.copyOf(attestationTrustAnchors);
        if (client == null) {
            client = new Client(null, null, null, null, null, null, null);
        }
        if (applicationMaxValidity == null) {
            applicationMaxValidity = org.mjpki.lifecycle.jpki.ApplicationFreshness.DEFAULT_MAX_VALIDITY;
        }
        if (applicationClockSkew == null) {
            applicationClockSkew = org.mjpki.lifecycle.jpki.ApplicationFreshness.DEFAULT_CLOCK_SKEW;
        }
        if (outside == null) {
            outside = new Outside(null, null, null, null);
        }
        if (waits == null) {
            waits = org.mjpki.workers.support.MjpkiWorker.Waits.DEFAULT;
        }
    }

    /**
     * The SEI-TSM, the TSM relay and the push service over HTTP, for workers in a process of their own; unset (the
     * default) where they run beside the simulators, which are then called in-process. The credentials default to
     * the engine client's.
     *
     * @param url      base URL of the outside systems, e.g. {@code http://server:8080/outside}
     * @param username the workers' user there
     * @param password its password
     * @param timeout  the longest one call may take (an APDU on a slow phone included)
     */
    public record Outside(URI url, String username, String password, Duration timeout) {
        public Outside {
            if (timeout == null) {
                timeout = Duration.ofSeconds(30);
            }
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "Outside[url=" + url + ", username=" + username + ", timeout=" + timeout + "]";
        }
    }

    /**
     * How the workers reach the engine, one connection per {@link WorkerLane}. The same workers run in the server's
     * JVM (the default) or in a process of their own pointed at a server.
     *
     * @param enabled              run the workers in this process (default true)
     * @param transport            {@code auto} (the default: the engine's Java API where the engine runs in this process,
     *                             its REST API elsewhere), {@code engine-api} or {@code rest} (ADR 0031)
     * @param engineUrl            the engine REST API; default: this server's own, on the port it listens on
     * @param username             the technical user the workers authenticate as (group {@code mjpkiWorkers})
     * @param password             its password, from the environment
     * @param asyncResponseTimeout how long one fetch waits on the server for tasks (long polling)
     * @param lanes                threads per lane, e.g. {@code lanes.phone: 32}; absent lanes keep their default
     */
    public record Client(Boolean enabled, Transport transport, URI engineUrl, String username, String password,
                         Duration asyncResponseTimeout, Map<WorkerLane, Integer> lanes) {

        public Client {
            if (enabled == null) {
                enabled = Boolean.TRUE;
            }
            if (transport == null) {
                transport = Transport.AUTO;
            }
            if (asyncResponseTimeout == null) {
                asyncResponseTimeout = Duration.ofSeconds(10);
            }
            EnumMap<WorkerLane, Integer> threads = new EnumMap<>(WorkerLane.class);
            for (WorkerLane lane : WorkerLane.values()) {
                threads.put(lane, lanes == null ? lane.defaultThreads() : lanes.getOrDefault(lane, lane.defaultThreads()));
            }
            lanes = java.util.Collections.unmodifiableMap(threads);
        }

        /** The choice of {@link org.mjpki.workers.runtime.TaskTransport}. */
        public enum Transport {
            /** The engine's Java API when the engine runs in this process, else its REST API. */
            AUTO,
            /** The engine's Java API; refused at start-up where there is no engine in the process. */
            ENGINE_API,
            /** The engine's REST API at {@code engine-url}. */
            REST
        }

        public int threads(WorkerLane lane) {
            return lanes.get(lane);
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "Client[enabled=" + enabled + ", transport=" + transport + ", engineUrl=" + engineUrl + ", username=" + username
                    + ", asyncResponseTimeout=" + asyncResponseTimeout + ", lanes=" + lanes + "]";
        }
    }
}
