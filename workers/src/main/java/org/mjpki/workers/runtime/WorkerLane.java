package org.mjpki.workers.runtime;

/**
 * Groups of topics that share an external task client and a pool of threads, so that a slow outside system
 * holds up only its own lane: a phone that takes seconds to generate a key never delays a registry step.
 * Threads per lane are configuration ({@code mjpki.workers.client.lanes.<lane>.threads}).
 */
public enum WorkerLane {
    /** Checks of what the holder sent: the card-signed application, device attestation, the operation check. CPU-bound. */
    CHECKS(4),
    /** The credential registry and the push service: short database and network calls. */
    REGISTRY(4),
    /** Phones and the SEI-TSM: most of the time is spent waiting for a phone (R11: 3-4 s per key on a real SE). */
    PHONE(32),
    /** The JPKI system: certificate issue and revocation (about 5 s per certificate on the real system). */
    CA(16);

    private final int defaultThreads;

    WorkerLane(int defaultThreads) {
        this.defaultThreads = defaultThreads;
    }

    public int defaultThreads() {
        return defaultThreads;
    }

    /** The lane's name in configuration and in thread and worker ids. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
