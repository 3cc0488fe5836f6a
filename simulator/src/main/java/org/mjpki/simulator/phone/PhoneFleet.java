package org.mjpki.simulator.phone;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mjpki.simulator.timing.SimulatedTimings;

/** Every simulated phone, by SE id. */
public final class PhoneFleet {

    private final Map<String, SimulatedPhone> phones = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final SimulatedTimings timings;
    private final RsaKeyPool keyPool;

    /** A fleet of phones as fast as the simulator is. */
    public PhoneFleet() {
        this(new SimulatedTimings(SimulatedTimings.Preset.NONE), new RsaKeyPool(0, 1));
    }

    /** Phones at {@code timings}' pace whose SEs take key pairs from {@code keyPool} while it has some. */
    public PhoneFleet(SimulatedTimings timings, RsaKeyPool keyPool) {
        this.timings = timings;
        this.keyPool = keyPool;
    }

    public RsaKeyPool keyPool() {
        return keyPool;
    }

    public SimulatedPhone newPhone(DeviceFacts device) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String seId = "SE-" + HexFormat.of().withUpperCase().formatHex(id);
        SimulatedPhone phone = new SimulatedPhone(seId, device, timings::phones, keyPool);
        phones.put(seId, phone);
        return phone;
    }

    public Optional<SimulatedPhone> phone(String seId) {
        return Optional.ofNullable(phones.get(seId));
    }

    /** Every phone of the fleet. */
    public java.util.Collection<SimulatedPhone> phones() {
        return java.util.List.copyOf(phones.values());
    }

    public int size() {
        return phones.size();
    }
}
