package org.mjpki.linked;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.mjpki.ca.config.CaConfiguration;
import org.mjpki.linked.config.LinkedRevocationConfiguration;
import org.mjpki.registry.RegistryConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The sweep with what it drives, for real: the registry and the embedded CA, on a clock the tests move. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RegistryConfiguration.class, CaConfiguration.class, LinkedRevocationConfiguration.class})
@org.mybatis.spring.annotation.MapperScan("org.mjpki.registry.persistence")
class LinkedRevocationTestApplication {

    /** Primary: the registry's own fallback clock is made too, and would win by its name "clock". */
    @Bean
    @org.springframework.context.annotation.Primary
    MovableClock movableClock() {
        return new MovableClock();
    }

    /** The system clock plus an offset the tests move forward (the grace period passes without waiting). */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
