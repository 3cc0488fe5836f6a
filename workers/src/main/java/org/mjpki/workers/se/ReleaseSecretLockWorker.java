package org.mjpki.workers.se;

import java.util.Base64;
import java.util.Map;
import org.mjpki.applet.client.AppletException;
import org.mjpki.applet.client.AppletStatus;
import org.mjpki.applet.client.EncryptedHolderSecret;
import org.mjpki.applet.client.SecretKind;
import org.mjpki.applet.client.StatusWords;
import org.mjpki.lifecycle.HolderSecret;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Errors;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Variables;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Releases the lock of (resets) the holder's signing password or user-auth PIN on the applet (R9): RESET RETRY COUNTER
 * over SCP03 with the new secret the app encrypted for the applet, which the server relays and cannot read. Only for an
 * ACTIVE set. Applied at most once: the blob opens only while the applet's transport counter equals the one it was made
 * for, and every installed secret moves that counter on by one. So a retry after a reset that went through (its answer
 * lost) finds the counter one further and the secret unblocked with its tries full, and completes without a second
 * reset; any other moved-on counter means the blob can no longer be used, and the holder enters the secret again.
 */
@Component
@ExternalTaskTopic(value = Topics.RELEASE_SECRET_LOCK, lockDuration = 120_000, lane = WorkerLane.PHONE,
        variables = {CaseVariables.CREDENTIAL_SET_ID, Variables.SECRET, Variables.ENCRYPTED_NEW_SECRET})
public class ReleaseSecretLockWorker extends MjpkiWorker {

    private final CaseSets sets;
    private final AppletScripts applets;

    public ReleaseSecretLockWorker(CaseSets sets, AppletScripts applets) {
        this.sets = sets;
        this.applets = applets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.of(task);
        if (set.state() != CredentialState.ACTIVE || set.revocationCaseId() != null) {
            throw new BusinessOutcome(Errors.SET_NOT_ACTIVE, "Credential set " + set.credentialSetId() + " is " + set.state()
                    + (set.revocationCaseId() != null ? " and being revoked" : "") + ": its lock is not released");
        }
        SecretKind kind = kindOf(task.enumValue(Variables.SECRET, HolderSecret.class));
        EncryptedHolderSecret newSecret = newSecret(task, kind);
        boolean mayOfferBiometrics = kind == SecretKind.USER_AUTH_PIN && Boolean.TRUE.equals(set.biometricsAllowed());
        applets.run(task.caseId(), set.seId(), step(task), (applet, issuer) -> {
            AppletStatus status = applet.status();
            long counter = applet.transportCounter();
            if (counter != newSecret.counter()) {
                // one install since the blob was made, the secret not blocked and its tries full: that install was
                // this blob, by an earlier attempt whose answer was lost (a change on the phone in that very moment is
                // the one case it cannot tell apart; the holder then types the secret they changed to)
                if (counter == newSecret.counter() + 1 && status.secretSet(kind) && !status.blocked(kind)
                        && status.remainingTries(kind) == kind.tryLimit()) {
                    return null;
                }
                throw new BusinessOutcome(Errors.NEW_SECRET_REFUSED,
                        "The new secret was made for another state of the applet; enter it again");
            }
            try {
                issuer.get().releaseLock(kind, newSecret);
            } catch (AppletException e) {
                if (refusesTheBlob(e.statusWord())) {
                    throw new BusinessOutcome(Errors.NEW_SECRET_REFUSED, "The applet refused the new secret ("
                            + String.format("%04X", e.statusWord()) + "); enter it again");
                }
                throw new IllegalStateException("the applet refused the " + kind + " lock release: " + e.getMessage());
            }
            return null;
        });
        return Map.of(Variables.MAY_OFFER_BIOMETRICS, mayOfferBiometrics);
    }

    /** Form (6A80), a tag or counter that does not match (6982), a wrong length (6700): the blob, not the phone. */
    private static boolean refusesTheBlob(int sw) {
        return sw == StatusWords.WRONG_DATA || sw == StatusWords.SECURITY_STATUS_NOT_SATISFIED || sw == StatusWords.WRONG_LENGTH;
    }

    private static EncryptedHolderSecret newSecret(LifecycleTask task, SecretKind kind) {
        try {
            return EncryptedHolderSecret.received(kind, Base64.getDecoder().decode(task.string(Variables.ENCRYPTED_NEW_SECRET)));
        } catch (IllegalArgumentException e) {
            throw new BusinessOutcome(Errors.NEW_SECRET_REFUSED, "The new secret is malformed; enter it again");
        }
    }

    static SecretKind kindOf(HolderSecret secret) {
        return switch (secret) {
            case SIGNING_PASSWORD -> SecretKind.SIGNING_PASSWORD;
            case USER_AUTH_PIN -> SecretKind.USER_AUTH_PIN;
        };
    }

    @Override
    protected String step(LifecycleTask task) {
        String secret = switch (task.optionalString(Variables.SECRET).orElse("")) {
            case "SIGNING_PASSWORD" -> "signing password";
            case "USER_AUTH_PIN" -> "user-auth PIN";
            default -> "password or PIN";
        };
        return "release the " + secret + " lock on the phone";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds a new secret already installed and does not reset it twice";
    }
}
