package org.mjpki.processes.hold;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.processes.Topics;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess;

/**
 * Names of the {@code lost-device-hold} process (bpmn/lost-device-hold.bpmn), "Report a lost phone" (R10): call-center
 * staff start it in Tasklist, identify the caller by the four facts on the card (which never become variables: the
 * form's listener turns them into a keyed digest and passes on only the matched set), confirm the phone with the
 * caller, and the set goes on hold: both certificates on certificateHold, the registry ON_HOLD, a push to the phone.
 * Then the first of: the holder releases the hold in the app with the card (the user-auth certificate is usable again,
 * the signing certificate is re-issued), the holder confirms to the call center that the phone is gone, the hold
 * period ends (both revoke the set), or another case ends the set (a device change, a revocation from the phone).
 *
 * <p>Business key: {@code hold-<process instance id>}, set by the model at its start whatever the starter typed.
 */
public final class LostDeviceHoldProcess {

  public static final String PROCESS_KEY = "lost-device-hold";
  public static final String BPMN_RESOURCE = "bpmn/lost-device-hold.bpmn";
  /** The Camunda group whose members work these tasks (and nothing else). */
  public static final String CALL_CENTER_GROUP = "mjpkiCallCenter";
  /** The model's hold period when none is given (ADR 0019). */
  public static final String DEFAULT_HOLD_PERIOD = "P90D";

  private LostDeviceHoldProcess() {}

  /** Message names; correlated by {@code credentialSetId} (and the process definition key). */
  public static final class Messages {
    /** The holder's card-signed release, checked by the app API before it correlates (variable releaseRequestId). */
    public static final String HOLD_RELEASE_REQUESTED = "HoldReleaseRequested";
    /** Thrown by "Revoke credential set" of any case: the set ended, a hold waiting on it has nothing left to do. */
    public static final String CREDENTIAL_SET_ENDED = "CredentialSetEnded";

    public static final List<String> ALL = List.of(HOLD_RELEASE_REQUESTED, CREDENTIAL_SET_ENDED);

    private Messages() {}
  }

  public static final class Errors {
    /** The set can no longer be put on hold (another case held it, is revoking it, or it ended since the look-up). */
    public static final String SET_NOT_HOLDABLE = "SET_NOT_HOLDABLE";
    /** The held set was taken for revocation before its hold could be lifted. */
    public static final String SET_NOT_RELEASABLE = "SET_NOT_RELEASABLE";
    /** Another case has taken the set to revoke it, or it ended: this hold has nothing more to revoke. */
    public static final String SET_ALREADY_BEING_REVOKED = "SET_ALREADY_BEING_REVOKED";

    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of(
        Topics.PLACE_SET_ON_HOLD, Set.of(SET_NOT_HOLDABLE),
        Topics.RELEASE_SET_HOLD, Set.of(SET_NOT_RELEASABLE),
        Topics.TAKE_SET_TO_REVOKE, Set.of(SET_ALREADY_BEING_REVOKED));

    public static final List<String> ALL = List.of(SET_NOT_HOLDABLE, SET_NOT_RELEASABLE, SET_ALREADY_BEING_REVOKED,
        ReissueSigningCertificateProcess.Errors.REISSUE_FAILED, ReissueSigningCertificateProcess.Errors.REISSUE_NOT_CONFIRMED);

    private Errors() {}
  }

  /** Variables of the model: never a fact the caller gave, only what was found and decided. */
  public static final class Variables {
    /** The Tasklist user who started the report (camunda:initiator). */
    public static final String REPORTED_BY = "reportedBy";
    /** One of {@link CallerMatch}: what the look-up found for what the caller said. */
    public static final String CALLER_MATCH = "callerMatch";
    /** Masked description of the matched set for the confirm form: maker and model of the phone. */
    public static final String MATCHED_PHONE = "matchedPhone";
    /** The day the matched set was issued (Japan time, yyyy-MM-dd). */
    public static final String MATCHED_ISSUED_ON = "matchedIssuedOn";
    /** HMAC over the instance and the matched set id: a form cannot swap the set between look-up and hold. */
    public static final String MATCH_SEAL = "matchSeal";
    /** What staff tell the caller when nothing is held (shown by the nothing-held form). */
    public static final String ANSWER_TO_CALLER = "answerToCaller";
    /** Boolean, from the confirm form: the caller confirms this is the lost phone. */
    public static final String SET_CONFIRMED = "setConfirmed";
    /** One of {@link LossKinds}, from the confirm form (and the on-hold form): decides the revocation reason. */
    public static final String LOSS_KIND = "lossKind";
    /** ISO-8601 duration of the hold; absent: {@link #DEFAULT_HOLD_PERIOD}. */
    public static final String HOLD_PERIOD = "holdPeriod";
    /** ISO-8601 instant, output of Place set on hold: when the hold period ends (the timer's date). */
    public static final String HOLD_ENDS_AT = "holdEndsAt";
    /** The app's release request id (output of the release message). */
    public static final String RELEASE_REQUEST_ID = "releaseRequestId";

    private Variables() {}
  }

  /** Values of {@link Variables#CALLER_MATCH}. */
  public static final class CallerMatch {
    public static final String MATCHED = "MATCHED";
    public static final String NOT_IDENTIFIED = "NOT_IDENTIFIED";
    public static final String NO_LIVE_SET = "NO_LIVE_SET";
    public static final String ALREADY_ON_HOLD = "ALREADY_ON_HOLD";
    public static final String BEING_REVOKED = "BEING_REVOKED";
    public static final String STILL_BEING_ISSUED = "STILL_BEING_ISSUED";

    public static final List<String> ALL = List.of(MATCHED, NOT_IDENTIFIED, NO_LIVE_SET, ALREADY_ON_HOLD, BEING_REVOKED,
        STILL_BEING_ISSUED);

    private CallerMatch() {}
  }

  /** Values of {@link Variables#LOSS_KIND}. */
  public static final class LossKinds {
    /** Revoked with cessationOfOperation. */
    public static final String LOST = "LOST";
    /** Revoked with keyCompromise. */
    public static final String STOLEN = "STOLEN";

    public static final List<String> ALL = List.of(LOST, STOLEN);

    private LossKinds() {}
  }

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_LOST_PHONE_REPORTED = "StartEvent_LostPhoneReported";
    public static final String TASK_IDENTIFY_CALLER = "Task_IdentifyCaller";
    public static final String GATEWAY_CALLER_MATCHED = "Gateway_CallerMatched";
    public static final String TASK_CONFIRM_SET = "Task_ConfirmSet";
    public static final String GATEWAY_SET_CONFIRMED = "Gateway_SetConfirmed";
    public static final String TASK_PLACE_SET_ON_HOLD = "Task_PlaceSetOnHold";
    public static final String BOUNDARY_EVENT_SET_NOT_HOLDABLE = "BoundaryEvent_SetNotHoldable";
    public static final String GATEWAY_NOTHING_HELD = "Gateway_NothingHeld";
    public static final String TASK_TELL_NOTHING_HELD = "Task_TellNothingHeld";
    public static final String END_EVENT_NOTHING_HELD = "EndEvent_NothingHeld";

    public static final String GATEWAY_HOLD_BOTH_CERTIFICATES = "Gateway_HoldBothCertificates";
    public static final String TASK_HOLD_SIGNING_CERTIFICATE = "Task_HoldSigningCertificate";
    public static final String TASK_HOLD_USER_AUTH_CERTIFICATE = "Task_HoldUserAuthCertificate";
    public static final String GATEWAY_BOTH_CERTIFICATES_HELD = "Gateway_BothCertificatesHeld";
    public static final String TASK_NOTIFY_HOLDER_OF_HOLD = "Task_NotifyHolderOfHold";

    public static final String GATEWAY_AWAIT_HOLDER = "Gateway_AwaitHolder";
    public static final String TASK_AWAIT_HOLDER = "Task_AwaitHolder";
    public static final String BOUNDARY_EVENT_HOLD_RELEASE_REQUESTED = "BoundaryEvent_HoldReleaseRequested";
    public static final String BOUNDARY_EVENT_CREDENTIAL_SET_ENDED = "BoundaryEvent_CredentialSetEnded";
    public static final String TIMER_HOLD_PERIOD_OVER = "Timer_HoldPeriodOver";

    public static final String CALL_ACTIVITY_REISSUE_SIGNING_CERTIFICATE = "CallActivity_ReissueSigningCertificate";
    public static final String BOUNDARY_EVENT_REISSUE_FAILED = "BoundaryEvent_ReissueFailed";
    public static final String BOUNDARY_EVENT_REISSUE_NOT_CONFIRMED = "BoundaryEvent_ReissueNotConfirmed";
    public static final String GATEWAY_STILL_ON_HOLD = "Gateway_StillOnHold";
    public static final String TASK_RELEASE_USER_AUTH_HOLD = "Task_ReleaseUserAuthHold";
    public static final String TASK_RELEASE_SET_HOLD = "Task_ReleaseSetHold";
    public static final String BOUNDARY_EVENT_SET_NOT_RELEASABLE = "BoundaryEvent_SetNotReleasable";
    public static final String TASK_NOTIFY_HOLDER_OF_RELEASE = "Task_NotifyHolderOfRelease";
    public static final String END_EVENT_HOLD_RELEASED = "EndEvent_HoldReleased";

    public static final String GATEWAY_REVOKE_HELD_SET = "Gateway_RevokeHeldSet";
    public static final String TASK_TAKE_SET_TO_REVOKE = "Task_TakeSetToRevoke";
    public static final String BOUNDARY_EVENT_SET_ALREADY_BEING_REVOKED = "BoundaryEvent_SetAlreadyBeingRevoked";
    public static final String CALL_ACTIVITY_REVOKE_HELD_SET = "CallActivity_RevokeHeldSet";
    public static final String END_EVENT_HELD_SET_REVOKED = "EndEvent_HeldSetRevoked";
    public static final String GATEWAY_SET_ENDED_ELSEWHERE = "Gateway_SetEndedElsewhere";
    public static final String END_EVENT_SET_ENDED_ELSEWHERE = "EndEvent_SetEndedElsewhere";

    private Elements() {}
  }
}
