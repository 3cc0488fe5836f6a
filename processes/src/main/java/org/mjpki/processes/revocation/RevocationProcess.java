package org.mjpki.processes.revocation;

/**
 * Names of the {@code revocation} process (bpmn/revocation.bpmn): the holder revokes their set with the phone alone
 * (R9). The app API has already checked the phone-signed request (signature by the set's signing key, freshness,
 * replay) before it starts an instance, so the model is the call of "Revoke credential set" with the holder's reason.
 *
 * <p>Business key: the revocation request id. Start variables: {@code credentialSetId}, {@code revocationReason},
 * {@code actor} (HOLDER), {@code appletDeletePeriod}.
 */
public final class RevocationProcess {

  public static final String PROCESS_KEY = "revocation";
  public static final String BPMN_RESOURCE = "bpmn/revocation.bpmn";

  private RevocationProcess() {}

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_REVOCATION_REQUESTED = "StartEvent_RevocationRequested";
    public static final String CALL_ACTIVITY_REVOKE_CREDENTIAL_SET = "CallActivity_RevokeCredentialSet";
    public static final String END_EVENT_CREDENTIAL_SET_REVOKED = "EndEvent_CredentialSetRevoked";

    private Elements() {}
  }
}
