package org.mjpki.processes.unlock;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.processes.Topics;

/**
 * Names of the {@code password-unlock} process (bpmn/password-unlock.bpmn), "Release a password or PIN lock" (R9): the
 * holder who locked (or forgot) the signing password or the user-auth PIN authorizes with the My Number card in the app
 * (R0, ADR 0020), types a new one, and the server resets the applet's retry counter with it over the secure channel.
 * The new secret travels app → applet encrypted for the applet alone: the server relays it and cannot read it.
 *
 * <p>Started by the app API only after the card-signed request was checked (signature and chain, the card certificate
 * GOOD by the CA and by OCSP, fresh, not replayed, the set linked to that card certificate, on the phone that asks, and
 * ACTIVE). Business key: the lock release request id ({@code unl-…}). Start variables: {@code credentialSetId},
 * {@link Variables#SECRET}, optionally {@link Variables#HOLDER_INPUT_TIMEOUT} and
 * {@link Variables#PHONE_ANSWER_TIMEOUT}.
 */
public final class PasswordUnlockProcess {

  public static final String PROCESS_KEY = "password-unlock";
  public static final String BPMN_RESOURCE = "bpmn/password-unlock.bpmn";

  private PasswordUnlockProcess() {}

  /** Message names; correlated by the business key (the lock release id). */
  public static final class Messages {
    /** The app sent the holder's new secret, encrypted for the applet (variable {@link Variables#ENCRYPTED_NEW_SECRET}). */
    public static final String NEW_SECRET_ENTERED = "NewSecretEntered";

    public static final List<String> ALL = List.of(NEW_SECRET_ENTERED);

    private Messages() {}
  }

  public static final class Errors {
    /** The applet refused the new secret (stale for the applet's counter, tampered, not of the kind): enter it again. */
    public static final String NEW_SECRET_REFUSED = "NEW_SECRET_REFUSED";
    /** The set is no longer ACTIVE (put on hold, being revoked, ended) when the lock was to be released. */
    public static final String SET_NOT_ACTIVE = "SET_NOT_ACTIVE";

    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of(
        Topics.RELEASE_SECRET_LOCK, Set.of(NEW_SECRET_REFUSED, SET_NOT_ACTIVE));

    public static final List<String> ALL = List.of(NEW_SECRET_REFUSED, SET_NOT_ACTIVE);

    private Errors() {}
  }

  public static final class Variables {
    /** String, a name of {@code org.mjpki.lifecycle.HolderSecret}: which secret's lock is released. */
    public static final String SECRET = "secret";
    /**
     * String, base64: the new secret as the app encrypted it for this applet (ECDH with the applet's transport key,
     * single-use). Never in history (the engine's history filter drops it); gone with the instance.
     */
    public static final String ENCRYPTED_NEW_SECRET = "encryptedNewSecret";
    /** String: why the applet refused the last new secret (for the app); set by the error boundary. */
    public static final String NEW_SECRET_REFUSAL = "newSecretRefusal";
    /** Boolean, output of the release: the app may offer biometrics again (a released PIN on a phone that allows them). */
    public static final String MAY_OFFER_BIOMETRICS = "mayOfferBiometrics";
    /** ISO-8601 duration the holder has to enter the new secret each time; the model falls back to PT15M. */
    public static final String HOLDER_INPUT_TIMEOUT = "holderInputTimeout";
    /** ISO-8601 duration the release may wait for an unreachable phone; the model falls back to PT30M. */
    public static final String PHONE_ANSWER_TIMEOUT = "phoneAnswerTimeout";

    private Variables() {}
  }

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_LOCK_RELEASE_AUTHORIZED = "StartEvent_LockReleaseAuthorized";
    public static final String GATEWAY_NEW_SECRET_AWAITED = "Gateway_NewSecretAwaited";
    public static final String TASK_AWAIT_NEW_SECRET = "Task_AwaitNewSecret";
    public static final String TIMER_NEW_SECRET_OVERDUE = "Timer_NewSecretOverdue";
    public static final String END_EVENT_NO_NEW_SECRET = "EndEvent_NoNewSecret";
    public static final String TASK_RELEASE_SECRET_LOCK = "Task_ReleaseSecretLock";
    public static final String BOUNDARY_EVENT_NEW_SECRET_REFUSED = "BoundaryEvent_NewSecretRefused";
    public static final String BOUNDARY_EVENT_SET_NOT_ACTIVE = "BoundaryEvent_SetNotActive";
    public static final String END_EVENT_SET_NOT_ACTIVE = "EndEvent_SetNotActive";
    public static final String TIMER_PHONE_DOES_NOT_ANSWER = "Timer_PhoneDoesNotAnswer";
    public static final String END_EVENT_PHONE_DID_NOT_ANSWER = "EndEvent_PhoneDidNotAnswer";
    public static final String TASK_NOTIFY_HOLDER_OF_LOCK_RELEASE = "Task_NotifyHolderOfLockRelease";
    public static final String END_EVENT_LOCK_RELEASED = "EndEvent_LockReleased";

    private Elements() {}
  }
}
