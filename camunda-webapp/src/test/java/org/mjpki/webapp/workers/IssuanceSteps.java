package org.mjpki.webapp.workers;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.workers.ca.IssueCertificateWorker;
import org.mjpki.workers.jpki.VerifyApplicationWorker;
import org.mjpki.workers.registry.ReserveSlotWorker;
import org.mjpki.workers.se.GenerateKeyPairWorker;
import org.mjpki.workers.se.StoreCertificateWorker;
import org.mjpki.workers.tsm.InstallAppletWorker;
import org.springframework.context.ApplicationContext;

/**
 * Brings an application to a given step of issuance with the real workers, in the process's order, without a
 * process instance (so the server's own external task client never sees these applications): a new simulated
 * holder's card-signed application is recorded as the app API records it, then each step's worker bean runs
 * once and completes.
 */
final class IssuanceSteps {

    private final SimulatedWorld world;
    private final CredentialRegistry registry;
    private final Clock clock;
    private final VerifyApplicationWorker verifyApplication;
    private final ReserveSlotWorker reserveSlot;
    private final InstallAppletWorker installApplet;
    private final GenerateKeyPairWorker generateKeyPair;
    private final IssueCertificateWorker issueCertificate;
    private final StoreCertificateWorker storeCertificate;
    private final SecureRandom random = new SecureRandom();

    /** Takes the real beans of the running server. */
    IssuanceSteps(ApplicationContext context) {
        this.world = context.getBean(SimulatedWorld.class);
        this.registry = context.getBean(CredentialRegistry.class);
        this.clock = context.getBean(Clock.class);
        this.verifyApplication = context.getBean(VerifyApplicationWorker.class);
        this.reserveSlot = context.getBean(ReserveSlotWorker.class);
        this.installApplet = context.getBean(InstallAppletWorker.class);
        this.generateKeyPair = context.getBean(GenerateKeyPairWorker.class);
        this.issueCertificate = context.getBean(IssueCertificateWorker.class);
        this.storeCertificate = context.getBean(StoreCertificateWorker.class);
    }

    /** One application of one new holder, and how far it got. */
    record Application(String id, SimulatedHolder holder) {
        String seId() {
            return holder.phone().seId();
        }

        String holderRef() {
            return holder.card().holder().holderRef();
        }
    }

    /** A new holder's card-signed application, recorded as the app API records it (no process is started). */
    Application received() {
        return received(world.newHolder(DeviceFacts.eligibleDefault()));
    }

    /** {@code holder}'s card-signed application for their phone, recorded as the app API records it. */
    Application received(SimulatedHolder holder) {
        DeviceFacts device = holder.phone().device();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] nonceBytes = new byte[24];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        String applicationId = "APP-" + UUID.randomUUID();
        ApplicationContent content = new ApplicationContent(applicationId, holder.phone().seId(), nonce, now,
                now.plus(Duration.ofMinutes(10)), device.manufacturer(), device.model(), device.osVersion(), device.seType());
        byte[] signed = holder.card().signApplication(content);
        String attestation = world.attestation().attest(holder.phone().seId(), nonce, false);
        registry.recordApplication(new SmartphoneApplication(applicationId, holder.phone().seId(), nonce,
                content.expiresAt(), signed, attestation, clock.instant()));
        return new Application(applicationId, holder);
    }

    Application verified() {
        return verified(world.newHolder(DeviceFacts.eligibleDefault()));
    }

    Application verified(SimulatedHolder holder) {
        Application a = received(holder);
        WorkerCalls.runToCompletion(verifyApplication, WorkerCalls.task(Topics.VERIFY_APPLICATION, a.id(), null, null));
        return a;
    }

    Application reserved() {
        Application a = verified();
        WorkerCalls.runToCompletion(reserveSlot, WorkerCalls.task(Topics.RESERVE_SLOT, a.id(), null, null));
        return a;
    }

    /** Applet installed, and the holder has set the password and PIN in it on the phone (as the app does). */
    Application installed() {
        Application a = reserved();
        WorkerCalls.runToCompletion(installApplet, WorkerCalls.task(Topics.INSTALL_APPLET, a.id(), null, null));
        world.app().setSecrets(a.holder());
        return a;
    }

    void keyGenerated(Application a, KeyRole role) {
        WorkerCalls.runToCompletion(generateKeyPair, WorkerCalls.task(Topics.GENERATE_KEY_PAIR, a.id(), role.name(), null));
    }

    void certificateIssued(Application a, KeyRole role) {
        WorkerCalls.runToCompletion(issueCertificate, WorkerCalls.task(Topics.ISSUE_CERTIFICATE, a.id(), role.name(), null));
    }

    void certificateStored(Application a, KeyRole role) {
        WorkerCalls.runToCompletion(storeCertificate, WorkerCalls.task(Topics.STORE_CERTIFICATE, a.id(), role.name(), null));
    }

    /** Key generated and certificate issued for {@code role}. */
    Application issued(KeyRole role) {
        Application a = installed();
        keyGenerated(a, role);
        certificateIssued(a, role);
        return a;
    }

    /** Both keys generated, both certificates issued and stored on the phone. */
    Application personalized() {
        Application a = installed();
        for (KeyRole role : KeyRole.values()) {
            keyGenerated(a, role);
            certificateIssued(a, role);
            certificateStored(a, role);
        }
        return a;
    }
}
