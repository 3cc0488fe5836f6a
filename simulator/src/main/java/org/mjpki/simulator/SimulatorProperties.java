package org.mjpki.simulator;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The simulated outside world (phones, SEI-TSM, push, cards, attestation) running beside the server.
 *
 * @param enabled      run the simulators (the embedded default); production sets false and wires real adapters
 * @param serverUrl    where the simulated app finds the server's app API
 * @param appUser      the app client's user at the server
 * @param appPassword  its password (from the environment; never hard-coded)
 * @param holderTyping how long the simulated holder types the password and PIN (seed 004: 13.1 s + 10.3 s)
 * @param pollInterval how often the simulated app asks where its application stands
 */
@ConfigurationProperties(prefix = "mjpki.simulator")
public record SimulatorProperties(
        boolean enabled,
        URI serverUrl,
        String appUser,
        String appPassword,
        Duration holderTyping,
        Duration pollInterval) {

    public SimulatorProperties {
        holderTyping = holderTyping == null ? Duration.ZERO : holderTyping;
        pollInterval = pollInterval == null ? Duration.ofMillis(100) : pollInterval;
    }
}
