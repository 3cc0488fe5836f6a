package org.mjpki.simulator;

import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.embedded.EmbeddedCertificateAuthority;
import org.mjpki.simulator.faults.CertificateAuthorityFaults;
import org.mjpki.simulator.faults.FaultInjectingCertificateAuthority;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The simulated JPKI system, in the server whose CA it is (the embedded default, or a server whose world runs apart):
 * the CA's latency as seed 004 assumed it, and outages a test arms. Not in a world apart: it has no CA.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSimulatedJpkiSystem
public class JpkiSystemSimulation {

    /** Test-controlled refusals of the JPKI system; none armed unless a test arms one. */
    @Bean
    CertificateAuthorityFaults certificateAuthorityFaults() {
        return new CertificateAuthorityFaults();
    }

    /**
     * In simulation every user of the CA port (workers, test cards) reaches the embedded CA through the fault
     * injector, which passes everything through until a test arms a refusal. Without the simulator the
     * embedded CA is the only {@link CertificateAuthority}, wired as before.
     */
    @Bean
    @Primary
    CertificateAuthority faultInjectingCertificateAuthority(EmbeddedCertificateAuthority embedded,
                                                            CertificateAuthorityFaults faults, SimulatedTimings timings) {
        return new FaultInjectingCertificateAuthority(embedded, faults, timings::jpki);
    }
}
