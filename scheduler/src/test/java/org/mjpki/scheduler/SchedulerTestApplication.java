package org.mjpki.scheduler;

import org.mjpki.ca.config.CaConfiguration;
import org.mjpki.registry.RegistryConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The scheduler with what its jobs drive, for real: the registry and the embedded CA. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RegistryConfiguration.class, CaConfiguration.class, SchedulerConfiguration.class})
@org.mybatis.spring.annotation.MapperScan("org.mjpki.registry.persistence")
class SchedulerTestApplication {
}
