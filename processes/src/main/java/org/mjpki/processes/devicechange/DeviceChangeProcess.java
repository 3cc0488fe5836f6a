package org.mjpki.processes.devicechange;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess;

/**
 * Names of the {@code device-change} process (bpmn/device-change.bpmn, 機種変更, R2 and R8): a holder with a set on
 * an old phone applies on a new one, with the card, consenting to revoke the old set. The application and the new
 * phone are checked first, so an application that would be refused never costs the holder the old set; then the old
 * set is taken for this case and revoked ("Revoke credential set", reason cessationOfOperation), and the new set is
 * issued by calling {@code issuance} as it stands, while the old phone's applet is deleted in parallel (seed 004,
 * 5-2). On the same phone (old and new SE id equal) the old applet must be gone before the new one is installed.
 *
 * <p>Business key: the application id, passed on to both called processes, so the holder's status, messages and every
 * side effect stay keyed by the application. Start variables: those of issuance, plus optionally
 * {@code appletDeletePeriod} and {@code appletDeleteRecheckInterval} for the old phone's remote delete.
 */
public final class DeviceChangeProcess {

  public static final String PROCESS_KEY = "device-change";
  public static final String BPMN_RESOURCE = "bpmn/device-change.bpmn";

  private DeviceChangeProcess() {}

  /** BPMN error codes of the step that takes the old set ({@link org.mjpki.processes.Topics#TAKE_SET_TO_REPLACE}). */
  public static final class Errors {
    /** Another case (a second device change, a revocation) has already taken the holder's set to end it. */
    public static final String SET_ALREADY_BEING_REPLACED = "SET_ALREADY_BEING_REPLACED";
    /** The holder's set is itself still being issued: it cannot be replaced before it is. */
    public static final String SET_STILL_BEING_ISSUED = "SET_STILL_BEING_ISSUED";

    /** Which topic may throw which error codes here; the checks throw what they throw in issuance. */
    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of(
        Topics.TAKE_SET_TO_REPLACE, Set.of(SET_ALREADY_BEING_REPLACED, SET_STILL_BEING_ISSUED));

    /** Every code the model catches: the checks' (as in issuance) and the take step's. */
    public static final List<String> ALL = List.of(
        IssuanceProcess.Errors.APPLICATION_INVALID,
        IssuanceProcess.Errors.CARD_CERTIFICATE_NOT_GOOD,
        IssuanceProcess.Errors.DEVICE_INTEGRITY_FAILED,
        SET_ALREADY_BEING_REPLACED,
        SET_STILL_BEING_ISSUED);

    private Errors() {}
  }

  /** Variables this model adds to issuance's. */
  public static final class Variables {
    /** String, output of Take set to replace: the holder's live set now taken for this case; null when there is none. */
    public static final String REPLACED_SET_ID = "replacedSetId";
    /** Boolean, output of Take set to replace: the old set is on the phone the holder applies from (same SE id). */
    public static final String REPLACED_ON_SAME_PHONE = "replacedOnSamePhone";
    /** Boolean, out of Revoke replaced set: the old applet is gone (false: left on the phone after the period). */
    public static final String OLD_APPLET_DELETED = "oldAppletDeleted";
    /** Issuance's input for lineage: the set the new one replaces. */
    public static final String REPLACES_SET_ID = "replacesSetId";

    private Variables() {}
  }

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_DEVICE_CHANGE_APPLIED = "StartEvent_DeviceChangeApplied";

    public static final String TASK_VERIFY_APPLICATION = "Task_VerifyApplication";
    public static final String BOUNDARY_EVENT_APPLICATION_INVALID = "BoundaryEvent_ApplicationInvalid";
    public static final String BOUNDARY_EVENT_CARD_CERTIFICATE_NOT_GOOD = "BoundaryEvent_CardCertificateNotGood";
    public static final String END_EVENT_APPLICATION_REJECTED = "EndEvent_ApplicationRejected";
    public static final String END_EVENT_CARD_CERTIFICATE_NOT_GOOD = "EndEvent_CardCertificateNotGood";

    public static final String TASK_DECIDE_DEVICE_ELIGIBILITY = "Task_DecideDeviceEligibility";
    public static final String GATEWAY_DEVICE_ELIGIBLE = "Gateway_DeviceEligible";
    public static final String END_EVENT_DEVICE_INELIGIBLE = "EndEvent_DeviceIneligible";

    public static final String TASK_VERIFY_DEVICE_INTEGRITY = "Task_VerifyDeviceIntegrity";
    public static final String BOUNDARY_EVENT_DEVICE_INTEGRITY_FAILED = "BoundaryEvent_DeviceIntegrityFailed";
    public static final String END_EVENT_DEVICE_INTEGRITY_FAILED = "EndEvent_DeviceIntegrityFailed";

    public static final String TASK_TAKE_SET_TO_REPLACE = "Task_TakeSetToReplace";
    public static final String BOUNDARY_EVENT_SET_ALREADY_BEING_REPLACED = "BoundaryEvent_SetAlreadyBeingReplaced";
    public static final String END_EVENT_SET_ALREADY_BEING_REPLACED = "EndEvent_SetAlreadyBeingReplaced";
    public static final String BOUNDARY_EVENT_SET_STILL_BEING_ISSUED = "BoundaryEvent_SetStillBeingIssued";
    public static final String END_EVENT_SET_STILL_BEING_ISSUED = "EndEvent_SetStillBeingIssued";
    public static final String GATEWAY_SET_TO_REPLACE = "Gateway_SetToReplace";

    public static final String CALL_ACTIVITY_REVOKE_REPLACED_SET = "CallActivity_RevokeReplacedSet";
    public static final String BOUNDARY_EVENT_REPLACED_SET_REVOKED = "BoundaryEvent_ReplacedSetRevoked";
    public static final String GATEWAY_NEW_PHONE_ONCE_REVOKED = "Gateway_NewPhoneOnceRevoked";
    public static final String END_EVENT_SAME_PHONE_AWAITS_DELETE = "EndEvent_SamePhoneAwaitsDelete";
    public static final String GATEWAY_SAME_PHONE_ONCE_DELETED = "Gateway_SamePhoneOnceDeleted";
    public static final String END_EVENT_OLD_PHONE_CLEARED = "EndEvent_OldPhoneCleared";
    public static final String GATEWAY_OLD_APPLET_DELETED = "Gateway_OldAppletDeleted";
    public static final String END_EVENT_OLD_APPLET_STILL_ON_PHONE = "EndEvent_OldAppletStillOnPhone";

    public static final String GATEWAY_ISSUE_NEW_SET = "Gateway_IssueNewSet";
    public static final String CALL_ACTIVITY_ISSUE_NEW_SET = "CallActivity_IssueNewSet";
    public static final String END_EVENT_NEW_SET_ISSUANCE_ENDED = "EndEvent_NewSetIssuanceEnded";

    private Elements() {}
  }
}
