package org.mjpki.simulator.phone;

import java.time.Duration;

/**
 * Injected delays of the outside world, so benchmarks can replay the timings seed 004 measured on real
 * phones. {@link #NONE} for tests and throughput runs.
 *
 * @param relayHop      one APDU through the TSM relay to the phone
 * @param tsmInstall    SEI-TSM install of the applet
 */
public record LatencyProfile(Duration relayHop, Duration tsmInstall) {

    public static final LatencyProfile NONE = new LatencyProfile(Duration.ZERO, Duration.ZERO);

    void waitRelayHop() {
        sleep(relayHop);
    }

    public void waitTsmInstall() {
        sleep(tsmInstall);
    }

    static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
