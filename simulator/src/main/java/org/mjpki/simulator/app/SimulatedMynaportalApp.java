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
import org.mjpki.applet.client.AppletStatus;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecretBlockedException;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.applet.client.SignatureResult;
import org.mjpki.applet.client.WrongSecretException;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.simulator.app.AppApiClient.AppApiException;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.AppApiClient.CredentialSetView;
import org.mjpki.simulator.app.AppApiClient.RevocationStatus;
import org.mjpki.simulator.attestation.SimulatedAttestationService;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.SimulatedPhone;
import org.mjpki.simulator.timing.HolderPace;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Mynaportal app does on the holder's phone. For an issuance: reads the card to sign the application,
 * sends it with the device's integrity verdict, lets the holder set the password and PIN straight into the
 * applet while the server works, and runs the operation check. Afterwards: the holder revokes their set with
 * the phone alone (R9: a request signed with the signing key), and once the SEI-TSM has deleted the applet the
 * app sends the delete-complete notice (R8). It reaches the server only over the app API.
 */
public final class SimulatedMynaportalApp {

    private static final Logger log = LoggerFactory.getLogger(SimulatedMynaportalApp.class);
    /** How often the app asks how a revocation stands. */
    static final Duration REVOCATION_POLL = Duration.ofMillis(100);
    /** How long the app, told by push to let the applet go, waits for the SEI-TSM to have deleted it. */
    static final Duration DELETE_WAIT = Duration.ofSeconds(30);

    private final AppApiClient api;
    private final SimulatedAttestationService attestation;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SimulatedTimings timings;
    private final Duration statusWait;
    /** The app reacts to pushes and to the phone coming back in the background, as a real app does. */
    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "mynaportal-app");
        thread.setDaemon(true);
        return thread;
    });
    /** Phones the app is on (one listener each). */
    private final java.util.Set<String> attached = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Sets whose delete-complete notice the server took or is on its way: a set's notice is taken once. */
    private final java.util.Set<String> notices = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        return prepare(holder, false);
    }

    /**
     * Makes a fresh application for {@code holder}'s phone, with or without the holder's consent to revoke the set on
     * another phone (device change), and has the card sign it, without sending it.
     */
    public PreparedApplication prepare(SimulatedHolder holder, boolean consentToRevokeExistingSet) {
        DeviceFacts device = holder.phone().device();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] nonceBytes = new byte[24];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        ApplicationContent content = new ApplicationContent("APP-" + UUID.randomUUID(), holder.phone().seId(), nonce,
                now, now.plus(Duration.ofMinutes(10)), device.manufacturer(), device.model(), device.osVersion(), device.seType(),
                consentToRevokeExistingSet);
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
        return applyTimed(holder, false, timeout);
    }

    /**
     * A device change as the holder does it on the new phone: the same as an issuance, with the holder's consent to
     * revoke the set on the old phone in the card-signed application (seed 004 5-2 ①-③).
     */
    public ApplicationStatus changeDevice(SimulatedHolder holderOnNewPhone, Duration timeout) {
        return changeDeviceTimed(holderOnNewPhone, timeout).outcome();
    }

    /** {@link #changeDevice}, recording the holder's moments as {@link #issueTimed} does. */
    public IssuanceTimeline changeDeviceTimed(SimulatedHolder holderOnNewPhone, Duration timeout) {
        return applyTimed(holderOnNewPhone, true, timeout);
    }

    private IssuanceTimeline applyTimed(SimulatedHolder holder, boolean consentToRevokeExistingSet, Duration timeout) {
        HolderPace pace = pace();
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        SimulatedTimings.pass(pace.applicationInput());
        PreparedApplication application = prepare(holder, consentToRevokeExistingSet);
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
        return remembered(holder, run(holder, sent, pace, deadline, timeline));
    }

    /** Once the issuance has completed, the holder's app knows its set (to revoke it, and for notices). */
    private static ApplicationStatus remembered(SimulatedHolder holder, ApplicationStatus status) {
        if (status.stage().equals("COMPLETED") && status.credentialSetId() != null && !status.credentialSetId().isBlank()) {
            holder.rememberCredentialSet(status.credentialSetId());
        }
        return status;
    }

    /**
     * Asks the server for {@code applicationId}'s status and, if it has completed, has {@code holder} remember its
     * set: for tests that sent the application and waited for it without the holder.
     */
    public java.util.Optional<String> learnCredentialSet(SimulatedHolder holder, String applicationId) {
        remembered(holder, api.status(applicationId));
        return holder.credentialSetId();
    }

    private ApplicationStatus run(SimulatedHolder holder, ApplicationStatus sent, HolderPace pace, Instant deadline,
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

    /** The app API client this app uses (for tests that send something by hand). */
    public AppApiClient api() {
        return api;
    }

    // ---- revocation from the app (R9) and the delete-complete notice (R8) -------------------------------------

    /**
     * A revocation request the phone has signed, not sent yet: the request, the exact bytes signed and the
     * applet's signature over them followed by the identification info. Tests use it to send it twice, or to alter
     * it on the way.
     */
    public record PreparedRevocation(RevocationRequest request, byte[] requestBytes, SignatureResult signed) {
        public PreparedRevocation {
            requestBytes = requestBytes.clone();
        }

        @Override
        public byte[] requestBytes() {
            return requestBytes.clone();
        }

        /** The same signature with other request bytes (e.g. altered after signing). */
        public PreparedRevocation withRequestBytes(byte[] replacement) {
            return new PreparedRevocation(request, replacement, signed);
        }
    }

    /**
     * The holder revokes their set from the app at their pace: types the signing password, the phone signs the
     * request, the app sends it. Answers the server's 202 (a refusal is an {@link AppApiException} with its status
     * and code).
     *
     * @throws IllegalStateException if the holder's app knows no credential set of theirs
     */
    public RevocationStatus revoke(SimulatedHolder holder, RevocationRequest.Reason reason) {
        String credentialSetId = knownSet(holder);
        SimulatedTimings.pass(pace().signingCheckInput());
        return submitRevocation(prepareRevocation(holder, RevocationRequest.fresh(credentialSetId, reason, clock, random)));
    }

    /** A fresh revocation request for the holder's set, signed on the phone, not sent. */
    public PreparedRevocation prepareRevocation(SimulatedHolder holder, RevocationRequest.Reason reason) {
        return prepareRevocation(holder, RevocationRequest.fresh(knownSet(holder), reason, clock, random));
    }

    private static String knownSet(SimulatedHolder holder) {
        return holder.credentialSetId().orElseThrow(() ->
                new IllegalStateException(holder + " has no credential set the app knows of"));
    }

    /**
     * Has the phone sign {@code request} as it is (any set, any expiry: for tests): the holder's signing password
     * unlocks the signing key (VERIFY) and the applet signs the request's JSON bytes (SIGN).
     */
    public PreparedRevocation prepareRevocation(SimulatedHolder holder, RevocationRequest request) {
        byte[] bytes = request.toJson();
        return new PreparedRevocation(request, bytes, sign(holder, AppletKey.SIGNING, bytes));
    }

    // ---- releasing a found phone's hold with the card (R10) -------------------------------------------------

    /** The holder's release of the hold on their set, signed with the card, not sent: {@code credentialSetId} named. */
    public byte[] signHoldRelease(SimulatedHolder holder, String credentialSetId, Instant expiresAt, String nonce) {
        String json = "{\"type\":\"HOLD_RELEASE\",\"credentialSetId\":\"" + credentialSetId + "\",\"nonce\":\"" + nonce
                + "\",\"expiresAt\":\"" + expiresAt + "\"}";
        return holder.card().signDocument(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A fresh release of the holder's own set, signed with their card. */
    public byte[] signHoldRelease(SimulatedHolder holder) {
        return signHoldRelease(holder, knownSet(holder), clock.instant().plus(Duration.ofMinutes(5)), freshNonce());
    }

    /**
     * The holder found the phone and releases the hold in the app: reads the card (signs the release), then, while the
     * signing certificate is re-issued, types the signing password and the phone signs the key check with the new
     * key. Answers the release as it ended (COMPLETED, or where it stopped).
     */
    public AppApiClient.HoldReleaseStatus releaseHold(SimulatedHolder holder, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        SimulatedTimings.pass(pace().signingCheckInput());
        AppApiClient.HoldReleaseStatus status = api.requestHoldRelease(knownSet(holder), signHoldRelease(holder));
        status = awaitHoldRelease(status.releaseId(), s -> s.finished() || s.keyCheckChallenge() != null
                || "NOT_RELEASED_STILL_ON_HOLD".equals(s.stage()), deadline);
        if (status.keyCheckChallenge() == null) {
            return status;
        }
        SignatureResult signed = sign(holder, AppletKey.SIGNING, Base64.getDecoder().decode(status.keyCheckChallenge()));
        api.submitKeyCheck(status.releaseId(), signed.signature(), signed.identification().encoded());
        return awaitHoldRelease(status.releaseId(), s -> s.finished() || "NOT_RELEASED_STILL_ON_HOLD".equals(s.stage()), deadline);
    }

    /** Asks every {@link #REVOCATION_POLL} until {@code wanted} holds. */
    public AppApiClient.HoldReleaseStatus awaitHoldRelease(String releaseId,
                                                           java.util.function.Predicate<AppApiClient.HoldReleaseStatus> wanted,
                                                           Instant deadline) {
        AppApiClient.HoldReleaseStatus status = api.holdRelease(releaseId);
        while (!wanted.test(status)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("hold release " + releaseId + " did not get on in time; it is at " + status.stage());
            }
            SimulatedTimings.pass(REVOCATION_POLL);
            status = api.holdRelease(releaseId);
        }
        return status;
    }

    // ---- registering the signing certificate again after a linked revocation (R4) ------------------------------

    /** The re-registration request, signed with the holder's (new) card signing certificate, naming the set and phone. */
    public byte[] signSigningReregistration(SimulatedHolder holder, String credentialSetId, Instant expiresAt, String nonce) {
        String json = "{\"type\":\"SIGNING_REREGISTRATION\",\"credentialSetId\":\"" + credentialSetId + "\",\"seId\":\""
                + holder.phone().seId() + "\",\"nonce\":\"" + nonce + "\",\"expiresAt\":\"" + expiresAt + "\"}";
        return holder.card().signDocument(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The holder was told the signing certificate was revoked with the card's (their address changed) and registers it
     * again in the app: reads the renewed card (signs the request), then types the signing password and the phone signs
     * the key check with the new key. Answers the re-registration as it ended (COMPLETED, or where it stopped).
     */
    public AppApiClient.ReregistrationStatus reregisterSigning(SimulatedHolder holder, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        SimulatedTimings.pass(pace().signingCheckInput());
        AppApiClient.ReregistrationStatus status = api.requestSigningReregistration(knownSet(holder),
                signSigningReregistration(holder, knownSet(holder), clock.instant().plus(Duration.ofMinutes(5)), freshNonce()));
        status = awaitReregistration(status.reregistrationId(), s -> s.finished() || s.keyCheckChallenge() != null, deadline);
        if (status.keyCheckChallenge() == null) {
            return status;
        }
        SignatureResult signed = sign(holder, AppletKey.SIGNING, Base64.getDecoder().decode(status.keyCheckChallenge()));
        api.submitReregistrationKeyCheck(status.reregistrationId(), signed.signature(), signed.identification().encoded());
        return awaitReregistration(status.reregistrationId(), AppApiClient.ReregistrationStatus::finished, deadline);
    }

    private AppApiClient.ReregistrationStatus awaitReregistration(String id,
            java.util.function.Predicate<AppApiClient.ReregistrationStatus> wanted, Instant deadline) {
        AppApiClient.ReregistrationStatus status = api.signingReregistration(id);
        while (!wanted.test(status)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("re-registration " + id + " did not get on in time; it is at " + status.stage());
            }
            SimulatedTimings.pass(REVOCATION_POLL);
            status = api.signingReregistration(id);
        }
        return status;
    }

    // ---- the holder's password and PIN: change on the phone, lock release with the card (R9) ------------------

    /** What the applet says of itself on the phone (GET STATUS): tries left, blocked, biometric registration. */
    public AppletStatus appletStatus(SimulatedHolder holder) {
        return holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            return applet.status();
        });
    }

    /**
     * The holder types a wrong {@code kind} in the app (VERIFY with a secret that is not theirs). Answers the tries left:
     * 0 once the secret is blocked.
     */
    public int typeWrongSecret(SimulatedHolder holder, SecretKind kind) {
        byte[] wrong = holder.choose(kind);
        while (java.util.Arrays.equals(wrong, holder.secret(kind))) {
            wrong = holder.choose(kind);
        }
        byte[] typed = wrong;
        return holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            try {
                applet.verify(kind, typed);
                throw new IllegalStateException("the applet took a wrong " + kind);
            } catch (WrongSecretException e) {
                return e.remainingTries();
            } catch (SecretBlockedException e) {
                return 0;
            }
        });
    }

    /**
     * The holder changes a known password or PIN in the app: the applet checks the current one and takes the new one,
     * encrypted for it, in one command. Nothing goes to the server (R9).
     */
    public void changeSecret(SimulatedHolder holder, SecretKind kind) {
        byte[] replacement = holder.choose(kind);
        holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            applet.changeSecret(kind, holder.secret(kind), replacement);
            return null;
        });
        holder.adopt(kind, replacement);
    }

    /**
     * The holder activates biometrics in the app: the phone's keystore makes a P-256 key that only a Class 3 biometric
     * unlocks, and the applet registers its public key after the PIN was verified (R6, R14).
     */
    public void registerBiometrics(SimulatedHolder holder) {
        java.security.interfaces.ECPublicKey keystoreKey;
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), random);
            keystoreKey = (java.security.interfaces.ECPublicKey) generator.generateKeyPair().getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
        holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            applet.verify(SecretKind.USER_AUTH_PIN, holder.userAuthPin());
            applet.registerBiometricKey(keystoreKey);
            return null;
        });
    }

    /** The holder's card-signed lock release for {@code kind}, not sent; every field as given. */
    public byte[] signLockRelease(SimulatedHolder holder, String credentialSetId, String seId, SecretKind kind,
                                  Instant expiresAt, String nonce) {
        String json = "{\"type\":\"LOCK_RELEASE\",\"credentialSetId\":\"" + credentialSetId + "\",\"seId\":\"" + seId
                + "\",\"secret\":\"" + kind.name() + "\",\"nonce\":\"" + nonce + "\",\"expiresAt\":\"" + expiresAt + "\"}";
        return holder.card().signDocument(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A fresh lock release of {@code kind} for the holder's own set on their phone, signed with their card. */
    public byte[] signLockRelease(SimulatedHolder holder, SecretKind kind) {
        return signLockRelease(holder, knownSet(holder), holder.phone().seId(), kind,
                clock.instant().plus(Duration.ofMinutes(5)), freshNonce());
    }

    private String freshNonce() {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /**
     * The holder releases a locked (or forgotten) {@code kind} in the app: reads the card (signs the request), types a
     * new secret, which the app encrypts on the phone for the applet, and waits until the server has reset the applet
     * with it. Answers the release as it ended; the holder types the new secret from then on only if it COMPLETED.
     */
    public AppApiClient.LockReleaseStatus releaseLock(SimulatedHolder holder, SecretKind kind, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        SimulatedTimings.pass(pace().signingCheckInput());
        AppApiClient.LockReleaseStatus status = api.requestLockRelease(knownSet(holder), signLockRelease(holder, kind));
        return enterNewSecret(holder, kind, status.lockReleaseId(), deadline);
    }

    /** The holder types the new secret for lock release {@code lockReleaseId} and waits for the release to end. */
    public AppApiClient.LockReleaseStatus enterNewSecret(SimulatedHolder holder, SecretKind kind, String lockReleaseId,
                                                         Instant deadline) {
        byte[] replacement = holder.choose(kind);
        SimulatedTimings.pass(kind == SecretKind.SIGNING_PASSWORD ? pace().signingCheckInput() : pace().userAuthCheckInput());
        api.submitNewSecret(lockReleaseId, encryptNewSecret(holder, kind, replacement));
        AppApiClient.LockReleaseStatus status = awaitLockRelease(lockReleaseId,
                s -> s.finished() || "NEW_SECRET_REFUSED".equals(s.stage()), deadline);
        if ("COMPLETED".equals(status.stage())) {
            holder.adopt(kind, replacement);
        }
        return status;
    }

    /** The new secret as the app encrypts it on the phone for the applet (bound to the applet's counter now). */
    public byte[] encryptNewSecret(SimulatedHolder holder, SecretKind kind, byte[] secret) {
        return holder.phone().withLocalApplet(transport -> {
            JpkiAppletClient applet = new JpkiAppletClient(transport);
            applet.select();
            return applet.encryptNewSecret(kind, secret).blob();
        });
    }

    /** Asks every {@link #REVOCATION_POLL} until {@code wanted} holds. */
    public AppApiClient.LockReleaseStatus awaitLockRelease(String lockReleaseId,
                                                           java.util.function.Predicate<AppApiClient.LockReleaseStatus> wanted,
                                                           Instant deadline) {
        AppApiClient.LockReleaseStatus status = api.lockRelease(lockReleaseId);
        while (!wanted.test(status)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("lock release " + lockReleaseId + " did not get on in time; it is at " + status.stage());
            }
            SimulatedTimings.pass(REVOCATION_POLL);
            status = api.lockRelease(lockReleaseId);
        }
        return status;
    }

    /** Sends a signed revocation request over the app API ({@code POST /api/v1/revocations}). */
    public RevocationStatus submitRevocation(PreparedRevocation revocation) {
        return api.requestRevocation(revocation.requestBytes(), revocation.signed().signature(),
                revocation.signed().identification().encoded());
    }

    /** Where a revocation stands now. */
    public RevocationStatus revocation(String revocationId) {
        return api.revocation(revocationId);
    }

    /** Asks every {@link #REVOCATION_POLL} until the revocation is over (the server's {@code finished}). */
    public RevocationStatus awaitRevocationFinished(String revocationId, Instant deadline) {
        return awaitRevocation(revocationId, RevocationStatus::finished, "finish", deadline);
    }

    /** Asks every {@link #REVOCATION_POLL} until the revocation has reached {@code stage}, or is over. */
    public RevocationStatus awaitRevocationStage(String revocationId, String stage, Instant deadline) {
        return awaitRevocation(revocationId, s -> s.finished() || stage.equals(s.stage()), "reach " + stage, deadline);
    }

    /**
     * Asks every {@link #REVOCATION_POLL} until the revocation is over, or waits at DELETING_APPLET for the
     * holder's phone while it is offline (the applet goes when the phone is back, and the notice follows).
     */
    public RevocationStatus awaitRevocationSettled(SimulatedHolder holder, String revocationId, Duration timeout) {
        return awaitRevocation(revocationId, s -> s.finished()
                        || ("DELETING_APPLET".equals(s.stage()) && !holder.phone().online()),
                "finish or wait for the phone", clock.instant().plus(timeout));
    }

    /**
     * Asks every {@link #REVOCATION_POLL} until {@code wanted} holds (the revocation status call does not wait
     * on the server).
     *
     * @throws IllegalStateException if it does not by {@code deadline} (on this app's clock)
     */
    public RevocationStatus awaitRevocation(String revocationId, java.util.function.Predicate<RevocationStatus> wanted,
                                            String what, Instant deadline) {
        RevocationStatus status = api.revocation(revocationId);
        while (!wanted.test(status)) {
            if (!clock.instant().isBefore(deadline)) {
                throw new IllegalStateException("revocation " + revocationId + " did not " + what + " in time; it is at "
                        + status.stage());
            }
            SimulatedTimings.pass(REVOCATION_POLL);
            status = api.revocation(revocationId);
        }
        return status;
    }

    /** The holder's set as Mynaportal's validity check shows it. */
    public CredentialSetView credentialSet(SimulatedHolder holder) {
        return api.credentialSet(knownSet(holder));
    }

    /**
     * The app is on {@code holder}'s phone from now on: it hears the phone's pushes and when a remote delete that
     * waited for the phone has run, and sends the delete-complete notice for the holder's set (in the background,
     * never failing the phone). Once per phone; the world does it for every holder it makes.
     */
    public void attach(SimulatedHolder holder) {
        if (!attached.add(holder.phone().seId())) {
            return;
        }
        holder.phone().addListener(new SimulatedPhone.Listener() {
            @Override
            public void notified(SimulatedPhone phone, HolderNotification notification) {
                if (notification == HolderNotification.DELETE_APPLET) {
                    inBackground(() -> deleteAppletAsked(holder));
                }
            }

            @Override
            public void pendingDeleteDone(SimulatedPhone phone) {
                inBackground(() -> sendAppletDeleteNotice(holder));
            }
        });
    }

    private void inBackground(Runnable work) {
        try {
            background.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("the app's background work failed: {}", e.getClass().getName());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            log.info("the app has stopped; nothing sent");
        }
    }

    /**
     * Push DELETE_APPLET: the SEI-TSM deletes the applet. With the phone online the app waits (bounded) until it
     * is gone and sends the notice; with the phone offline the delete waits for the phone, and the notice follows
     * when it has run ({@link SimulatedPhone.Listener#pendingDeleteDone}).
     */
    private void deleteAppletAsked(SimulatedHolder holder) {
        SimulatedPhone phone = holder.phone();
        long until = System.nanoTime() + DELETE_WAIT.toNanos();
        while (phone.online() && phone.appletInstalled() && System.nanoTime() - until < 0) {
            SimulatedTimings.pass(REVOCATION_POLL);
        }
        if (!phone.online() || phone.deletePending()) {
            log.info("phone {} is offline: the delete-complete notice waits for it", phone.seId());
            return;
        }
        if (phone.appletInstalled()) {
            log.info("phone {} still has its applet after {} s: no delete-complete notice", phone.seId(),
                    DELETE_WAIT.toSeconds());
            return;
        }
        sendAppletDeleteNotice(holder);
    }

    /**
     * Sends the delete-complete notice for the holder's set: true if the server took it (202), now or before (or
     * it is on its way). A 404 or 409 (no such set, no delete awaited) is logged at info and answers false; so
     * does a holder whose app knows no set; any other failure is logged as a warning and answers false. Never
     * throws: the phone does not fail for it. After a refusal or failure a later call sends again.
     */
    public boolean sendAppletDeleteNotice(SimulatedHolder holder) {
        String seId = holder.phone().seId();
        java.util.Optional<String> set = holder.credentialSetId();
        if (set.isEmpty()) {
            log.info("applet of phone {} deleted; the app knows no credential set for it, so no notice", seId);
            return false;
        }
        String credentialSetId = set.get();
        if (!notices.add(credentialSetId)) {
            return true;
        }
        try {
            api.appletDeleteNotice(credentialSetId);
            log.info("delete-complete notice for credential set {} (phone {}) accepted", credentialSetId, seId);
            return true;
        } catch (AppApiException e) {
            notices.remove(credentialSetId);
            if (e.status() == 404 || e.status() == 409) {
                log.info("delete-complete notice for credential set {} (phone {}) answered {} {}", credentialSetId, seId,
                        e.status(), e.error());
                return false;
            }
            log.warn("delete-complete notice for credential set {} (phone {}) failed: status {} {}", credentialSetId, seId,
                    e.status(), e.error());
            return false;
        } catch (RuntimeException e) {
            notices.remove(credentialSetId);
            log.warn("delete-complete notice for credential set {} (phone {}) failed: {}", credentialSetId, seId,
                    e.getClass().getName());
            return false;
        }
    }
}
