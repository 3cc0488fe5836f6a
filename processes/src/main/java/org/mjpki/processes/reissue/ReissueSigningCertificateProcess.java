package org.mjpki.processes.reissue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess;

/**
 * Names of the reusable {@code reissue-signing-certificate} process (bpmn/reissue-signing-certificate.bpmn), called as
 * "Re-issue the signing certificate" wherever the signing key of a live set must be replaced on the phone: a found
 * phone's (R10) now, a signing certificate revoked with its card's (R4) later. Only the signing certificate is ever
 * re-issued (the user-auth certificate is held and released, or revoked, as it is). The applet makes a replacement key pair beside the
 * live one, the CA certifies it with the same card-aligned notAfter, the applet swaps key and certificate in one
 * transaction, the registry follows and keeps the lineage, the replaced certificate is revoked, and the holder's
 * signature with the new key over a challenge proves it works (ADR 0018, ADR 0019).
 *
 * <p>Inputs: the caller's business key, {@code credentialSetId}, {@code actor}, optionally {@code keyCheckTimeout}. The
 * replaced certificate is revoked with reason superseded (ADR 0019). A failure before the applet took the new
 * key leaves the set as it was and ends in error {@link Errors#REISSUE_FAILED}; a missing or wrong check signature in
 * {@link Errors#REISSUE_NOT_CONFIRMED}.
 */
public final class ReissueSigningCertificateProcess {

  public static final String PROCESS_KEY = "reissue-signing-certificate";
  public static final String BPMN_RESOURCE = "bpmn/reissue-signing-certificate.bpmn";

  private ReissueSigningCertificateProcess() {}

  /** Message names; correlated by the business key and {@code credentialSetId}. */
  public static final class Messages {
    /** The holder's signature with the new key over the key-check challenge (variables below). */
    public static final String KEY_CHECK_SIGNED = "KeyCheckSigned";

    public static final List<String> ALL = List.of(KEY_CHECK_SIGNED);

    private Messages() {}
  }

  public static final class Errors {
    /** The key check signature does not verify with the new certificate. */
    public static final String KEY_CHECK_FAILED = "KEY_CHECK_FAILED";
    /** Thrown to the caller: nothing was replaced, the set is as it was. */
    public static final String REISSUE_FAILED = "REISSUE_FAILED";
    /** Thrown to the caller: the key was replaced, but the holder's check signature is missing or wrong. */
    public static final String REISSUE_NOT_CONFIRMED = "REISSUE_NOT_CONFIRMED";

    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of(
        Topics.GENERATE_REPLACEMENT_KEY_PAIR, Set.of(IssuanceProcess.Errors.SE_REFUSED),
        Topics.ISSUE_REPLACEMENT_CERTIFICATE, Set.of(IssuanceProcess.Errors.CERTIFICATE_REFUSED),
        Topics.STORE_REPLACEMENT_CERTIFICATE, Set.of(IssuanceProcess.Errors.SE_REFUSED),
        Topics.VERIFY_KEY_CHECK, Set.of(KEY_CHECK_FAILED));

    public static final List<String> ALL = List.of(IssuanceProcess.Errors.SE_REFUSED,
        IssuanceProcess.Errors.CERTIFICATE_REFUSED, KEY_CHECK_FAILED, REISSUE_FAILED, REISSUE_NOT_CONFIRMED);

    private Errors() {}
  }

  public static final class Variables {
    /** String, base64: the holder's signature with the new key over the key-check challenge. */
    public static final String KEY_CHECK_SIGNATURE = "keyCheckSignature";
    /** String, base64: the signature identification info the applet signed with it (R13). */
    public static final String KEY_CHECK_IDENTIFICATION = "keyCheckIdentification";
    /** ISO-8601 duration: how long the holder has to sign the key check; the model falls back to PT15M. */
    public static final String KEY_CHECK_TIMEOUT = "keyCheckTimeout";

    private Variables() {}
  }

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_REISSUE_REQUESTED = "StartEvent_ReissueRequested";
    public static final String TASK_GENERATE_REPLACEMENT_KEY_PAIR = "Task_GenerateReplacementKeyPair";
    public static final String BOUNDARY_EVENT_KEY_PAIR_REFUSED = "BoundaryEvent_KeyPairRefused";
    public static final String TASK_ISSUE_REPLACEMENT_CERTIFICATE = "Task_IssueReplacementCertificate";
    public static final String BOUNDARY_EVENT_CERTIFICATE_REFUSED = "BoundaryEvent_CertificateRefused";
    public static final String TASK_STORE_REPLACEMENT_CERTIFICATE = "Task_StoreReplacementCertificate";
    public static final String BOUNDARY_EVENT_STORE_REFUSED = "BoundaryEvent_StoreRefused";
    public static final String TASK_COMPLETE_KEY_REPLACEMENT = "Task_CompleteKeyReplacement";
    public static final String TASK_REVOKE_REPLACED_CERTIFICATE = "Task_RevokeReplacedCertificate";
    public static final String TASK_AWAIT_KEY_CHECK = "Task_AwaitKeyCheck";
    public static final String TIMER_KEY_CHECK_OVERDUE = "Timer_KeyCheckOverdue";
    public static final String TASK_VERIFY_KEY_CHECK = "Task_VerifyKeyCheck";
    public static final String BOUNDARY_EVENT_KEY_CHECK_FAILED = "BoundaryEvent_KeyCheckFailed";
    public static final String GATEWAY_NOT_CONFIRMED = "Gateway_NotConfirmed";
    public static final String END_EVENT_REISSUE_NOT_CONFIRMED = "EndEvent_ReissueNotConfirmed";
    public static final String END_EVENT_CERTIFICATE_REISSUED = "EndEvent_CertificateReissued";

    public static final String GATEWAY_REISSUE_FAILED = "Gateway_ReissueFailed";
    public static final String TASK_REVOKE_REPLACEMENT_CERTIFICATE = "Task_RevokeReplacementCertificate";
    public static final String TASK_ABANDON_KEY_REPLACEMENT = "Task_AbandonKeyReplacement";
    public static final String END_EVENT_REISSUE_FAILED = "EndEvent_ReissueFailed";

    private Elements() {}
  }
}
