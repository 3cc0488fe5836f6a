package org.mjpki.processes.linked;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.linked.LinkedRevocationSweepProcess.Elements.*;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.Topics;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Errors;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess.Variables;

/**
 * Path-by-path tests of the linked-revocation sweep: the test plays the workers (their use case is tested on PostgreSQL
 * in the linked-revocation module). Together the paths cover every flow node; the timer start runs on Camunda's clock.
 */
@Deployment(resources = LinkedRevocationSweepProcess.BPMN_RESOURCE)
class LinkedRevocationSweepProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .assertClassCoverageAtLeast(1.0)
      .build();

  /** What the server's bean of that name gives the timer: every day at 03:00. */
  public static final class Schedule {
    public String getCycle() {
      return "0 0 3 * * ?";
    }
  }

  private ProcessEngine engine;
  private ProcessInstance sweep;
  private ExternalTaskDriver workers;

  @BeforeAll
  static void theSchedule() {
    // the timer's cycle is read when the model is deployed, before any test method runs
    Mocks.register(LinkedRevocationSweepProcess.SCHEDULE_BEAN, new Schedule());
  }

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    BpmnAwareTests.init(engine);
    Mocks.register(LinkedRevocationSweepProcess.SCHEDULE_BEAN, new Schedule());
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** An operator's request, as the operator API sends it: the message start, with dryRun. */
  private void requested(boolean dryRun) {
    sweep = engine.getRuntimeService().createMessageCorrelation(LinkedRevocationSweepProcess.Messages.SWEEP_REQUESTED)
        .processInstanceBusinessKey("given-by-the-sender")
        .setVariable(Variables.DRY_RUN, dryRun)
        .correlateStartMessage();
    workers = new ExternalTaskDriver(engine, sweep.getId());
  }

  private void detectedAndAssessed(long due, boolean valveTripped) {
    assertThat(sweep).isWaitingAt(TASK_DETECT_REVOKED_LINKS);
    workers.complete(TASK_DETECT_REVOKED_LINKS, Topics.DETECT_REVOKED_LINKS,
        Map.of(Variables.LINKS_CHECKED, 1000L, Variables.NEWLY_FOUND, 3L));
    workers.complete(TASK_ASSESS_DUE_REVOCATIONS, Topics.ASSESS_DUE_REVOCATIONS, Map.of(
        Variables.DUE_BEFORE, "2026-11-26T03:00:00Z", Variables.DUE_CERTIFICATES, due, Variables.DUE_SETS, due,
        Variables.LIVE_SETS, 1000L, Variables.VALVE_TRIPPED, valveTripped));
  }

  private LockedExternalTask batch(String checkpointAfter, boolean moreDue) {
    Map<String, Object> out = new HashMap<>();
    out.put(Variables.CHECKPOINT, checkpointAfter);
    out.put(Variables.REVOKED, 2L);
    out.put(Variables.SETS_ENDED, 1L);
    out.put(Variables.DELETES_PENDING, 1L);
    out.put(Variables.MORE_DUE, moreDue);
    return workers.complete(TASK_REVOKE_DUE_BATCH, Topics.REVOKE_DUE_BATCH, out);
  }

  @Test
  @DisplayName("the timer starts a sweep at the configured time (Camunda's clock); nothing is due: it ends at once")
  void timerStartsASweepAndNothingIsDue() {
    Job timer = engine.getManagementService().createJobQuery().processDefinitionKey(LinkedRevocationSweepProcess.PROCESS_KEY)
        .timers().singleResult();
    assertThat(timer).as("the timer start event is scheduled at deployment").isNotNull();
    LocalDateTime due = LocalDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneId.systemDefault());
    assertThat(due.getHour()).as("the cycle of the schedule bean: 03:00").isEqualTo(3);
    assertThat(due.getMinute()).isZero();

    ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
    engine.getManagementService().executeJob(timer.getId());
    sweep = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(LinkedRevocationSweepProcess.PROCESS_KEY)
        .singleResult();
    workers = new ExternalTaskDriver(engine, sweep.getId());
    assertThat(sweep.getBusinessKey()).isEqualTo("sweep-" + sweep.getId());
    detectedAndAssessed(0, false);
    assertThat(sweep).isEnded().hasPassed(START_EVENT_SWEEP_DUE, GATEWAY_SWEEP_STARTED, GATEWAY_DRY_RUN,
        GATEWAY_ANYTHING_DUE, END_EVENT_NOTHING_DUE).hasNotPassed(TASK_REVOKE_DUE_BATCH);
    assertThat(engine.getManagementService().createJobQuery().processDefinitionKey(LinkedRevocationSweepProcess.PROCESS_KEY)
        .timers().count()).as("the next sweep is scheduled").isEqualTo(1);
  }

  @Test
  @DisplayName("a dry run requested by an operator reports the counts and revokes nothing")
  void dryRun() {
    requested(true);
    assertThat(sweep.getBusinessKey()).as("whatever the starter typed").isEqualTo("sweep-" + sweep.getId());
    detectedAndAssessed(7, true);
    assertThat(sweep).isEnded().hasPassed(START_EVENT_SWEEP_REQUESTED, END_EVENT_DRY_RUN_REPORTED)
        .hasNotPassed(TASK_CONFIRM_LARGE_SWEEP, TASK_REVOKE_DUE_BATCH);
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(sweep.getId())
        .variableName(Variables.DUE_CERTIFICATES).singleResult().getValue()).isEqualTo(7L);
  }

  @Test
  @DisplayName("due revocations under the valve: batch after batch from the checkpoint until none is left")
  void batchesUntilNothingMoreIsDue() {
    requested(false);
    detectedAndAssessed(900, false);
    LockedExternalTask first = batch("cs-500/SIGNING/ab", true);
    assertThat(first.getVariables()).containsEntry(Variables.DUE_BEFORE, "2026-11-26T03:00:00Z");
    assertThat(sweep).isWaitingAt(TASK_REVOKE_DUE_BATCH);
    LockedExternalTask second = workers.lock(TASK_REVOKE_DUE_BATCH, Topics.REVOKE_DUE_BATCH);
    assertThat(second.getVariables()).as("the next batch starts after the checkpoint")
        .containsEntry(Variables.CHECKPOINT, "cs-500/SIGNING/ab");
    engine.getExternalTaskService().complete(second.getId(), ExternalTaskDriver.WORKER_ID,
        Map.of(Variables.CHECKPOINT, "cs-900/USER_AUTH/cd", Variables.MORE_DUE, false, Variables.REVOKED, 4L));
    assertThat(sweep).isEnded().hasPassed(GATEWAY_VALVE_TRIPPED, GATEWAY_REVOKE_NEXT_BATCH, GATEWAY_MORE_DUE,
        END_EVENT_SWEEP_FINISHED).hasNotPassed(TASK_CONFIRM_LARGE_SWEEP);
  }

  @Test
  @DisplayName("the safety valve trips: the operator confirms, and the sweep revokes")
  void valveConfirmed() {
    requested(false);
    detectedAndAssessed(50, true);
    assertThat(sweep).isWaitingAt(TASK_CONFIRM_LARGE_SWEEP).hasNotPassed(TASK_REVOKE_DUE_BATCH);
    workers.complete(TASK_CONFIRM_LARGE_SWEEP, Topics.CONFIRM_LARGE_SWEEP);
    batch("cs-50/SIGNING/ef", false);
    assertThat(sweep).isEnded().hasPassed(TASK_CONFIRM_LARGE_SWEEP, END_EVENT_SWEEP_FINISHED);
  }

  @Test
  @DisplayName("the safety valve trips and the operator cancels: nothing is revoked")
  void valveCancelled() {
    requested(false);
    detectedAndAssessed(50, true);
    workers.throwBpmnError(TASK_CONFIRM_LARGE_SWEEP, Topics.CONFIRM_LARGE_SWEEP, Errors.SWEEP_CANCELLED);
    assertThat(sweep).isEnded().hasPassed(BOUNDARY_EVENT_SWEEP_CANCELLED, END_EVENT_SWEEP_CANCELLED)
        .hasNotPassed(TASK_REVOKE_DUE_BATCH);
  }
}
