package org.mjpki.simulator;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.simulator.attestation.SimulatedAttestationService;
import org.mjpki.simulator.card.TestCardIssuer;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.push.SimulatedPushService;

/** Everything outside the back end, simulated: holders with cards and phones, and the services they use. */
public final class SimulatedWorld {

    private final PhoneFleet fleet;
    private final TestCardIssuer cards;
    private final SimulatedAttestationService attestation;
    private final SimulatedPushService push;
    private final SimulatedMynaportalApp app;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SimulatedHolder> holdersBySeId = new ConcurrentHashMap<>();

    public SimulatedWorld(PhoneFleet fleet, TestCardIssuer cards, SimulatedAttestationService attestation,
                          SimulatedPushService push, SimulatedMynaportalApp app) {
        this.fleet = fleet;
        this.cards = cards;
        this.attestation = attestation;
        this.push = push;
        this.app = app;
    }

    /** A new holder with a fresh test My Number card and a new phone. */
    public SimulatedHolder newHolder(DeviceFacts device) {
        SimulatedHolder holder = new SimulatedHolder(cards.newCard(), fleet.newPhone(device), random);
        holdersBySeId.put(holder.phone().seId(), holder);
        return holder;
    }

    /** The same person (same card) with another phone: a second application must be refused (R2). */
    public SimulatedHolder samePersonNewPhone(SimulatedHolder holder, DeviceFacts device) {
        SimulatedHolder other = new SimulatedHolder(holder.card(), fleet.newPhone(device), random);
        holdersBySeId.put(other.phone().seId(), other);
        return other;
    }

    public Optional<SimulatedHolder> holderOn(String seId) {
        return Optional.ofNullable(holdersBySeId.get(seId));
    }

    public PhoneFleet fleet() {
        return fleet;
    }

    public TestCardIssuer cards() {
        return cards;
    }

    public SimulatedAttestationService attestation() {
        return attestation;
    }

    public SimulatedPushService push() {
        return push;
    }

    public SimulatedMynaportalApp app() {
        return app;
    }
}
