package org.mjpki.processes.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.CaseVariables.Actors;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.NotificationKinds;
import org.mjpki.processes.Topics;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess.Messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.revocation.RevokeCredentialSetProcess.Elements.*;

/**
 * Path-by-path tests of the reusable revoke-credential-set process, started directly as its callers' call activity
 * would start it (business key = the caller's case id, the caller's variables). The test plays the workers and the
 * app; timers are driven by moving Camunda's clock. All paths together cover every flow node and sequence flow.
 */
@Deployment(resources = RevokeCredentialSetProcess.BPMN_RESOURCE)
class RevokeCredentialSetProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .assertClassCoverageAtLeast(1.0)
      .build();

  /** An RFC 5280 reason other than the issuance rollback's, so the test sees it is the caller's that travels. */
  private static final String REASON = "KEY_COMPROMISE";
  private static int cases = 0;

  private ProcessEngine engine;
  private RuntimeService runtime;
  private HistoryService history;

  private String caseId;
  private String credentialSetId;
  private ProcessInstance instance;
  private ExternalTaskDriver workers;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    this.history = engine.getHistoryService();
    BpmnAwareTests.init(engine);
    caseId = "rev-" + (++cases);
    credentialSetId = "set-" + cases;
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------ phone online

  @Test
  @DisplayName("phone online: both certificates revoked with the caller's reason, set recorded revoked, holder told, applet deleted at once")
  void phoneOnlineAppletDeletedAtOnce() {
    start("P7D");

    // both certificates at once, each with its own key role and the caller's reason
    assertThat(instance).isWaitingAt(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE);
    assertThat(workers.openTasks()).containsOnlyKeys(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE);
    revoke(TASK_REVOKE_SIGNING_CERTIFICATE, KeyRole.SIGNING);
    // the registry is not told before the CA revoked both
    assertThat(workers.openTasks()).containsOnlyKeys(TASK_REVOKE_USER_AUTH_CERTIFICATE);
    revoke(TASK_REVOKE_USER_AUTH_CERTIFICATE, KeyRole.USER_AUTH);
    assertThat(runtime.getVariables(instance.getId())).doesNotContainKeys(CaseVariables.KEY_ROLE);
    assertThat(instance).isWaitingAt(GATEWAY_BOTH_CERTIFICATES_REVOKED); // asynchronous join
    workers.executeDueJobs();

    recordRevokedAndNotify();
    assertThat(instance).isWaitingAt(TASK_DELETE_APPLET);
    assertTimerDueIn(Duration.ofDays(7));

    deleteApplet(TASK_DELETE_APPLET, true);

    assertThat(instance).isEnded().hasPassed(GATEWAY_APPLET_GONE, GATEWAY_APPLET_DELETED, END_EVENT_APPLET_DELETED,
            END_EVENT_CREDENTIAL_SET_REVOKED)
        .hasNotPassed(TASK_ASK_PHONE_TO_DELETE_APPLET, TASK_AWAIT_APPLET_DELETE_REPORT, TASK_RECORD_APPLET_LEFT_ON_PHONE);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).count()).isZero();
    // the local output reached the process only through the explicit output mapping
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .variableName(CaseVariables.APPLET_DELETED).list())
        .anySatisfy(v -> {
          assertThat(v.getActivityInstanceId()).isEqualTo(instance.getId());
          assertThat(v.getValue()).isEqualTo(true);
        });
  }

  // ------------------------------------------------------------------ phone offline

  @Test
  @DisplayName("phone offline: asked to delete; a report the SEI-TSM does not confirm waits again; the next report is confirmed")
  void phoneOfflineDeletedAfterReports() {
    start("P30D");
    revokeBothRecordAndNotify();

    deleteApplet(TASK_DELETE_APPLET, false);
    askPhoneToDelete();
    assertThat(instance).isWaitingAt(TASK_AWAIT_APPLET_DELETE_REPORT);

    // the first report comes too early: the SEI-TSM still has the delete pending
    reportAppletDeleted();
    deleteApplet(TASK_CONFIRM_APPLET_DELETION, false);
    assertThat(instance).isWaitingAt(TASK_AWAIT_APPLET_DELETE_REPORT).hasPassed(GATEWAY_APPLET_GONE_AFTER_REPORT);

    reportAppletDeleted();
    deleteApplet(TASK_CONFIRM_APPLET_DELETION, true);

    assertThat(instance).isEnded().hasPassed(GATEWAY_APPLET_DELETED, END_EVENT_APPLET_DELETED, END_EVENT_CREDENTIAL_SET_REVOKED)
        .hasNotPassed(TASK_RECORD_APPLET_LEFT_ON_PHONE, END_EVENT_APPLET_LEFT_ON_PHONE);
    assertThat(count(TASK_CONFIRM_APPLET_DELETION)).isEqualTo(2);
    assertThat(count(TASK_AWAIT_APPLET_DELETE_REPORT)).isEqualTo(2);
    assertThat(count(GATEWAY_DELETE_PENDING)).isEqualTo(2);
  }

  @Test
  @DisplayName("a delete report is correlated by credentialSetId: it moves only the instance of that set")
  void reportReachesOnlyItsSet() {
    start("P30D");
    ProcessInstance first = instance;
    ExternalTaskDriver firstWorkers = workers;
    revokeBothRecordAndNotify();
    deleteApplet(TASK_DELETE_APPLET, false);
    askPhoneToDelete();

    setUp(engine);
    start("P30D");
    revokeBothRecordAndNotify();
    deleteApplet(TASK_DELETE_APPLET, false);
    askPhoneToDelete();

    reportAppletDeleted(); // for the second set
    assertThat(instance).isWaitingAt(TASK_CONFIRM_APPLET_DELETION);
    assertThat(first).isWaitingAt(TASK_AWAIT_APPLET_DELETE_REPORT);
    assertThat(firstWorkers.openTasks()).isEmpty();
  }

  // ------------------------------------------------------------------ applet delete period over

  @Test
  @DisplayName("phone never comes back: after the period (P30D when the caller passes none) the applet is recorded as left on the phone")
  void periodOverAppletLeftOnPhone() {
    Map<String, Object> variables = caseVariables();
    variables.put(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, "P60D"); // this path without the re-checks
    startWith(variables);
    revokeBothRecordAndNotify();
    deleteApplet(TASK_DELETE_APPLET, false);
    askPhoneToDelete();
    assertTimerDueIn(Duration.parse(CaseVariables.DEFAULT_APPLET_DELETE_PERIOD));

    moveClock(Duration.ofDays(29));
    workers.executeDueJobs();
    assertThat(instance).isWaitingAt(TASK_AWAIT_APPLET_DELETE_REPORT);

    moveClock(Duration.ofDays(30).plusMinutes(1));
    workers.executeDueJobs();

    assertThat(instance).hasPassed(TIMER_APPLET_DELETE_PERIOD_OVER).isWaitingAt(TASK_RECORD_APPLET_LEFT_ON_PHONE);
    assertThat(workers.openTasks()).containsOnlyKeys(TASK_RECORD_APPLET_LEFT_ON_PHONE);
    workers.complete(TASK_RECORD_APPLET_LEFT_ON_PHONE, Topics.RECORD_APPLET_LEFT_ON_PHONE);

    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLET_LEFT_ON_PHONE)
        .hasNotPassed(END_EVENT_APPLET_DELETED, END_EVENT_CREDENTIAL_SET_REVOKED);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId(TASK_AWAIT_APPLET_DELETE_REPORT).canceled().count()).isEqualTo(1);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId(SUB_PROCESS_DELETE_APPLET_REMOTELY).canceled().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a lost report: the re-check asks the SEI-TSM again each interval (PT1H by default) and finds the applet gone")
  void recheckFindsTheAppletGoneWithoutAReport() {
    start("P30D");
    revokeBothRecordAndNotify();
    deleteApplet(TASK_DELETE_APPLET, false);
    askPhoneToDelete();
    Instant due = workers.timer(TIMER_APPLET_DELETE_RECHECK_DUE).getDuedate().toInstant();
    assertThat(due).isBetween(Instant.now().plus(Duration.parse(CaseVariables.DEFAULT_APPLET_DELETE_RECHECK_INTERVAL)).minusSeconds(60),
        Instant.now().plus(Duration.parse(CaseVariables.DEFAULT_APPLET_DELETE_RECHECK_INTERVAL)).plusSeconds(5));

    // the phone is still away at the first check: wait again
    moveClock(Duration.ofMinutes(61));
    workers.executeDueJobs();
    assertThat(instance).hasPassed(TIMER_APPLET_DELETE_RECHECK_DUE, GATEWAY_APPLET_DELETE_CHECK_DUE)
        .isWaitingAt(TASK_CONFIRM_APPLET_DELETION);
    deleteApplet(TASK_CONFIRM_APPLET_DELETION, false);
    assertThat(instance).isWaitingAt(TASK_AWAIT_APPLET_DELETE_REPORT);

    // it came back meanwhile and its notice was lost: the next check finds the applet gone
    moveClock(Duration.ofMinutes(125));
    workers.executeDueJobs();
    deleteApplet(TASK_CONFIRM_APPLET_DELETION, true);
    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLET_DELETED, END_EVENT_CREDENTIAL_SET_REVOKED)
        .hasNotPassed(TASK_RECORD_APPLET_LEFT_ON_PHONE);
    assertThat(count(TIMER_APPLET_DELETE_RECHECK_DUE)).isEqualTo(2);
  }

  @Test
  @DisplayName("a caller that has no period passes null (call activity in-mapping): the model falls back to P30D too")
  void nullPeriodFallsBackToDefault() {
    Map<String, Object> variables = caseVariables();
    variables.put(CaseVariables.APPLET_DELETE_PERIOD, null);
    startWith(variables);
    revokeBothRecordAndNotify();
    assertTimerDueIn(Duration.parse(CaseVariables.DEFAULT_APPLET_DELETE_PERIOD));
  }

  @Test
  @DisplayName("the period also ends a confirmation still at the SEI-TSM: the instance does not wait for it")
  void periodOverWhileConfirming() {
    start("PT1H");
    revokeBothRecordAndNotify();
    deleteApplet(TASK_DELETE_APPLET, false);
    askPhoneToDelete();
    reportAppletDeleted();
    assertThat(instance).isWaitingAt(TASK_CONFIRM_APPLET_DELETION);

    moveClock(Duration.ofHours(1).plusSeconds(1));
    workers.executeDueJobs();

    assertThat(workers.openTasks()).containsOnlyKeys(TASK_RECORD_APPLET_LEFT_ON_PHONE);
    workers.complete(TASK_RECORD_APPLET_LEFT_ON_PHONE, Topics.RECORD_APPLET_LEFT_ON_PHONE);
    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLET_LEFT_ON_PHONE);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId(TASK_CONFIRM_APPLET_DELETION).canceled().count()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ helpers

  private Map<String, Object> caseVariables() {
    Map<String, Object> variables = new HashMap<>();
    variables.put(CaseVariables.CREDENTIAL_SET_ID, credentialSetId);
    variables.put(CaseVariables.REVOCATION_REASON, REASON);
    variables.put(CaseVariables.ACTOR, Actors.HOLDER);
    return variables;
  }

  private void start(String appletDeletePeriod) {
    Map<String, Object> variables = caseVariables();
    variables.put(CaseVariables.APPLET_DELETE_PERIOD, appletDeletePeriod);
    startWith(variables);
  }

  private void startWithoutPeriod() {
    startWith(caseVariables());
  }

  private void startWith(Map<String, Object> variables) {
    instance = runtime.startProcessInstanceByKey(RevokeCredentialSetProcess.PROCESS_KEY, caseId, variables);
    workers = new ExternalTaskDriver(engine, instance.getId());
    assertThat(instance).isStarted().hasPassed(START_EVENT_REVOCATION_REQUESTED, GATEWAY_REVOKE_BOTH_CERTIFICATES);
  }

  private void revoke(String task, KeyRole role) {
    LockedExternalTask locked = workers.complete(task, Topics.REVOKE_CERTIFICATE);
    assertThat(locked.getBusinessKey()).isEqualTo(caseId);
    assertThat(locked.getVariables())
        .containsEntry(CaseVariables.KEY_ROLE, role.name())
        .containsEntry(CaseVariables.REVOCATION_REASON, REASON)
        .containsEntry(CaseVariables.CREDENTIAL_SET_ID, credentialSetId);
  }

  private void recordRevokedAndNotify() {
    assertThat(workers.openTasks()).containsOnlyKeys(TASK_RECORD_CREDENTIAL_SET_REVOKED);
    assertThat(workers.complete(TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET).getVariables())
        .containsEntry(CaseVariables.REVOCATION_REASON, REASON)
        .containsEntry(CaseVariables.ACTOR, Actors.HOLDER)
        .containsEntry(CaseVariables.CREDENTIAL_SET_ID, credentialSetId);
    assertThat(workers.complete(TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, NotificationKinds.CREDENTIAL_SET_REVOKED);
    assertThat(instance).hasPassed(START_EVENT_REMOTE_DELETE_STARTED);
  }

  private void revokeBothRecordAndNotify() {
    revoke(TASK_REVOKE_USER_AUTH_CERTIFICATE, KeyRole.USER_AUTH);
    revoke(TASK_REVOKE_SIGNING_CERTIFICATE, KeyRole.SIGNING);
    workers.executeDueJobs();
    recordRevokedAndNotify();
  }

  /** The delete-applet worker reports its result as a local output, which only the output mapping carries out. */
  private void deleteApplet(String task, boolean gone) {
    workers.completeLocal(task, Topics.DELETE_APPLET, Map.of(CaseVariables.APPLET_DELETED, gone));
    if (!gone) {
      assertThat(runtime.getVariable(instance.getId(), CaseVariables.APPLET_DELETED)).isEqualTo(false);
    }
  }

  private void askPhoneToDelete() {
    assertThat(instance).hasPassed(GATEWAY_APPLET_GONE);
    assertThat(workers.complete(TASK_ASK_PHONE_TO_DELETE_APPLET, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, NotificationKinds.DELETE_APPLET);
  }

  /** The app's delete-complete notice, as the app API correlates it: by the set, not by the case. */
  private void reportAppletDeleted() {
    runtime.createMessageCorrelation(Messages.APPLET_DELETE_REPORTED)
        .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, credentialSetId)
        .correlate();
  }

  private long count(String activityId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).activityId(activityId).count();
  }

  private void moveClock(Duration fromNow) {
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(fromNow)));
  }

  private void assertTimerDueIn(Duration expected) {
    Instant due = workers.timer(TIMER_APPLET_DELETE_PERIOD_OVER).getDuedate().toInstant();
    Instant now = Instant.now();
    assertThat(due).isBetween(now.plus(expected).minusSeconds(60), now.plus(expected).plusSeconds(5));
  }
}
