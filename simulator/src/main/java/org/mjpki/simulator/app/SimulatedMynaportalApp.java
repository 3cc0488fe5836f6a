package org.mjpki.simulator.app;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.KeyRole;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.applet.client.SignatureResult;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.attestation.SimulatedAttestationService;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.workers.jpki.ApplicationContent;

/**
 * What the Mynaportal app does on the holder's phone for an issuance: reads the card to sign the application,
 * sends it with the device's integrity verdict, lets the holder set the password and PIN straight into the
 * applet while the server works, and runs the operation check. It reaches the server only over the app API.
 */
public final class SimulatedMynaportalApp {

    private final AppApiClient api;
    private final SimulatedAttestationService attestation;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Duration pollInterval;

    public SimulatedMynaportalApp(AppApiClient api, SimulatedAttestationService attestation, Clock clock,
                                  Duration pollInterval) {
        this.api = api;
        this.attestation = attestation;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * An application as the app would send it, not sent yet: what the card signed, the signed CMS and the
     * device's integrity verdict. Tests use it to send it twice, or to alter it on the way.
     */
    public record PreparedApplication(ApplicationContent content, byte[] signedApplication, String attestationToken) {
        public PreparedApplication {
            signedApplication = signedApplication.clone();
        }

        @Override
        public byte[] signedApplication() {
            return signedApplication.clone();
        }

        /** The same application with other bytes in place of the signed CMS (e.g. tampered with after signing). */
        public PreparedApplication withSignedApplication(byte[] replacement) {
            return new PreparedApplication(content, replacement, attestationToken);
        }
    }

    /** Sends a fresh, card-signed application for {@code holder}'s phone. */
    public ApplicationStatus apply(SimulatedHolder holder) {
        return submit(prepare(holder));
    }

    /** Makes a fresh application for {@code holder}'s phone and has the card sign it, without sending it. */
    public PreparedApplication prepare(SimulatedHolder holder) {
        DeviceFacts device = holder.phone().device();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] nonceBytes = new byte[24];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        ApplicationContent content = new ApplicationContent("APP-" + UUID.randomUUID(), holder.phone().seId(), nonce,
                now, now.plus(Duration.ofMinutes(10)), device.manufacturer(), device.model(), device.osVersion(), device.seType());
        byte[] signed = holder.card().signApplication(content);
        String token = attestation.attest(holder.phone().seId(), nonce, device.rooted());
        return new PreparedApplication(content, signed, token);
    }

    /** Sends a prepared application over the app API. */
    public ApplicationStatus submit(PreparedApplication application) {
        return api.submit(application.signedApplication(), application.attestationToken());
    }

    /** Runs an issuance from application to a usable set (or until the server refuses or cancels it). */
    public ApplicationStatus issue(SimulatedHolder holder, Duration holderTyping, Duration timeout) {
        ApplicationStatus status = apply(holder);
        Instant deadline = clock.instant().plus(timeout);
        return complete(holder, status.applicationId(), holderTyping, deadline);
    }

    /**
     * Takes an application already sent to the end: the holder sets the password and PIN when the server asks,
     * then runs the operation check (or stops when the server refuses or cancels it).
     */
    public ApplicationStatus complete(SimulatedHolder holder, String applicationId, Duration holderTyping, Instant deadline) {
        // the holder types while the server checks the application and installs the applet (R11)
        sleep(holderTyping);
        ApplicationStatus status = awaitAction(applicationId, "SET_PASSWORD_AND_PIN", deadline);
        if (status.finished()) {
            return status;
        }
        setSecrets(holder);
        api.reportSecretsSet(applicationId);
        status = awaitAction(applicationId, "SIGN_CHALLENGE", deadline);
        if (status.finished()) {
            return status;
        }
        runOperationCheck(holder, applicationId);
        return awaitFinished(applicationId, deadline);
    }

    /** The holder's password and PIN go from the app to the applet on the phone, encrypted by the applet client. */
    public void setSecrets(SimulatedHolder holder) {
        holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            applet.setInitialSecret(SecretKind.SIGNING_PASSWORD, holder.signingPassword());
            applet.setInitialSecret(SecretKind.USER_AUTH_PIN, holder.userAuthPin());
            return null;
        });
    }

    /** The holder unlocks each key on the phone and signs the server's challenge (seed 004 steps 8 and 9). */
    public void runOperationCheck(SimulatedHolder holder, String applicationId) {
        byte[] challenge = api.operationChallenge(applicationId);
        List<Map<String, String>> signatures = new ArrayList<>();
        holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            applet.verify(SecretKind.SIGNING_PASSWORD, holder.signingPassword());
            signatures.add(entry("SIGNING", applet.sign(KeyRole.SIGNING, challenge)));
            applet.verify(SecretKind.USER_AUTH_PIN, holder.userAuthPin());
            signatures.add(entry("USER_AUTH", applet.sign(KeyRole.USER_AUTH, challenge)));
            return null;
        });
        api.submitOperationCheck(applicationId, signatures);
    }

    /** The holder unlocks {@code role}'s key on the phone (password or PIN) and signs {@code data} with it. */
    public SignatureResult sign(SimulatedHolder holder, KeyRole role, byte[] data) {
        return holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            if (role == KeyRole.SIGNING) {
                applet.verify(SecretKind.SIGNING_PASSWORD, holder.signingPassword());
            } else {
                applet.verify(SecretKind.USER_AUTH_PIN, holder.userAuthPin());
            }
            return applet.sign(role, data);
        });
    }

    private static Map<String, String> entry(String role, SignatureResult result) {
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of("keyRole", role, "signature", b64.encodeToString(result.signature()),
                "identification", b64.encodeToString(result.identification().encoded()));
    }

    public ApplicationStatus awaitAction(String applicationId, String action, Instant deadline) {
        while (true) {
            ApplicationStatus status = api.status(applicationId);
            if (status.finished() || action.equals(status.nextAction())) {
                return status;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("application " + applicationId + " did not reach " + action
                        + " in time; it is at " + status.stage());
            }
            sleep(pollInterval);
        }
    }

    public ApplicationStatus awaitFinished(String applicationId, Instant deadline) {
        while (true) {
            ApplicationStatus status = api.status(applicationId);
            if (status.finished()) {
                return status;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("application " + applicationId + " did not finish in time; it is at "
                        + status.stage());
            }
            sleep(pollInterval);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
