package org.mjpki.simulator;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The simulated outside world (phones, SEI-TSM, push, cards, attestation) running beside the server.
 *
 * @param enabled     run the simulators (the embedded default); production sets false and wires real adapters
 * @param serverUrl   where the simulated app finds the server's app API
 * @param appUser     the app client's user at the server
 * @param appPassword its password (from the environment; never hard-coded)
 * @param timings     how slow the simulated world is at start: {@code none} or {@code seed-004} (phones, the JPKI
 *                    system and holders as seed 004 measured them); switchable at {@code PUT /simulator/timings}
 * @param statusWait  how long one status call of the simulated app waits on the server for the next step
 * @param keyPool     RSA key pairs made ahead of time for the simulated SEs (throughput benchmarks only)
 * @param relayIdleTimeout how long a relay session of workers running apart may sit without a command before it
 *                    ends and frees the applet (a worker that died mid-script)
 * @param world       where the simulated world runs: {@code embedded} (in the server, the default), {@code apart} (this
 *                    process is the world alone, {@code --mjpki.role=world}) or {@code remote} (this process is the
 *                    server, and the world runs apart at {@code worldUrl}); see {@link World}
 * @param worldUrl    where the server finds a world running apart (its simulated outside systems)
 * @param serverOutageTolerance how long the holders' app keeps sending a call again while the server cannot be
 *                    reached (a world apart outlives a server restart); none by default: one more try
 */
@ConfigurationProperties(prefix = "mjpki.simulator")
public record SimulatorProperties(
        boolean enabled,
        URI serverUrl,
        String appUser,
        String appPassword,
        String timings,
        Duration statusWait,
        KeyPool keyPool,
        Duration relayIdleTimeout,
        World world,
        URI worldUrl,
        Duration serverOutageTolerance) {

    /**
     * Where the simulated world — phones with their SEs, the SEI-TSM and relay, the push service, the holders' app, the
     * test cards — runs. The simulated JPKI system (the CA's latency and outages) is always the server's: it is the CA.
     */
    public enum World {
        /** In the server's process (the embedded default): the world and the JPKI system simulated together. */
        EMBEDDED,
        /** This process is the world alone; it reaches the server's app API and card office over HTTP. */
        APART,
        /** This process is the server; the world runs apart and is reached over HTTP at {@code worldUrl}. */
        REMOTE
    }

    public SimulatorProperties {
        timings = timings == null ? "none" : timings;
        statusWait = statusWait == null ? Duration.ofSeconds(20) : statusWait;
        keyPool = keyPool == null ? new KeyPool(0, 2) : keyPool;
        relayIdleTimeout = relayIdleTimeout == null ? Duration.ofSeconds(30) : relayIdleTimeout;
        world = world == null ? World.EMBEDDED : world;
        serverOutageTolerance = serverOutageTolerance == null ? Duration.ZERO : serverOutageTolerance;
        if (world == World.REMOTE && worldUrl == null) {
            throw new IllegalArgumentException("mjpki.simulator.world=remote needs mjpki.simulator.world-url: where the world runs");
        }
    }

    /**
     * @param size    how many key pairs to make at start-up (0: none, every key generated on the simulated SE)
     * @param threads how many background threads make them
     */
    public record KeyPool(int size, Integer threads) {
        public KeyPool {
            if (size < 0) {
                throw new IllegalArgumentException("mjpki.simulator.key-pool.size must not be negative");
            }
            threads = threads == null ? 2 : threads;
        }
    }
}
