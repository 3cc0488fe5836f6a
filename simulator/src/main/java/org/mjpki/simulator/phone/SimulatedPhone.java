package org.mjpki.simulator.phone;

import com.licel.jcardsim.smartcardio.CardSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javacard.framework.AID;
import org.mjpki.applet.card.JpkiApplet;
import org.mjpki.applet.client.ApduTransport;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.applet.client.AppletCommand;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.simulator.timing.PhoneLatency;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Android phone with a GP-SE (jcardsim) that can run the JPKI applet, an NFC reader, a push inbox and a
 * network connection that can be switched off. The SE is reached by the server through the relay
 * ({@link #relayTransport()}) and by the app on the phone itself ({@link #localTransport()}). It takes as long
 * as {@link PhoneLatency} says a real phone does (nothing, unless a benchmark asks for seed 004's timings).
 */
public final class SimulatedPhone {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPhone.class);

    /**
     * What happens on the phone that the app on it reacts to. Called on the thread that caused it (the push
     * service's, or whoever brought the phone back online): a listener must return quickly and do any network
     * work elsewhere. What a listener throws is logged and never fails the phone.
     */
    public interface Listener {
        /** {@code notification} has just reached this phone's push inbox. */
        default void notified(SimulatedPhone phone, HolderNotification notification) {
        }

        /** A remote delete that had waited for this phone (R8) has just run, as it came back online. */
        default void pendingDeleteDone(SimulatedPhone phone) {
        }
    }

    private final String seId;
    private final DeviceFacts device;
    private final CardSimulator secureElement = new CardSimulator();
    /** One script at a time reaches the applet, whoever sends it. */
    private final ReentrantLock appletLock = new ReentrantLock(true);
    private final List<HolderNotification> inbox = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean online = true;
    private volatile boolean appletInstalled;
    private volatile boolean deletePending;
    private final Supplier<PhoneLatency> fleetLatency;
    /** This phone's own timings, e.g. a slow mobile link; null: the fleet's. */
    private volatile PhoneLatency ownLatency;

    /** With {@code keyPool} (may be null) the applet takes its RSA key pairs from it while it has some. */
    private final RsaKeyPool keyPool;

    public SimulatedPhone(String seId, DeviceFacts device, Supplier<PhoneLatency> latency) {
        this(seId, device, latency, null);
    }

    public SimulatedPhone(String seId, DeviceFacts device, Supplier<PhoneLatency> latency, RsaKeyPool keyPool) {
        this.seId = seId;
        this.device = device;
        this.fleetLatency = latency;
        this.keyPool = keyPool;
    }

    /** Gives this phone timings of its own (a slow link, say), or the fleet's again with null. */
    public void useOwnLatency(PhoneLatency latency) {
        this.ownLatency = latency;
    }

    public String seId() {
        return seId;
    }

    public DeviceFacts device() {
        return device;
    }

    /** The timings in force now (they can be switched while the server runs). */
    public PhoneLatency latency() {
        PhoneLatency own = ownLatency;
        return own != null ? own : fleetLatency.get();
    }

    public boolean online() {
        return online;
    }

    /** Tells {@code listener} from now on what happens on this phone (the app on it registers one). */
    public void addListener(Listener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Takes the phone off the network (R12) or brings it back; a pending remote delete then runs (R8), and the
     * listeners hear of it ({@link Listener#pendingDeleteDone}) once it has.
     */
    public void setOnline(boolean online) {
        this.online = online;
        if (online && deletePending && runPendingDelete()) {
            for (Listener listener : listeners) {
                tell(listener, "pendingDeleteDone", () -> listener.pendingDeleteDone(this));
            }
        }
    }

    /** Runs the delete that waited for the phone; true if this call ran it (not another one at the same time). */
    private boolean runPendingDelete() {
        lockApplet();
        try {
            if (!deletePending || !online) {
                return false;
            }
            return deleteApplet();
        } finally {
            appletLock.unlock();
        }
    }

    private void tell(Listener listener, String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("a listener of phone {} failed on {}: {}", seId, event, e.getClass().getName());
        }
    }

    public boolean appletInstalled() {
        return appletInstalled;
    }

    /** What the SEI-TSM does: installs the applet with the issuer's install parameters, replacing none. */
    public void installApplet(byte[] installParameters) {
        requireOnline();
        Drop drop = plannedCutAtThisCommand();
        if (drop != null && !drop.afterTheSe()) {
            cut(drop);
        }
        lockApplet();
        try {
            if (appletInstalled) {
                return;
            }
            byte[] instanceAid = JpkiAppletClient.aid();
            AID aid = new AID(instanceAid, (short) 0, (byte) instanceAid.length);
            byte[] installData = cardManagerInstallData(instanceAid, installParameters);
            if (keyPool == null || keyPool.size() == 0) {
                secureElement.installApplet(aid, JpkiApplet.class, installData, (short) 0, (byte) installData.length);
            } else {
                PooledKeyJpkiApplet.installingWith(keyPool, () -> secureElement.installApplet(aid, PooledKeyJpkiApplet.class,
                        installData, (short) 0, (byte) installData.length));
            }
            appletInstalled = true;
            deletePending = false;
        } finally {
            appletLock.unlock();
        }
        if (drop != null) {
            cut(drop);
        }
    }

    /**
     * What the GP card manager hands to {@code Applet.install}: Li | instance AID | Lc = 0 (no control info) |
     * La | the application-specific parameters (tag C9 of INSTALL [for install]).
     */
    private static byte[] cardManagerInstallData(byte[] instanceAid, byte[] parameters) {
        if (parameters.length > 127) {
            throw new IllegalArgumentException("install parameters longer than 127 bytes");
        }
        byte[] data = new byte[3 + instanceAid.length + parameters.length];
        data[0] = (byte) instanceAid.length;
        System.arraycopy(instanceAid, 0, data, 1, instanceAid.length);
        data[1 + instanceAid.length] = 0;
        data[2 + instanceAid.length] = (byte) parameters.length;
        System.arraycopy(parameters, 0, data, 3 + instanceAid.length, parameters.length);
        return data;
    }

    /** Deletes the applet now if online; otherwise the delete waits for the phone to come back. */
    public boolean deleteApplet() {
        Drop drop = online ? plannedCutAtThisCommand() : null;
        if (drop != null && !drop.afterTheSe()) {
            goAway(drop);
        }
        if (!online) {
            deletePending = true;
            return false;
        }
        lockApplet();
        try {
            if (appletInstalled) {
                secureElement.deleteApplet(new AID(JpkiAppletClient.aid(), (short) 0, (byte) JpkiAppletClient.aid().length));
                // jcardsim keeps the load file after deleting the instance and refuses a second install of it;
                // the JPKI applet is the only one on this simulated SE, so clear the runtime as a card manager
                // deleting the package would
                secureElement.resetRuntime();
                appletInstalled = false;
            }
            deletePending = false;
        } finally {
            appletLock.unlock();
        }
        if (drop != null) {
            // deleted, but the SEI-TSM never heard: to it the delete still waits for the phone
            goAway(drop);
            deletePending = true;
            return false;
        }
        return true;
    }

    public boolean deletePending() {
        return deletePending;
    }

    /**
     * Runs an APDU script from the server with exclusive use of the applet. Each command crosses the relay:
     * it fails with {@link ApduTransportException} whenever the phone is offline.
     */
    public <T> T withRelayedApplet(java.util.function.Function<ApduTransport, T> script) {
        requireOnline();
        // the TSM's share of a script: network and TSM processing, which does not keep the SE busy
        SimulatedTimings.pass(latency().tsmScript());
        requireOnline();
        lockApplet();
        try {
            return script.apply(relayTransport());
        } finally {
            appletLock.unlock();
        }
    }

    /** Runs something the app on the phone does with the applet (no network involved). */
    public <T> T withLocalApplet(java.util.function.Function<ApduTransport, T> work) {
        lockApplet();
        try {
            return work.apply(localTransport());
        } finally {
            appletLock.unlock();
        }
    }

    private ApduTransport relayTransport() {
        return command -> {
            requireOnline();
            SimulatedTimings.pass(latency().relayRoundTrip());
            requireOnline();
            Drop drop = plannedCutAtThisCommand();
            if (drop != null && !drop.afterTheSe()) {
                cut(drop);
            }
            byte[] answer = transmitTakingRealTime(command);
            if (drop != null) {
                cut(drop);
            }
            return answer;
        };
    }

    /** A planned cut of the connection: at which relayed command, on which side of the SE, for how long. */
    private record Drop(int at, boolean afterTheSe, java.time.Duration down) {}

    private final java.util.concurrent.atomic.AtomicInteger commands = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Drop plannedDrop;

    /**
     * Cuts the phone's connection at the {@code nth} command that reaches it from now on — an APDU the relay carries to
     * the applet, or the SEI-TSM's install or delete — before the command reaches the SE ({@code afterTheSe} false: it
     * is lost), or after the SE has carried it out but before its answer is back (true: done, and nobody knows); the
     * phone is back after {@code down} (R12, issue 16).
     */
    public void dropConnectionAt(int nth, boolean afterTheSe, java.time.Duration down) {
        if (nth < 1) {
            throw new IllegalArgumentException("the first command is number 1");
        }
        commands.set(0);
        plannedDrop = new Drop(nth, afterTheSe, down);
    }

    /** Commands that reached the phone since the last {@link #dropConnectionAt} (or since the phone was made). */
    public int commandsReceived() {
        return commands.get();
    }

    /** Counts a command reaching the phone; the planned cut if it falls on this one. */
    private Drop plannedCutAtThisCommand() {
        int nth = commands.incrementAndGet();
        Drop drop = plannedDrop;
        return drop != null && drop.at() == nth ? drop : null;
    }

    /** The connection goes now, and comes back after the planned time. */
    private void goAway(Drop drop) {
        plannedDrop = null;
        setOnline(false);
        Thread back = new Thread(() -> {
            try {
                Thread.sleep(drop.down().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            setOnline(true);
        }, "phone-" + seId + "-back");
        back.setDaemon(true);
        back.start();
    }

    private void cut(Drop drop) {
        goAway(drop);
        throw new ApduTransportException("phone " + seId + " lost its connection");
    }

    private ApduTransport localTransport() {
        return this::transmitTakingRealTime;
    }

    /** The SE busy for as long as a real one would be with this command (key generation, certificate writes). */
    private byte[] transmitTakingRealTime(byte[] command) {
        SimulatedTimings.pass(latency().seProcessing(AppletCommand.of(command)));
        return secureElement.transmitCommand(command);
    }

    private void requireOnline() {
        if (!online) {
            throw new ApduTransportException("phone " + seId + " is offline");
        }
    }

    private void lockApplet() {
        appletLock.lock();
    }

    /** The push service puts {@code notification} into the inbox; the listeners then hear of it. */
    public void deliver(HolderNotification notification) {
        synchronized (inbox) {
            inbox.add(notification);
        }
        for (Listener listener : listeners) {
            tell(listener, "notified", () -> listener.notified(this, notification));
        }
    }

    public List<HolderNotification> inbox() {
        synchronized (inbox) {
            return List.copyOf(inbox);
        }
    }
}
