package org.mjpki.simulator.timing;

import java.time.Duration;
import org.mjpki.applet.client.AppletCommand;

/**
 * How long a real phone's secure element and the TSM take (seed 004, "3-1 flow verification", averages over
 * every test phone). The simulated SE is busy for the SE's part; the TSM's part is network and TSM time that
 * does not hold the SE.
 *
 * @param tsmScript             the TSM relaying one of the server's scripts to the phone and back (seed: 0.5–0.9 s)
 * @param tsmInstall            the SEI-TSM installing the applet (not measured in the seed: one TSM hop assumed)
 * @param signingKeyGeneration  RSA-2048 signing key generation on the SE (seed step 4: 3.9 s)
 * @param userAuthKeyGeneration RSA-2048 user-auth key generation on the SE (seed step 6: 2.8 s)
 * @param signingCertificateStore  writing the signing certificate (seed step 5: 1.9 s)
 * @param userAuthCertificateStore writing the user-auth certificate (seed step 7: 2.3 s)
 * @param setSigningPassword    the app setting the signing password in the applet (seed step 2: 0.7 s)
 * @param setUserAuthPin        the app setting the user-auth PIN (seed step 3: 0.6 s)
 * @param signature             unlocking a key and signing in the app (seed steps 8, 9: 1.2 s)
 * @param relayRoundTrip        each APDU's trip through the relay over the phone's mobile link (not in the seed's
 *                              averages, which count per step; zero in both presets, for tests of a slow link)
 */
public record PhoneLatency(Duration tsmScript, Duration tsmInstall, Duration signingKeyGeneration,
                           Duration userAuthKeyGeneration, Duration signingCertificateStore,
                           Duration userAuthCertificateStore, Duration setSigningPassword, Duration setUserAuthPin,
                           Duration signature, Duration relayRoundTrip) {

    public static final PhoneLatency NONE = new PhoneLatency(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public static final PhoneLatency SEED_004 = new PhoneLatency(ms(650), ms(700), ms(3900), ms(2800), ms(1900), ms(2300),
            ms(700), ms(600), ms(1200), Duration.ZERO);

    /** The same, with every APDU through the relay taking {@code roundTrip} (a slow mobile link). */
    public PhoneLatency withRelayRoundTrip(Duration roundTrip) {
        return new PhoneLatency(tsmScript, tsmInstall, signingKeyGeneration, userAuthKeyGeneration, signingCertificateStore,
                userAuthCertificateStore, setSigningPassword, setUserAuthPin, signature, roundTrip);
    }

    /** The same, with the TSM's share of each script {@code tsm}. */
    public PhoneLatency withTsmScript(Duration tsm) {
        return new PhoneLatency(tsm, tsmInstall, signingKeyGeneration, userAuthKeyGeneration, signingCertificateStore,
                userAuthCertificateStore, setSigningPassword, setUserAuthPin, signature, relayRoundTrip);
    }

    /** How long the SE works on {@code command} beyond what the simulator itself takes. */
    public Duration seProcessing(AppletCommand command) {
        return switch (command.kind()) {
            case GENERATE_KEY_PAIR -> command.keyRole() == org.mjpki.applet.client.AppletKey.SIGNING
                    ? signingKeyGeneration : userAuthKeyGeneration;
            case STORE_CERTIFICATE -> command.keyRole() == org.mjpki.applet.client.AppletKey.SIGNING
                    ? signingCertificateStore : userAuthCertificateStore;
            // a change does the same work as setting the first secret: open the blob, check, store
            case SET_INITIAL_SECRET, CHANGE_SECRET -> command.secretKind() == org.mjpki.applet.client.SecretKind.SIGNING_PASSWORD
                    ? setSigningPassword : setUserAuthPin;
            case SIGN -> signature;
            case OTHER -> Duration.ZERO;
        };
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
