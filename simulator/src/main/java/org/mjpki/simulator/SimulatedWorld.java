package org.mjpki.simulator;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.simulator.attestation.SimulatedAttestationService;
import org.mjpki.simulator.card.TestCardIssuer;
import org.mjpki.simulator.faults.CertificateAuthorityFaults;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.push.SimulatedPushService;
import org.mjpki.simulator.timing.SimulatedTimings;

/** Everything outside the back end, simulated: holders with cards and phones, and the services they use. */
public final class SimulatedWorld {

    private final PhoneFleet fleet;
    private final TestCardIssuer cards;
    private final SimulatedAttestationService attestation;
    private final SimulatedPushService push;
    private final SimulatedMynaportalApp app;
    private final CertificateAuthorityFaults caFaults;
    private final SimulatedTimings timings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SimulatedHolder> holdersBySeId = new ConcurrentHashMap<>();
    private static final java.util.List<SimulatedHolder> EVERY_HOLDER = new java.util.ArrayList<>();

    public SimulatedWorld(PhoneFleet fleet, TestCardIssuer cards, SimulatedAttestationService attestation,
                          SimulatedPushService push, SimulatedMynaportalApp app, CertificateAuthorityFaults caFaults,
                          SimulatedTimings timings) {
        this.fleet = fleet;
        this.timings = timings;
        this.caFaults = caFaults;
        this.cards = cards;
        this.attestation = attestation;
        this.push = push;
        this.app = app;
    }

    /** A new holder with a fresh test My Number card and a new phone. */
    public SimulatedHolder newHolder(DeviceFacts device) {
        SimulatedHolder holder = new SimulatedHolder(cards.newCard(), fleet.newPhone(device), random);
        remember(holder);
        return holder;
    }

    /** The same person (same card) with another phone: a second application must be refused (R2). */
    public SimulatedHolder samePersonNewPhone(SimulatedHolder holder, DeviceFacts device) {
        SimulatedHolder other = new SimulatedHolder(holder.card(), fleet.newPhone(device), random);
        remember(other);
        return other;
    }

    /**
     * The same person on the same phone after reinstalling the app (or after the applet was wiped): a new app with
     * new secrets to choose, the same card and SE.
     */
    public SimulatedHolder sameHolderReinstalledApp(SimulatedHolder holder) {
        SimulatedHolder again = new SimulatedHolder(holder.card(), holder.phone(), random);
        remember(again);
        return again;
    }

    /** The world keeps the holder, and the app is on their phone (it hears the phone's pushes and reconnects). */
    private void remember(SimulatedHolder holder) {
        holdersBySeId.put(holder.phone().seId(), holder);
        if (app != null) {
            app.attach(holder);
        }
        synchronized (EVERY_HOLDER) {
            EVERY_HOLDER.add(holder);
        }
    }

    public Optional<SimulatedHolder> holderOn(String seId) {
        return Optional.ofNullable(holdersBySeId.get(seId));
    }

    /** Every holder of this world (this server). */
    public java.util.List<SimulatedHolder> holders() {
        return java.util.List.copyOf(holdersBySeId.values());
    }

    /**
     * Every holder made by any world in this JVM, also by servers since stopped (tests start several in one JVM):
     * for checks over all of them, e.g. that no holder's password or PIN leaked. A server runs one world for its
     * whole life, so this keeps nothing longer than its world would.
     */
    public static java.util.List<SimulatedHolder> everyHolderInThisJvm() {
        synchronized (EVERY_HOLDER) {
            return java.util.List.copyOf(EVERY_HOLDER);
        }
    }

    public PhoneFleet fleet() {
        return fleet;
    }

    /**
     * The holder moved: the town hall revokes the card signing certificate (affiliationChanged) and writes a new one with
     * the new address; the card's user-auth certificate stays (R4, per kind).
     */
    public void holderMoved(SimulatedHolder holder, String newAddress) {
        holder.cardRewritten(cards.changeAddress(holder.card(), newAddress));
    }

    /** The card's user-auth certificate is revoked at the town hall; the signing one stays. */
    public void cardUserAuthRevoked(SimulatedHolder holder) {
        cards.revokeUserAuth(holder.card());
    }

    /** The card certificates are renewed: both old ones revoked as superseded, a new pair written. */
    public void cardRenewed(SimulatedHolder holder) {
        holder.cardRewritten(cards.renew(holder.card()));
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

    /** How slow the simulated world is now; switchable while the server runs. */
    public SimulatedTimings timings() {
        return timings;
    }

    /** The JPKI system's refusals, for tests (off until armed). */
    public CertificateAuthorityFaults caFaults() {
        return caFaults;
    }
}
