package org.mjpki.simulator.phone;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every simulated phone, by SE id. */
public final class PhoneFleet {

    private final Map<String, SimulatedPhone> phones = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile LatencyProfile latency = LatencyProfile.NONE;

    public SimulatedPhone newPhone(DeviceFacts device) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String seId = "SE-" + HexFormat.of().withUpperCase().formatHex(id);
        SimulatedPhone phone = new SimulatedPhone(seId, device, latency);
        phones.put(seId, phone);
        return phone;
    }

    public Optional<SimulatedPhone> phone(String seId) {
        return Optional.ofNullable(phones.get(seId));
    }

    public void setLatency(LatencyProfile latency) {
        this.latency = latency;
    }

    public int size() {
        return phones.size();
    }
}
