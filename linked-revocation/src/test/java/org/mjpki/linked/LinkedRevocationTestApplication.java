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
public class LinkedRevocationTestApplication {

    /**
     * One CA key store for every test class of this JVM: they share one test database, whose ca schema belongs to the
     * key made first (the CA refuses to start on another key).
     */
    public static final java.nio.file.Path CA_DATA_DIR = caDataDir();

    private static java.nio.file.Path caDataDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mjpki-linked-ca-");
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
