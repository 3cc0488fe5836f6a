package org.mjpki.simulator.timing;

import java.util.Locale;

/**
 * How slow the simulated world is, switchable while the server runs: {@code none} (tests, throughput runs) or
 * {@code seed-004} (the averages seed 004 measured on real phones, for the holder's-wait benchmark). Phones, the
 * JPKI system and the simulated holders read the current preset on every step.
 */
public final class SimulatedTimings {

    /** A named set of timings. */
    public record Preset(String name, PhoneLatency phones, JpkiLatency jpki, HolderPace holders) {

        public static final Preset NONE = new Preset("none", PhoneLatency.NONE, JpkiLatency.NONE, HolderPace.NONE);
        public static final Preset SEED_004 = new Preset("seed-004", PhoneLatency.SEED_004, JpkiLatency.SEED_004,
                HolderPace.SEED_004);

        public static Preset named(String name) {
            String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            if (wanted.equals(NONE.name)) {
                return NONE;
            }
            if (wanted.equals(SEED_004.name)) {
                return SEED_004;
            }
            throw new IllegalArgumentException("unknown timing preset '" + name + "': use none or seed-004");
        }
    }

    private volatile Preset current;

    public SimulatedTimings(Preset initial) {
        this.current = initial;
    }

    public Preset current() {
        return current;
    }

    public void use(Preset preset) {
        this.current = java.util.Objects.requireNonNull(preset);
    }

    public PhoneLatency phones() {
        return current.phones();
    }

    public JpkiLatency jpki() {
        return current.jpki();
    }

    public HolderPace holders() {
        return current.holders();
    }

    /** Waits {@code duration} the way the simulated world would be busy; zero returns at once. */
    public static void pass(java.time.Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the simulated world was busy");
        }
    }
}
