package org.mjpki.simulator.timing;

import java.time.Duration;

/**
 * How long the JPKI system takes (seed 004: "JPKI system processing, assumed"): the simulator makes the embedded
 * CA take as long, so a benchmark shows how much of it the process hides behind the holder's input.
 *
 * @param smartphoneCertificate issuing one smartphone certificate (seed steps 5 and 7: 5.0 s each)
 * @param cardCertificateCheck  checking the card certificate that signed the application (seed step 1: 1.0 s)
 */
public record JpkiLatency(Duration smartphoneCertificate, Duration cardCertificateCheck) {

    public static final JpkiLatency NONE = new JpkiLatency(Duration.ZERO, Duration.ZERO);
    public static final JpkiLatency SEED_004 = new JpkiLatency(Duration.ofMillis(5000), Duration.ofMillis(1000));
}
