package org.mjpki.simulator;

import java.net.URI;
import java.time.Clock;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.embedded.EmbeddedCertificateAuthority;
import org.mjpki.simulator.app.AppApiClient;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.simulator.attestation.SimulatedAttestationService;
import org.mjpki.simulator.card.TestCardIssuer;
import org.mjpki.simulator.faults.CertificateAuthorityFaults;
import org.mjpki.simulator.faults.FaultInjectingCertificateAuthority;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.push.SimulatedPushService;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.mjpki.simulator.tsm.SimulatedSecureElementChannel;
import org.mjpki.simulator.tsm.SimulatedSeiTsm;
import org.mjpki.workers.device.AttestationTrustAnchor;
import org.mjpki.workers.port.PushService;
import org.mjpki.workers.port.SecureElementChannel;
import org.mjpki.workers.port.SeiTsm;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/** Wires the simulators in as the outside-system ports when {@code mjpki.simulator.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mjpki.simulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {

    static {
        // jcardsim's RandomData is predictable unless told otherwise: the simulated SEs must make real nonces,
        // challenges and keys, in the server as in the tests
        System.setProperty("com.licel.jcardsim.randomdata.secure", "1");
    }

    /** How slow phones, the JPKI system and holders are; none unless configured or switched for a benchmark. */
    @Bean
    SimulatedTimings simulatedTimings(SimulatorProperties properties) {
        return new SimulatedTimings(SimulatedTimings.Preset.named(properties.timings()));
    }

    @Bean
    PhoneFleet phoneFleet(SimulatedTimings timings) {
        return new PhoneFleet(timings);
    }

    @Bean
    SeiTsm simulatedSeiTsm(PhoneFleet fleet) {
        return new SimulatedSeiTsm(fleet);
    }

    @Bean
    SecureElementChannel simulatedSecureElementChannel(PhoneFleet fleet) {
        return new SimulatedSecureElementChannel(fleet);
    }

    @Bean
    SimulatedPushService simulatedPushService(PhoneFleet fleet) {
        return new SimulatedPushService(fleet);
    }

    @Bean
    SimulatedAttestationService simulatedAttestationService() {
        return new SimulatedAttestationService();
    }

    /** The server trusts the simulated attestation service's verdicts only in simulation. */
    @Bean
    AttestationTrustAnchor simulatedAttestationTrustAnchor(SimulatedAttestationService attestation) {
        return attestation.trustAnchor();
    }

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

    @Bean
    SimulatedWorld simulatedWorld(PhoneFleet fleet, CertificateAuthority ca, Clock clock,
                                  SimulatedAttestationService attestation, SimulatedPushService push,
                                  SimulatorProperties properties, Environment environment,
                                  CertificateAuthorityFaults faults, SimulatedTimings timings) {
        // resolved per call: with a random port the server's port is known only once it listens
        java.util.function.Supplier<URI> serverUrl = () -> properties.serverUrl() != null ? properties.serverUrl()
                : URI.create("http://localhost:" + environment.getProperty("local.server.port",
                        environment.getProperty("server.port", "8080")));
        AppApiClient api = new AppApiClient(serverUrl, properties.appUser(), properties.appPassword());
        SimulatedMynaportalApp app = new SimulatedMynaportalApp(api, attestation, clock, timings, properties.statusWait());
        return new SimulatedWorld(fleet, new TestCardIssuer(ca, clock), attestation, push, app, faults, timings);
    }
}
