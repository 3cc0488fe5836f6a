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

    /** A fleet of phones as fast as the simulator is. */
    public PhoneFleet() {
        this(new SimulatedTimings(SimulatedTimings.Preset.NONE));
    }

    public PhoneFleet(SimulatedTimings timings) {
        this.timings = timings;
    }

    public SimulatedPhone newPhone(DeviceFacts device) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String seId = "SE-" + HexFormat.of().withUpperCase().formatHex(id);
        SimulatedPhone phone = new SimulatedPhone(seId, device, timings::phones);
        phones.put(seId, phone);
        return phone;
    }

    public Optional<SimulatedPhone> phone(String seId) {
        return Optional.ofNullable(phones.get(seId));
    }

    public int size() {
        return phones.size();
    }
}
