package org.mjpki.scheduler;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mjpki.ca.config.CaConfiguration;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;
import org.mjpki.registry.RegistryConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The scheduler with what its jobs drive, for real: the registry and the embedded CA; pushes are recorded. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RegistryConfiguration.class, CaConfiguration.class, SchedulerConfiguration.class,
        org.mjpki.linked.config.LinkedRevocationConfiguration.class})
@org.mybatis.spring.annotation.MapperScan("org.mjpki.registry.persistence")
class SchedulerTestApplication {

    @Bean
    RecordingPushService pushService() {
        return new RecordingPushService();
    }

    @Bean
    RecordingSeiTsm seiTsm() {
        return new RecordingSeiTsm();
    }

    /** Remote deletes asked for; the phones told to be offline keep their applet. */
    static final class RecordingSeiTsm implements org.mjpki.lifecycle.port.SeiTsm {
        final List<String> deletes = new CopyOnWriteArrayList<>();
        final Set<String> offline = ConcurrentHashMap.newKeySet();

        @Override
        public void installApplet(String seId, byte[] installParameters) {
            throw new UnsupportedOperationException("the scheduler installs nothing");
        }

        @Override
        public boolean deleteApplet(String seId) {
            deletes.add(seId);
            return !offline.contains(seId);
        }
    }

    /** Every push asked for (not deduplicated, so a second push of an id shows), failing for the phones told to. */
    static final class RecordingPushService implements PushService {
        record Push(String notificationId, String seId, HolderNotification notification) {}

        final List<Push> pushes = new CopyOnWriteArrayList<>();
        final Set<String> unreachable = ConcurrentHashMap.newKeySet();

        @Override
        public void notify(String notificationId, String seId, HolderNotification notification) {
            if (unreachable.contains(seId)) {
                throw new IllegalStateException("push service unreachable");
            }
            pushes.add(new Push(notificationId, seId, notification));
        }
    }
}
