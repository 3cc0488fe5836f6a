package org.mjpki.scheduler;

import org.mjpki.registry.RegistryConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RegistryConfiguration.class, SchedulerConfiguration.class})
@org.mybatis.spring.annotation.MapperScan("org.mjpki.registry.persistence")
class SchedulerTestApplication {

    @org.springframework.context.annotation.Bean
    CountingCrlPublisher crlPublisher() {
        return new CountingCrlPublisher();
    }
}
