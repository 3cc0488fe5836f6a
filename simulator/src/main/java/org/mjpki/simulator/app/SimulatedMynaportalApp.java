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
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.applet.client.SignatureResult;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.attestation.SimulatedAttestationService;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.timing.HolderPace;
import org.mjpki.simulator.timing.SimulatedTimings;

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
    private final SimulatedTimings timings;
    private final Duration statusWait;

    /**
     * @param timings    the holder's pace (none, or seed 004's) and the phone's
     * @param statusWait how long one status call may wait on the server for the application to move on
     */
    public SimulatedMynaportalApp(AppApiClient api, SimulatedAttestationService attestation, Clock clock,
                                  SimulatedTimings timings, Duration statusWait) {
        this.api = api;
        this.attestation = attestation;
        this.clock = clock;
        this.timings = timings;
        this.statusWait = statusWait;
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
    public ApplicationStatus issue(SimulatedHolder holder, Duration timeout) {
        return issueTimed(holder, timeout).outcome();
    }

    /**
     * Runs an issuance at the holder's pace and records when each of the holder's moments happened: the holder
     * fills in the application, the app sends it, the holder types the password and PIN while the server works
     * (R11), runs the operation check when the server is ready, and waits for the set to be usable.
     */
    public IssuanceTimeline issueTimed(SimulatedHolder holder, Duration timeout) {
        HolderPace pace = pace();
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        SimulatedTimings.pass(pace.applicationInput());
        PreparedApplication application = prepare(holder);
        SimulatedTimings.pass(pace.appProcessing());
        ApplicationStatus status = submit(application);
        IssuanceTimeline.Recorder timeline = new IssuanceTimeline.Recorder(status.applicationId(), started, clock.instant(), clock);
        return timeline.finish(complete(holder, status, pace, deadline, timeline));
    }

    /**
     * Takes an application already sent to the end: the holder sets the password and PIN when the server asks,
     * then runs the operation check (or stops when the server refuses or cancels it).
     */
    public ApplicationStatus complete(SimulatedHolder holder, String applicationId, Instant deadline) {
        ApplicationStatus sent = new ApplicationStatus(applicationId, "RECEIVED", null, null, null);
        return complete(holder, sent, pace(), deadline, new IssuanceTimeline.Recorder(applicationId, clock.instant(),
                clock.instant(), clock));
    }

    private ApplicationStatus complete(SimulatedHolder holder, ApplicationStatus sent, HolderPace pace, Instant deadline,
                                       IssuanceTimeline.Recorder timeline) {
        String applicationId = sent.applicationId();
        // the holder chooses the password while the server checks the application and installs the applet (R11)
        SimulatedTimings.pass(pace.passwordInput());
        ApplicationStatus status = awaitAction(sent, "SET_PASSWORD_AND_PIN", deadline);
        if (status.finished()) {
            return status;
        }
        setSecret(holder, SecretKind.SIGNING_PASSWORD);
        // and the PIN while the phone generates keys and stores certificates
        SimulatedTimings.pass(pace.pinInput());
        timeline.secretsTyped();
        setSecret(holder, SecretKind.USER_AUTH_PIN);
        api.reportSecretsSet(applicationId);
        timeline.secretsSet();
        status = awaitAction(status, "SIGN_CHALLENGE", deadline);
        timeline.operationCheckReady();
        if (status.finished()) {
            return status;
        }
        runOperationCheck(holder, applicationId, pace);
        timeline.operationCheckSubmitted();
        return awaitFinished(status, deadline);
    }

    private HolderPace pace() {
        return timings.holders();
    }

    /** The holder's password and PIN go from the app to the applet on the phone, encrypted by the applet client. */
    public void setSecrets(SimulatedHolder holder) {
        setSecret(holder, SecretKind.SIGNING_PASSWORD);
        setSecret(holder, SecretKind.USER_AUTH_PIN);
    }

    private void setSecret(SimulatedHolder holder, SecretKind kind) {
        holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            applet.setInitialSecret(kind, kind == SecretKind.SIGNING_PASSWORD ? holder.signingPassword() : holder.userAuthPin());
            return null;
        });
    }

    /** The holder unlocks each key on the phone and signs the server's challenge (seed 004 steps 8 and 9). */
    public void runOperationCheck(SimulatedHolder holder, String applicationId) {
        runOperationCheck(holder, applicationId, pace());
    }

    private void runOperationCheck(SimulatedHolder holder, String applicationId, HolderPace pace) {
        byte[] challenge = api.operationChallenge(applicationId);
        List<Map<String, String>> signatures = new ArrayList<>();
        SimulatedTimings.pass(pace.signingCheckInput());
        signatures.add(entry("SIGNING", sign(holder, AppletKey.SIGNING, challenge)));
        SimulatedTimings.pass(pace.userAuthCheckInput());
        signatures.add(entry("USER_AUTH", sign(holder, AppletKey.USER_AUTH, challenge)));
        api.submitOperationCheck(applicationId, signatures);
    }

    /** The holder unlocks {@code role}'s key on the phone (password or PIN) and signs {@code data} with it. */
    public SignatureResult sign(SimulatedHolder holder, AppletKey role, byte[] data) {
        return holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            if (role == AppletKey.SIGNING) {
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

    /** Waits (long polling) until the server asks for {@code action} or the application is over. */
    public ApplicationStatus awaitAction(String applicationId, String action, Instant deadline) {
        return awaitAction(api.status(applicationId), action, deadline);
    }

    private ApplicationStatus awaitAction(ApplicationStatus seen, String action, Instant deadline) {
        return await(seen, s -> s.finished() || action.equals(s.nextAction()), "reach " + action, deadline);
    }

    /** Waits (long polling) until the application is over. */
    public ApplicationStatus awaitFinished(String applicationId, Instant deadline) {
        return awaitFinished(api.status(applicationId), deadline);
    }

    private ApplicationStatus awaitFinished(ApplicationStatus seen, Instant deadline) {
        return await(seen, ApplicationStatus::finished, "finish", deadline);
    }

    private ApplicationStatus await(ApplicationStatus seen, java.util.function.Predicate<ApplicationStatus> wanted,
                                    String what, Instant deadline) {
        ApplicationStatus status = seen.entityTag() == null ? api.status(seen.applicationId()) : seen;
        while (!wanted.test(status)) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new IllegalStateException("application " + seen.applicationId() + " did not " + what
                        + " in time; it is at " + status.stage());
            }
            Duration wait = left.compareTo(statusWait) < 0 ? Duration.ofSeconds(Math.max(1, left.toSeconds())) : statusWait;
            status = api.changedStatus(seen.applicationId(), status, wait);
        }
        return status;
    }

}
