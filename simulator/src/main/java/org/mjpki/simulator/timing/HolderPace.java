package org.mjpki.simulator.timing;

import java.time.Duration;

/**
 * How long the simulated holder takes at each input of an issuance, and the app's own processing (seed 004,
 * "3-1 flow verification", the "user" and "app" columns).
 *
 * @param applicationInput   reading the card and filling in the application (step 1: 14.6 s)
 * @param appProcessing      the app preparing and sending the application (step 1: 2.1 s)
 * @param passwordInput      choosing and typing the signing password (step 2: 13.1 s)
 * @param pinInput           choosing and typing the user-auth PIN (step 3: 10.3 s)
 * @param signingCheckInput  typing the password for the signing operation check (step 8: 10.9 s)
 * @param userAuthCheckInput typing the PIN for the user-auth operation check (step 9: 6.8 s)
 */
public record HolderPace(Duration applicationInput, Duration appProcessing, Duration passwordInput, Duration pinInput,
                         Duration signingCheckInput, Duration userAuthCheckInput) {

    public static final HolderPace NONE = new HolderPace(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO);
    public static final HolderPace SEED_004 = new HolderPace(Duration.ofMillis(14_600), Duration.ofMillis(2_100),
            Duration.ofMillis(13_100), Duration.ofMillis(10_300), Duration.ofMillis(10_900), Duration.ofMillis(6_800));

    /** The holder's own time for the password and PIN, which the server's work should overlap (R11). */
    public Duration secretsInput() {
        return passwordInput.plus(pinInput);
    }
}
