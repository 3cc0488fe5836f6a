package org.mjpki.processes.reissue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names of the {@code signing-reregistration} process (bpmn/signing-reregistration.bpmn), "Register the signing
 * certificate again" (R4 per kind, ADR 0022): after the card signing certificate was revoked and the sweep revoked the
 * phone signing certificate with it, the holder registers it again on the same phone, authorized by the new card signing
 * certificate, through the reusable {@code reissue-signing-certificate}.
 *
 * <p>Started by the app API only after the card-signed request was checked. Business key: the request id
 * ({@code srr-…}). Start variables: {@code credentialSetId}, {@code actor} (HOLDER), optionally {@code keyCheckTimeout}.
 */
public final class SigningReregistrationProcess {

  public static final String PROCESS_KEY = "signing-reregistration";
  public static final String BPMN_RESOURCE = "bpmn/signing-reregistration.bpmn";

  private SigningReregistrationProcess() {}

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_REREGISTRATION_AUTHORIZED = "StartEvent_ReregistrationAuthorized";
    public static final String CALL_ACTIVITY_REISSUE_SIGNING_CERTIFICATE = "CallActivity_ReissueSigningCertificate";
    public static final String BOUNDARY_EVENT_REISSUE_FAILED = "BoundaryEvent_ReissueFailed";
    public static final String BOUNDARY_EVENT_REISSUE_NOT_CONFIRMED = "BoundaryEvent_ReissueNotConfirmed";
    public static final String TASK_NOTIFY_HOLDER = "Task_NotifyHolder";
    public static final String END_EVENT_SIGNING_CERTIFICATE_REGISTERED = "EndEvent_SigningCertificateRegistered";
    public static final String END_EVENT_NOT_REREGISTERED = "EndEvent_NotReregistered";
    public static final String END_EVENT_NOT_CONFIRMED = "EndEvent_NotConfirmed";

    private Elements() {}
  }

  /** The called re-issue's errors this model catches; no worker of its own throws. */
  public static final class Errors {
    public static final List<String> ALL = List.of(ReissueSigningCertificateProcess.Errors.REISSUE_FAILED,
        ReissueSigningCertificateProcess.Errors.REISSUE_NOT_CONFIRMED);
    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of();

    private Errors() {}
  }
}
