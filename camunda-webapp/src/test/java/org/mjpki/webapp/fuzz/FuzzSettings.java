package org.mjpki.webapp.fuzz;

import java.security.SecureRandom;

/**
 * How much hostile input a fuzz suite sends, and from which seed. CI runs the default rounds; the long rounds are the
 * same suite with {@code -Dmjpki.fuzz.rounds=N} (README). The seed is fresh on every run unless
 * {@code -Dmjpki.fuzz.seed=S} replays one: every failure names it.
 *
 * @param rounds hostile requests the suite sends in all
 * @param seed   of the generator: request n of a run is made from {@link #seedFor(int) seedFor(n)} alone, so the same
 *               seed makes the same choices for it whatever came before (the ids and signed documents of a run differ)
 */
record FuzzSettings(int rounds, long seed) {

    static final String ROUNDS = "mjpki.fuzz.rounds";
    static final String SEED = "mjpki.fuzz.seed";

    static FuzzSettings fromSystemProperties(int defaultRounds) {
        String rounds = System.getProperty(ROUNDS);
        String seed = System.getProperty(SEED);
        FuzzSettings settings = new FuzzSettings(rounds == null || rounds.isBlank() ? defaultRounds : Integer.parseInt(rounds.trim()),
                seed == null || seed.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(seed.trim()));
        if (settings.rounds < 1) {
            throw new IllegalArgumentException(ROUNDS + " must be at least 1");
        }
        return settings;
    }

    /** The seed request {@code n} is made from. */
    long seedFor(int n) {
        return seed + n * 0x9E3779B97F4A7C15L;
    }

    /** What to type to run these rounds again with the same choices. */
    String replay() {
        return "-D" + ROUNDS + "=" + rounds + " -D" + SEED + "=" + seed;
    }
}
