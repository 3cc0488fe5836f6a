package org.mjpki.processes.issuance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.processes.Topics;

/**
 * Names of the {@code issuance} process (bpmn/issuance.bpmn) and its decision
 * (dmn/device-eligibility.dmn): the contract between the model, the workers that serve its
 * topics, and the apps that start it and send it messages.
 *
 * <p>Plain constants, no dependencies. The model-validation test in this module checks that the
 * model and this class agree (every topic, message, error code and element id named here exists
 * in the model, and the other way round for topics).
 */
public final class IssuanceProcess {

  /** Process definition key; the business key of every instance is the application id. */
  public static final String PROCESS_KEY = "issuance";

  /** Classpath location of the model (this module's jar). */
  public static final String BPMN_RESOURCE = "bpmn/issuance.bpmn";

  /** Decision key of the device eligibility table (R7), called by {@link Elements#TASK_DECIDE_DEVICE_ELIGIBILITY}. */
  public static final String DEVICE_ELIGIBILITY_DECISION_KEY = "device-eligibility";

  /** Classpath location of the device eligibility decision. */
  public static final String DMN_RESOURCE = "dmn/device-eligibility.dmn";

  private IssuanceProcess() {}

  /** Topics: the shared catalogue {@link org.mjpki.processes.Topics}. */


  /** Message names; correlate by business key (= application id). */
  public static final class Messages {
    /** The app reports that the holder set the signing password and the user-auth PIN on the phone. */
    public static final String HOLDER_SECRETS_SET = "HolderSecretsSet";
    /** The app reports that the holder signed the server challenge with each key on the phone. */
    public static final String OPERATION_CHECK_SUBMITTED = "OperationCheckSubmitted";

    public static final List<String> ALL = List.of(HOLDER_SECRETS_SET, OPERATION_CHECK_SUBMITTED);

    private Messages() {}
  }

  /** BPMN error codes that workers throw ({@code handleBpmnError}); each one is caught in the model. */
  public static final class Errors {
    /** The application's signature or content is invalid. */
    public static final String APPLICATION_INVALID = "APPLICATION_INVALID";
    /** The card signing certificate is not good (revoked, on hold, expired, unknown). */
    public static final String CARD_CERTIFICATE_NOT_GOOD = "CARD_CERTIFICATE_NOT_GOOD";
    /** The device integrity attestation failed (rooted or tampered phone). */
    public static final String DEVICE_INTEGRITY_FAILED = "DEVICE_INTEGRITY_FAILED";
    /** The holder already has a non-final smartphone credential (one set per person). */
    public static final String ALREADY_ISSUED = "ALREADY_ISSUED";
    /** The CA refused to issue a certificate. */
    public static final String CERTIFICATE_REFUSED = "CERTIFICATE_REFUSED";
    /** The applet on the SE refused a command (key generation, certificate storage). */
    public static final String SE_REFUSED = "SE_REFUSED";
    /** The holder's operation check signatures did not verify. */
    public static final String OPERATION_CHECK_FAILED = "OPERATION_CHECK_FAILED";

    /** Which topic may throw which error codes. Topics not listed throw none. */
    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of(
        Topics.VERIFY_APPLICATION, Set.of(APPLICATION_INVALID, CARD_CERTIFICATE_NOT_GOOD),
        Topics.VERIFY_DEVICE_ATTESTATION, Set.of(DEVICE_INTEGRITY_FAILED),
        Topics.RESERVE_SLOT, Set.of(ALREADY_ISSUED),
        Topics.GENERATE_KEY_PAIR, Set.of(SE_REFUSED),
        Topics.ISSUE_CERTIFICATE, Set.of(CERTIFICATE_REFUSED),
        Topics.STORE_CERTIFICATE, Set.of(SE_REFUSED),
        Topics.VERIFY_OPERATION_CHECK, Set.of(OPERATION_CHECK_FAILED));

    /** Thrown after the applet was installed: caught by the rollback event sub-process, which compensates. */
    public static final Set<String> ROLLED_BACK = Set.of(CERTIFICATE_REFUSED, SE_REFUSED, OPERATION_CHECK_FAILED);

    public static final List<String> ALL = List.of(
        APPLICATION_INVALID,
        CARD_CERTIFICATE_NOT_GOOD,
        DEVICE_INTEGRITY_FAILED,
        ALREADY_ISSUED,
        CERTIFICATE_REFUSED,
        SE_REFUSED,
        OPERATION_CHECK_FAILED);

    private Errors() {}
  }

  /** Escalation codes thrown inside the model itself (not by workers). */
  public static final class Escalations {
    /**
     * The holder did not set the secrets or submit the operation check in time, or the personalization as a whole did
     * not finish in time (the phone stopped answering): abandon and compensate.
     */
    public static final String HOLDER_INPUT_EXPIRED = "HOLDER_INPUT_EXPIRED";

    private Escalations() {}
  }

  /** Process variable names: small facts only, never a document, a key, a PIN or a password. */
  public static final class Variables {
    // start variables (set by the app API)
    public static final String APPLICATION_ID = "applicationId";
    public static final String SE_ID = "seId";
    public static final String DEVICE_MANUFACTURER = "deviceManufacturer";
    public static final String DEVICE_MODEL = "deviceModel";
    /** Integer, the Android major version. */
    public static final String OS_VERSION = "osVersion";
    public static final String SE_TYPE = "seType";
    /** ISO-8601 duration each holder input step may take; set by the app API, the model falls back to {@link #DEFAULT_HOLDER_INPUT_TIMEOUT}. */
    public static final String HOLDER_INPUT_TIMEOUT = "holderInputTimeout";
    public static final String DEFAULT_HOLDER_INPUT_TIMEOUT = "PT15M";
    /**
     * ISO-8601 duration the whole personalization may take, from the applet's installation until the keys are generated,
     * the certificates stored and the holder's secrets set; set by the app API, the model falls back to
     * {@link #DEFAULT_PERSONALIZATION_TIMEOUT}. Bounds a phone that stops answering after the secrets arrived.
     */
    public static final String PERSONALIZATION_TIMEOUT = "personalizationTimeout";
    public static final String DEFAULT_PERSONALIZATION_TIMEOUT = "PT30M";
    /** Output of {@link Topics#CHECK_PERSONALIZATION_DEADLINE}: the personalization has had its time and is abandoned. */
    public static final String PERSONALIZATION_EXPIRED = "personalizationExpired";

    // written by jpki.verify-application
    /** String: the registry's reference to the holder (not a My Number). */
    public static final String HOLDER_REF = "holderRef";
    /** String, ISO-8601 instant: notAfter of the card signing certificate (R3). */
    public static final String CARD_NOT_AFTER = "cardNotAfter";

    // written by the device eligibility decision (R7)
    /** The business rule task's result variable (the decision's single result, a map). */
    public static final String ELIGIBILITY_RESULT = "eligibilityResult";
    /** Boolean. */
    public static final String ELIGIBLE = "eligible";
    /** Boolean: may the user-auth PIN be replaced by biometrics on this device. */
    public static final String BIOMETRICS_ALLOWED = "biometricsAllowed";
    /** String, one of {@link EligibilityReasons}. */
    public static final String ELIGIBILITY_REASON = "eligibilityReason";

    // keyRole and kind (local inputs of the key, certificate and push tasks): CaseVariables

    // written by the rollback event sub-process
    /** String: the BPMN error code that started the rollback. */
    public static final String FAILURE_CODE = "failureCode";
    /** String: the message of that BPMN error. */
    public static final String FAILURE_MESSAGE = "failureMessage";

    private Variables() {}
  }

  /** Values of {@link Variables#ELIGIBILITY_REASON} produced by the device eligibility decision. */
  public static final class EligibilityReasons {
    public static final String ELIGIBLE = "ELIGIBLE";
    /** Eligible, but biometrics may not replace the user-auth PIN on this model. */
    public static final String BIOMETRICS_RESTRICTED = "BIOMETRICS_RESTRICTED";
    public static final String SE_NOT_SUPPORTED = "SE_NOT_SUPPORTED";
    public static final String OS_TOO_OLD = "OS_TOO_OLD";
    public static final String MODEL_RESTRICTED = "MODEL_RESTRICTED";
    /** The device facts were incomplete (no OS version), so eligibility could not be shown. */
    public static final String DEVICE_DATA_INCOMPLETE = "DEVICE_DATA_INCOMPLETE";

    private EligibilityReasons() {}
  }

  /** Element ids of the model (Camunda naming guide). */
  public static final class Elements {
    public static final String START_EVENT_APPLICATION_RECEIVED = "StartEvent_ApplicationReceived";

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

    public static final String TASK_RESERVE_CREDENTIAL_SLOT = "Task_ReserveCredentialSlot";
    public static final String BOUNDARY_EVENT_ALREADY_ISSUED = "BoundaryEvent_AlreadyIssued";
    public static final String END_EVENT_ALREADY_ISSUED = "EndEvent_AlreadyIssued";
    public static final String BOUNDARY_EVENT_COMPENSATE_SLOT_RESERVATION = "BoundaryEvent_CompensateSlotReservation";
    public static final String TASK_RELEASE_CREDENTIAL_SLOT = "Task_ReleaseCredentialSlot";

    public static final String TASK_INSTALL_APPLET = "Task_InstallApplet";
    public static final String BOUNDARY_EVENT_COMPENSATE_APPLET_INSTALLATION = "BoundaryEvent_CompensateAppletInstallation";
    public static final String TASK_DELETE_APPLET = "Task_DeleteApplet";

    /** Embedded sub-process around the parallel personalization, bounded by {@link #TIMER_PERSONALIZATION_DEADLINE}. */
    public static final String SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET = "SubProcess_PersonalizeCredentialSet";
    public static final String START_EVENT_APPLET_INSTALLED = "StartEvent_AppletInstalled";
    public static final String GATEWAY_PERSONALIZATION_STARTED = "Gateway_PersonalizationStarted";

    public static final String TASK_AWAIT_HOLDER_SECRETS = "Task_AwaitHolderSecrets";
    public static final String TIMER_HOLDER_INPUT_EXPIRED = "Timer_HolderInputExpired";
    public static final String END_EVENT_HOLDER_SECRETS_NOT_SET = "EndEvent_HolderSecretsNotSet";

    public static final String TASK_GENERATE_SIGNING_KEY_PAIR = "Task_GenerateSigningKeyPair";
    public static final String TASK_ISSUE_SIGNING_CERTIFICATE = "Task_IssueSigningCertificate";
    public static final String TASK_STORE_SIGNING_CERTIFICATE = "Task_StoreSigningCertificate";

    public static final String TASK_GENERATE_USER_AUTH_KEY_PAIR = "Task_GenerateUserAuthKeyPair";
    public static final String TASK_ISSUE_USER_AUTH_CERTIFICATE = "Task_IssueUserAuthCertificate";
    public static final String TASK_STORE_USER_AUTH_CERTIFICATE = "Task_StoreUserAuthCertificate";

    public static final String GATEWAY_PERSONALIZATION_COMPLETED = "Gateway_PersonalizationCompleted";
    public static final String END_EVENT_CREDENTIAL_SET_PERSONALIZED = "EndEvent_CredentialSetPersonalized";
    /**
     * Non-interrupting timer on {@link #SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET}, every {@link Variables#PERSONALIZATION_TIMEOUT}:
     * {@link #TASK_CHECK_PERSONALIZATION_DEADLINE} decides whether the personalization has had its time.
     */
    public static final String TIMER_PERSONALIZATION_DEADLINE = "Timer_PersonalizationDeadline";
    public static final String TASK_CHECK_PERSONALIZATION_DEADLINE = "Task_CheckPersonalizationDeadline";
    public static final String GATEWAY_PERSONALIZATION_HAD_ITS_TIME = "Gateway_PersonalizationHadItsTime";
    public static final String END_EVENT_PERSONALIZATION_GOES_ON = "EndEvent_PersonalizationGoesOn";
    /** Escalates {@link Escalations#HOLDER_INPUT_EXPIRED}: the abandonment event sub-process stops everything. */
    public static final String END_EVENT_PERSONALIZATION_EXPIRED = "EndEvent_PersonalizationExpired";

    /**
     * Compensation of a completed {@link #SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET} as a whole (never task by task inside
     * it: see the model's documentation): {@link #SUB_PROCESS_REVOKE_ISSUED_CERTIFICATES} revokes both certificates.
     */
    public static final String BOUNDARY_EVENT_COMPENSATE_PERSONALIZATION = "BoundaryEvent_CompensatePersonalization";
    public static final String SUB_PROCESS_REVOKE_ISSUED_CERTIFICATES = "SubProcess_RevokeIssuedCertificates";
    public static final String START_EVENT_CERTIFICATES_TO_BE_REVOKED = "StartEvent_CertificatesToBeRevoked";
    public static final String TASK_REVOKE_SIGNING_CERTIFICATE = "Task_RevokeSigningCertificate";
    public static final String TASK_REVOKE_USER_AUTH_CERTIFICATE = "Task_RevokeUserAuthCertificate";
    public static final String END_EVENT_ISSUED_CERTIFICATES_REVOKED = "EndEvent_IssuedCertificatesRevoked";

    public static final String TASK_AWAIT_OPERATION_CHECK = "Task_AwaitOperationCheck";
    public static final String TIMER_OPERATION_CHECK_EXPIRED = "Timer_OperationCheckExpired";
    public static final String END_EVENT_OPERATION_CHECK_NOT_SUBMITTED = "EndEvent_OperationCheckNotSubmitted";
    public static final String TASK_VERIFY_OPERATION_CHECK = "Task_VerifyOperationCheck";

    public static final String TASK_ACTIVATE_CREDENTIAL = "Task_ActivateCredential";
    public static final String TASK_NOTIFY_HOLDER = "Task_NotifyHolder";
    public static final String END_EVENT_CREDENTIAL_ACTIVE = "EndEvent_CredentialActive";

    /** Interrupting error event sub-process: any BPMN error not caught on a task's boundary rolls back. */
    public static final String SUB_PROCESS_ROLL_BACK_ISSUANCE = "SubProcess_RollBackIssuance";
    public static final String START_EVENT_ISSUANCE_FAILED = "StartEvent_IssuanceFailed";
    public static final String INTERMEDIATE_THROW_EVENT_COMPENSATE_ISSUANCE = "IntermediateThrowEvent_CompensateIssuance";
    public static final String TASK_NOTIFY_HOLDER_OF_ROLLBACK = "Task_NotifyHolderOfRollback";
    public static final String END_EVENT_ISSUANCE_ROLLED_BACK = "EndEvent_IssuanceRolledBack";

    /** Interrupting escalation event sub-process: the holder did not finish an input step in time. */
    public static final String SUB_PROCESS_ABANDON_APPLICATION = "SubProcess_AbandonApplication";
    public static final String START_EVENT_HOLDER_INPUT_EXPIRED = "StartEvent_HolderInputExpired";
    public static final String INTERMEDIATE_THROW_EVENT_COMPENSATE_ABANDONED_ISSUANCE = "IntermediateThrowEvent_CompensateAbandonedIssuance";
    public static final String TASK_NOTIFY_HOLDER_OF_ABANDONMENT = "Task_NotifyHolderOfAbandonment";
    public static final String END_EVENT_APPLICATION_ABANDONED = "EndEvent_ApplicationAbandoned";

    private Elements() {}
  }
}
