package org.mjpki.processes.revocation;

import java.util.List;

/**
 * Names of the reusable {@code revoke-credential-set} process (bpmn/revoke-credential-set.bpmn), called as the call
 * activity "Revoke credential set" by every process that ends a set: the holder's revocation now, device change,
 * hold expiry and the linked-revocation sweep later. It revokes both certificates at the CA with the caller's
 * reason, records the set REVOKED (which frees the holder's slot), tells the holder, and deletes the applet remotely:
 * at once when the phone is online; otherwise the delete waits, pending at the SEI-TSM, for the phone's
 * delete-complete notice, and after {@link org.mjpki.processes.CaseVariables#APPLET_DELETE_PERIOD} the applet is
 * recorded as left on the phone (its keys cannot be read out) and the instance ends.
 *
 * <p>Inputs (from the caller): the business key (the caller's case id), {@code credentialSetId},
 * {@code revocationReason}, {@code actor}, optionally {@code appletDeletePeriod}.
 */
public final class RevokeCredentialSetProcess {

  public static final String PROCESS_KEY = "revoke-credential-set";
  public static final String BPMN_RESOURCE = "bpmn/revoke-credential-set.bpmn";

  private RevokeCredentialSetProcess() {}

  /** Message names; correlated by the process variable {@code credentialSetId}. */
  public static final class Messages {
    /**
     * The app's delete-complete notice (or the SEI-TSM's) for the set's phone. Not trusted as such: the model asks the
     * SEI-TSM again whether the applet is gone.
     */
    public static final String APPLET_DELETE_REPORTED = "AppletDeleteReported";

    public static final List<String> ALL = List.of(APPLET_DELETE_REPORTED);

    private Messages() {}
  }

  /** Escalation codes this process throws to its caller; a caller need not catch them. */
  public static final class Escalations {
    /**
     * Both certificates are revoked and the set is REVOKED (the holder's slot is free); the holder's notice and the
     * remote delete follow. A device change issues the new set from here.
     */
    public static final String CREDENTIAL_SET_REVOKED = "CREDENTIAL_SET_REVOKED";

    public static final List<String> ALL = List.of(CREDENTIAL_SET_REVOKED);

    private Escalations() {}
  }

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_REVOCATION_REQUESTED = "StartEvent_RevocationRequested";
    public static final String GATEWAY_REVOKE_BOTH_CERTIFICATES = "Gateway_RevokeBothCertificates";
    public static final String TASK_REVOKE_SIGNING_CERTIFICATE = "Task_RevokeSigningCertificate";
    public static final String TASK_REVOKE_USER_AUTH_CERTIFICATE = "Task_RevokeUserAuthCertificate";
    public static final String GATEWAY_BOTH_CERTIFICATES_REVOKED = "Gateway_BothCertificatesRevoked";
    public static final String TASK_RECORD_CREDENTIAL_SET_REVOKED = "Task_RecordCredentialSetRevoked";
    /** Throws {@link Escalations#CREDENTIAL_SET_REVOKED} to the caller and goes on. */
    public static final String INTERMEDIATE_THROW_EVENT_CREDENTIAL_SET_REVOKED = "IntermediateThrowEvent_CredentialSetRevoked";
    public static final String TASK_NOTIFY_HOLDER_OF_REVOCATION = "Task_NotifyHolderOfRevocation";

    public static final String SUB_PROCESS_DELETE_APPLET_REMOTELY = "SubProcess_DeleteAppletRemotely";
    public static final String START_EVENT_REMOTE_DELETE_STARTED = "StartEvent_RemoteDeleteStarted";
    public static final String TASK_DELETE_APPLET = "Task_DeleteApplet";
    public static final String GATEWAY_APPLET_GONE = "Gateway_AppletGone";
    public static final String TASK_ASK_PHONE_TO_DELETE_APPLET = "Task_AskPhoneToDeleteApplet";
    /** Merges asking the phone and a report the SEI-TSM did not confirm, before the wait for the (next) report. */
    public static final String GATEWAY_DELETE_PENDING = "Gateway_DeletePending";
    public static final String TASK_AWAIT_APPLET_DELETE_REPORT = "Task_AwaitAppletDeleteReport";
    public static final String TASK_CONFIRM_APPLET_DELETION = "Task_ConfirmAppletDeletion";
    public static final String GATEWAY_APPLET_GONE_AFTER_REPORT = "Gateway_AppletGoneAfterReport";
    /** Merges the applet gone at once and gone after a report, before the one end event. */
    public static final String GATEWAY_APPLET_DELETED = "Gateway_AppletDeleted";
    public static final String END_EVENT_APPLET_DELETED = "EndEvent_AppletDeleted";

    /** Interrupting timer on {@link #TASK_AWAIT_APPLET_DELETE_REPORT}: ask the SEI-TSM again even without a report. */
    public static final String TIMER_APPLET_DELETE_RECHECK_DUE = "Timer_AppletDeleteRecheckDue";
    public static final String GATEWAY_APPLET_DELETE_CHECK_DUE = "Gateway_AppletDeleteCheckDue";

    public static final String TIMER_APPLET_DELETE_PERIOD_OVER = "Timer_AppletDeletePeriodOver";
    public static final String TASK_RECORD_APPLET_LEFT_ON_PHONE = "Task_RecordAppletLeftOnPhone";
    public static final String END_EVENT_APPLET_LEFT_ON_PHONE = "EndEvent_AppletLeftOnPhone";

    public static final String END_EVENT_CREDENTIAL_SET_REVOKED = "EndEvent_CredentialSetRevoked";

    private Elements() {}
  }
}
