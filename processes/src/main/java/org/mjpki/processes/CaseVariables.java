package org.mjpki.processes;

import java.util.List;

/**
 * Variable names that more than one model uses: small facts only, never a document, a key, a PIN, a password or a
 * holder's personal data. The business key of every instance is its case id (an application, a revocation request);
 * a called process gets its caller's business key, so side effects stay keyed by the case that caused them.
 */
public final class CaseVariables {

  /** String: the registry's id of the credential set a case acts on. */
  public static final String CREDENTIAL_SET_ID = "credentialSetId";
  /** Local input of the key pair and certificate tasks: a {@link org.mjpki.lifecycle.KeyRole} name. */
  public static final String KEY_ROLE = "keyRole";
  /** Local input of the notify-holder tasks, one of {@link NotificationKinds}. */
  public static final String NOTIFICATION_KIND = "kind";
  /** String: an RFC 5280 reason, a name of {@code org.mjpki.ca.RevocationReason}, e.g. CESSATION_OF_OPERATION. */
  public static final String REVOCATION_REASON = "revocationReason";
  /** String, one of {@link Actors}: who caused the case (written to every registry audit row it causes). */
  public static final String ACTOR = "actor";
  /** ISO-8601 duration: how long the remote delete of an applet waits for an offline phone before it is left there. */
  public static final String APPLET_DELETE_PERIOD = "appletDeletePeriod";
  /** The model's fallback when {@link #APPLET_DELETE_PERIOD} is not set (ADR 0015). */
  public static final String DEFAULT_APPLET_DELETE_PERIOD = "P30D";
  /**
   * ISO-8601 duration: while the remote delete waits for the phone's report, how often it asks the SEI-TSM again anyway
   * (a report can be lost); the model falls back to {@link #DEFAULT_APPLET_DELETE_RECHECK_INTERVAL}.
   */
  public static final String APPLET_DELETE_RECHECK_INTERVAL = "appletDeleteRecheckInterval";
  public static final String DEFAULT_APPLET_DELETE_RECHECK_INTERVAL = "PT1H";
  /** Boolean, local output of the delete-applet tasks: is the applet gone (false: pending on an offline phone). */
  public static final String APPLET_DELETED = "appletDeleted";

  /**
   * Local input of {@code ca.revoke-certificate}, one of {@link Certificates}: which certificate of the key to revoke
   * (absent: the key's current one).
   */
  public static final String CERTIFICATE = "certificate";

  private CaseVariables() {}

  /** Values of {@link #CERTIFICATE}. */
  public static final class Certificates {
    /** The key's certificate on record now. */
    public static final String CURRENT = "CURRENT";
    /** The certificate a completed re-issue replaced (the registry keeps its serial as lineage). */
    public static final String REPLACED = "REPLACED";
    /** The certificate issued for a replacement key that is being abandoned. */
    public static final String REPLACEMENT = "REPLACEMENT";

    public static final List<String> ALL = List.of(CURRENT, REPLACED, REPLACEMENT);

    private Certificates() {}
  }

  /**
   * Values of {@link #REVOCATION_REASON} that the models write themselves (names of {@code org.mjpki.ca.RevocationReason});
   * a process that ends a set passes its caller's reason through as {@code ${revocationReason}}.
   */
  public static final class RevocationReasons {
    /** A rolled-back issuance: the set never came into use. */
    public static final String CESSATION_OF_OPERATION = "CESSATION_OF_OPERATION";
    /** A lost phone reported stolen (R10, ADR 0019): what it may have signed cannot be trusted. */
    public static final String KEY_COMPROMISE = "KEY_COMPROMISE";
    /** A found phone's signing certificate that was re-issued (ADR 0019). */
    public static final String SUPERSEDED = "SUPERSEDED";

    public static final List<String> ALL = List.of(CESSATION_OF_OPERATION, KEY_COMPROMISE, SUPERSEDED);

    private RevocationReasons() {}
  }

  /** Values of {@link #ACTOR}: the names of {@code org.mjpki.lifecycle.Actor}. */
  public static final class Actors {
    public static final String HOLDER = "HOLDER";
    public static final String CALL_CENTER = "CALL_CENTER";
    public static final String SWEEP = "SWEEP";
    public static final String SCHEDULER = "SCHEDULER";
    public static final String OPERATOR = "OPERATOR";

    public static final List<String> ALL = List.of(HOLDER, CALL_CENTER, SWEEP, SCHEDULER, OPERATOR);

    private Actors() {}
  }
}
