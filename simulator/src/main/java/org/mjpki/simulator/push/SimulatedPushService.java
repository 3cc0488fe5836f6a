package org.mjpki.simulator.push;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;
import org.mjpki.simulator.phone.PhoneFleet;

/** A push service that delivers each notification id once, to the phone's inbox. */
public final class SimulatedPushService implements PushService {

    private final PhoneFleet fleet;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final AtomicLong deliveries = new AtomicLong();

    public SimulatedPushService(PhoneFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void notify(String notificationId, String seId, HolderNotification notification) {
        if (!delivered.add(notificationId)) {
            return;
        }
        fleet.phone(seId).ifPresent(phone -> phone.deliver(notification));
        deliveries.incrementAndGet();
    }

    /** How many notifications reached phones (tests use it to prove no second push). */
    public long deliveries() {
        return deliveries.get();
    }
}
