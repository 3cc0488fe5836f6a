package org.mjpki.processes.linked;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.processes.Topics;

/**
 * Names of the {@code linked-revocation-sweep} process (bpmn/linked-revocation-sweep.bpmn), "Revoke phone certificates
 * whose card certificate is revoked" (R4, ADR 0022). One instance is one sweep over every link, set-wise: never one
 * instance per credential. Started by its timer (cycle {@code mjpki.linked-revocation.cycle}, through the engine bean
 * {@link #SCHEDULE_BEAN}) or by an operator's request (message {@link Messages#SWEEP_REQUESTED}: a dry run, or a sweep
 * now). Business key {@code sweep-<instance id>}.
 */
public final class LinkedRevocationSweepProcess {

  public static final String PROCESS_KEY = "linked-revocation-sweep";
  public static final String BPMN_RESOURCE = "bpmn/linked-revocation-sweep.bpmn";
  /** The engine bean whose {@code cycle} the timer start event reads at deployment (a Quartz-style cron or ISO cycle). */
  public static final String SCHEDULE_BEAN = "linkedRevocationSchedule";
  private LinkedRevocationSweepProcess() {}

  /** Message names. */
  public static final class Messages {
    /** An operator asks for a sweep now (variable {@link Variables#DRY_RUN}); it starts an instance. */
    public static final String SWEEP_REQUESTED = "LinkedRevocationSweepRequested";

    public static final List<String> ALL = List.of(SWEEP_REQUESTED);

    private Messages() {}
  }

  /** Element ids of the model. */
  public static final class Elements {
    public static final String START_EVENT_SWEEP_DUE = "StartEvent_SweepDue";
    public static final String START_EVENT_SWEEP_REQUESTED = "StartEvent_SweepRequested";
    public static final String GATEWAY_SWEEP_STARTED = "Gateway_SweepStarted";
    public static final String TASK_DETECT_REVOKED_LINKS = "Task_DetectRevokedLinks";
    public static final String TASK_ASSESS_DUE_REVOCATIONS = "Task_AssessDueRevocations";
    public static final String GATEWAY_DRY_RUN = "Gateway_DryRun";
    public static final String END_EVENT_DRY_RUN_REPORTED = "EndEvent_DryRunReported";
    public static final String GATEWAY_ANYTHING_DUE = "Gateway_AnythingDue";
    public static final String END_EVENT_NOTHING_DUE = "EndEvent_NothingDue";
    public static final String GATEWAY_VALVE_TRIPPED = "Gateway_ValveTripped";
    public static final String TASK_CONFIRM_LARGE_SWEEP = "Task_ConfirmLargeSweep";
    public static final String BOUNDARY_EVENT_SWEEP_CANCELLED = "BoundaryEvent_SweepCancelled";
    public static final String END_EVENT_SWEEP_CANCELLED = "EndEvent_SweepCancelled";
    public static final String GATEWAY_REVOKE_NEXT_BATCH = "Gateway_RevokeNextBatch";
    public static final String TASK_REVOKE_DUE_BATCH = "Task_RevokeDueBatch";
    public static final String GATEWAY_MORE_DUE = "Gateway_MoreDue";
    public static final String END_EVENT_SWEEP_FINISHED = "EndEvent_SweepFinished";

    private Elements() {}
  }

  public static final class Errors {
    /** The operator set {@link Variables#SWEEP_DECISION} to CANCEL at the safety valve: nothing is revoked. */
    public static final String SWEEP_CANCELLED = "SWEEP_CANCELLED";

    public static final Map<String, Set<String>> THROWN_BY_TOPIC = Map.of(Topics.CONFIRM_LARGE_SWEEP, Set.of(SWEEP_CANCELLED));

    public static final List<String> ALL = List.of(SWEEP_CANCELLED);

    private Errors() {}
  }

  /** The sweep's variables: its counts are what Cockpit shows of it. */
  public static final class Variables {
    /** Boolean, from the request: report what would be revoked and change nothing. */
    public static final String DRY_RUN = "dryRun";
    /** Long: card-certificate links of live sets checked by the detection. */
    public static final String LINKS_CHECKED = "linksChecked";
    /** Long: phone certificates newly found following a revoked card certificate. */
    public static final String NEWLY_FOUND = "newlyFound";
    /** String, ISO-8601 instant: findings first found at or before it are past the grace period; fixed for the sweep. */
    public static final String DUE_BEFORE = "dueBefore";
    /** Long: phone certificates due for revocation, and the sets they belong to. */
    public static final String DUE_CERTIFICATES = "dueCertificates";
    public static final String DUE_SETS = "dueSets";
    /** Long: all live sets, the safety valve's denominator. */
    public static final String LIVE_SETS = "liveSets";
    /** Boolean: revoking would touch more than the allowed share of live sets. */
    public static final String VALVE_TRIPPED = "valveTripped";
    /** String, set by an operator in Cockpit at the safety valve: REVOKE (go on) or CANCEL (end, nothing revoked). */
    public static final String SWEEP_DECISION = "sweepDecision";
    /** String: the last finding handled; the next batch starts after it (the checkpoint). */
    public static final String CHECKPOINT = "checkpoint";
    /** Long: phone certificates this sweep revoked, sets it ended; and remote deletes not yet done. */
    public static final String REVOKED = "revoked";
    public static final String SETS_ENDED = "setsEnded";
    public static final String DELETES_PENDING = "deletesPending";
    /** Boolean: another batch may find more. */
    public static final String MORE_DUE = "moreDue";

    private Variables() {}
  }

  /** Values of {@link Variables#SWEEP_DECISION}. */
  public static final class Decisions {
    public static final String REVOKE = "REVOKE";
    public static final String CANCEL = "CANCEL";

    private Decisions() {}
  }
}
