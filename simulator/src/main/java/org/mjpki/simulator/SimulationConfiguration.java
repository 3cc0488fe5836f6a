package org.mjpki.simulator;

import org.mjpki.simulator.timing.SimulatedTimings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every simulating process shares, whichever part of the simulation it runs ({@code mjpki.simulator.enabled=true}):
 * the settings and how slow the simulated parts are.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mjpki.simulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulationConfiguration {

    /** How slow phones, the JPKI system and holders are; none unless configured or switched for a benchmark. */
    @Bean
    SimulatedTimings simulatedTimings(SimulatorProperties properties) {
        return new SimulatedTimings(SimulatedTimings.Preset.named(properties.timings()));
    }
}
