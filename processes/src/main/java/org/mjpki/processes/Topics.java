package org.mjpki.processes;

import java.util.List;

/**
 * The one catalogue of external task topics, {@code <system>.<verb>-<object>}, shared by every model: a topic is a
 * step a worker can do, whichever process asks for it. One worker per topic; a worker keys its side effect by the
 * case (the process instance's business key) and the step, never by the process that first needed it.
 *
 * <p>The model-validation test checks that every service task uses a topic of this catalogue, and that every topic
 * here is used by some model.
 */
public final class Topics {

  /** Check the card-signed application and the card signing certificate's status (R1). */
  public static final String VERIFY_APPLICATION = "jpki.verify-application";
  /** Check the phone's device integrity attestation (R15). */
  public static final String VERIFY_DEVICE_ATTESTATION = "device.verify-attestation";
  /** Reserve the holder's single credential slot in the registry (R2). */
  public static final String RESERVE_SLOT = "registry.reserve-slot";
  /** Compensation of {@link #RESERVE_SLOT}: free the slot again. */
  public static final String RELEASE_SLOT = "registry.release-slot";
  /** Ask the SEI-TSM to install the JPKI applet on the SE. */
  public static final String INSTALL_APPLET = "tsm.install-applet";
  /**
   * Ask the SEI-TSM to delete the JPKI applet of the case's credential set; output {@link CaseVariables#APPLET_DELETED}
   * (false while the phone is offline and the delete is pending). Asking again after the phone is back confirms it.
   */
  public static final String DELETE_APPLET = "tsm.delete-applet";
  /** Generate one key pair on the applet; input {@link CaseVariables#KEY_ROLE}. */
  public static final String GENERATE_KEY_PAIR = "se.generate-key-pair";
  /** Have the CA issue one certificate (notAfter = card's, R3); input {@link CaseVariables#KEY_ROLE}. */
  public static final String ISSUE_CERTIFICATE = "ca.issue-certificate";
  /**
   * Have the CA revoke one certificate of the case's credential set; inputs {@link CaseVariables#KEY_ROLE} and
   * {@link CaseVariables#REVOCATION_REASON} (cessationOfOperation when absent; the issuance's compensation passes it
   * explicitly). Exactly once per case, step and certificate.
   */
  public static final String REVOKE_CERTIFICATE = "ca.revoke-certificate";
  /**
   * Whether an issuance's personalization has had its time: output {@code personalizationExpired}, true unless the
   * issuance waited for the JPKI system within the last period (issue 16); input {@code personalizationTimeout}.
   */
  public static final String CHECK_PERSONALIZATION_DEADLINE = "registry.check-personalization-deadline";
  /** Store one issued certificate in the applet; input {@link CaseVariables#KEY_ROLE}. */
  public static final String STORE_CERTIFICATE = "se.store-certificate";
  /** Verify the holder's signatures over the server challenge, one per key. */
  public static final String VERIFY_OPERATION_CHECK = "jpki.verify-operation-check";
  /** Mark the credential set ACTIVE in the registry. */
  public static final String ACTIVATE_CREDENTIAL = "registry.activate-credential";
  /** Push a notification to the phone of the case's credential set; input {@link CaseVariables#NOTIFICATION_KIND}. */
  public static final String NOTIFY_HOLDER = "push.notify-holder";
  /**
   * Move the credential set to REVOKED in the registry and free the holder's slot; inputs
   * {@link CaseVariables#REVOCATION_REASON} and {@link CaseVariables#ACTOR}, written to the audit row.
   */
  public static final String REVOKE_CREDENTIAL_SET = "registry.revoke-credential-set";
  /**
   * Find the live set of the holder whose card signed the case's application and take it for the case (device change):
   * outputs {@code replacedSetId} (null: none) and {@code replacedOnSamePhone}.
   */
  public static final String TAKE_SET_TO_REPLACE = "registry.take-set-to-replace";
  /** Record that the applet's remote delete did not complete within the period: its keys stay, unreadable, on the phone. */
  public static final String RECORD_APPLET_LEFT_ON_PHONE = "registry.record-applet-left-on-phone";

  /**
   * Take the case's credential set to revoke it ({@code credentialSetId}), so that of two cases ending one set only one
   * goes on; errors {@code SET_ALREADY_BEING_REVOKED}, {@code SET_NO_LONGER_LIVE}.
   */
  public static final String TAKE_SET_TO_REVOKE = "registry.take-set-to-revoke";
  /** Put the case's ACTIVE set ON_HOLD in the registry (R10); error {@code SET_NOT_HOLDABLE} with the reason. */
  public static final String PLACE_SET_ON_HOLD = "registry.place-set-on-hold";
  /** Make the case's ON_HOLD set ACTIVE again; error {@code SET_NOT_RELEASABLE} when it was taken for revocation. */
  public static final String RELEASE_SET_HOLD = "registry.release-set-hold";
  /** Put one certificate of the case's set on hold at the CA (certificateHold); input {@link CaseVariables#KEY_ROLE}. */
  public static final String HOLD_CERTIFICATE = "ca.hold-certificate";
  /** Lift the hold of one certificate at the CA (removeFromCRL); input {@link CaseVariables#KEY_ROLE}. */
  public static final String RELEASE_CERTIFICATE_HOLD = "ca.release-certificate-hold";
  /** Have the applet make a replacement key pair beside the live one (re-issue); input {@link CaseVariables#KEY_ROLE}. */
  public static final String GENERATE_REPLACEMENT_KEY_PAIR = "se.generate-replacement-key-pair";
  /** Have the CA certify the replacement key (same card-aligned notAfter); input {@link CaseVariables#KEY_ROLE}. */
  public static final String ISSUE_REPLACEMENT_CERTIFICATE = "ca.issue-replacement-certificate";
  /** Store the replacement's certificate in the applet, which swaps key and certificate in one transaction. */
  public static final String STORE_REPLACEMENT_CERTIFICATE = "se.store-replacement-certificate";
  /** The replacement takes the key's place in the registry; the replaced serial is kept as lineage. */
  public static final String COMPLETE_KEY_REPLACEMENT = "registry.complete-key-replacement";
  /** Drop a replacement that will not be completed (its re-issue failed before the applet took it). */
  public static final String ABANDON_KEY_REPLACEMENT = "registry.abandon-key-replacement";
  /**
   * Verify the holder's signature over the case's key-check challenge with the (re-issued) key: proves the applet's key
   * is the one certified; inputs {@link CaseVariables#KEY_ROLE}, {@code keyCheckSignature}, {@code keyCheckIdentification}.
   */
  public static final String VERIFY_KEY_CHECK = "jpki.verify-key-check";
  /**
   * Release the lock of (reset) the holder's signing password or user-auth PIN on the applet with the new secret the app
   * encrypted for it (RESET RETRY COUNTER over SCP03); inputs {@code secret}, {@code encryptedNewSecret}; output
   * {@code mayOfferBiometrics}; errors {@code NEW_SECRET_REFUSED}, {@code SET_NOT_ACTIVE}. Applied at most once.
   */
  public static final String RELEASE_SECRET_LOCK = "se.release-secret-lock";

  /** R4: the card-status feed records, set-wise, the live phone certificates whose card certificate is newly revoked. */
  public static final String DETECT_REVOKED_LINKS = "sweep.detect-revoked-links";
  /** R4: how many findings are past the grace period, and whether revoking them trips the safety valve. */
  public static final String ASSESS_DUE_REVOCATIONS = "sweep.assess-due-revocations";
  /** R4: the safety valve: an incident until an operator sets sweepDecision; error {@code SWEEP_CANCELLED} on CANCEL. */
  public static final String CONFIRM_LARGE_SWEEP = "sweep.confirm-large-sweep";
  /** R4: revoke one keyset page of due findings through the CA and the registry, after the checkpoint. */
  public static final String REVOKE_DUE_BATCH = "sweep.revoke-due-batch";

  /** Every topic, in the order a reader meets them. */
  public static final List<String> ALL = List.of(
      VERIFY_APPLICATION,
      VERIFY_DEVICE_ATTESTATION,
      RESERVE_SLOT,
      RELEASE_SLOT,
      INSTALL_APPLET,
      DELETE_APPLET,
      GENERATE_KEY_PAIR,
      ISSUE_CERTIFICATE,
      REVOKE_CERTIFICATE,
      STORE_CERTIFICATE,
      CHECK_PERSONALIZATION_DEADLINE,
      VERIFY_OPERATION_CHECK,
      ACTIVATE_CREDENTIAL,
      NOTIFY_HOLDER,
      REVOKE_CREDENTIAL_SET,
      RECORD_APPLET_LEFT_ON_PHONE,
      TAKE_SET_TO_REPLACE,
      TAKE_SET_TO_REVOKE,
      PLACE_SET_ON_HOLD,
      HOLD_CERTIFICATE,
      RELEASE_CERTIFICATE_HOLD,
      RELEASE_SET_HOLD,
      GENERATE_REPLACEMENT_KEY_PAIR,
      ISSUE_REPLACEMENT_CERTIFICATE,
      STORE_REPLACEMENT_CERTIFICATE,
      COMPLETE_KEY_REPLACEMENT,
      ABANDON_KEY_REPLACEMENT,
      VERIFY_KEY_CHECK,
      RELEASE_SECRET_LOCK,
      DETECT_REVOKED_LINKS,
      ASSESS_DUE_REVOCATIONS,
      CONFIRM_LARGE_SWEEP,
      REVOKE_DUE_BATCH);

  private Topics() {}
}
