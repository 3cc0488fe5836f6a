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

  private CaseVariables() {}

  /**
   * Values of {@link #REVOCATION_REASON} that the models write themselves (names of {@code org.mjpki.ca.RevocationReason});
   * a process that ends a set passes its caller's reason through as {@code ${revocationReason}}.
   */
  public static final class RevocationReasons {
    /** A rolled-back issuance: the set never came into use. */
    public static final String CESSATION_OF_OPERATION = "CESSATION_OF_OPERATION";

    public static final List<String> ALL = List.of(CESSATION_OF_OPERATION);

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
