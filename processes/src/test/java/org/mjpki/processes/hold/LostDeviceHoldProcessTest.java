package org.mjpki.processes.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.hold.LostDeviceHoldProcess.Elements.*;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.Topics;
import org.mjpki.processes.hold.LostDeviceHoldProcess.CallerMatch;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Errors;
import org.mjpki.processes.hold.LostDeviceHoldProcess.LossKinds;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Messages;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Variables;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess;

/**
 * Path-by-path tests of "Report a lost phone". The test plays the call-center staff (completing the user tasks), the
 * forms' listeners (Mocks stand in for the server's beans, whose own tests are the webapp's), the workers and the app
 * API's correlations; the hold period is driven by Camunda's clock. Together the paths cover every flow node and
 * sequence flow; the called models' coverage is left to their own tests.
 */
@Deployment(resources = {LostDeviceHoldProcess.BPMN_RESOURCE, ReissueSigningCertificateProcess.BPMN_RESOURCE,
    RevokeCredentialSetProcess.BPMN_RESOURCE, "forms/lost-phone-identify-caller.form", "forms/lost-phone-confirm-set.form",
    "forms/lost-phone-nothing-held.form", "forms/lost-phone-on-hold.form"})
class LostDeviceHoldProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .excludeProcessDefinitionKeys(ReissueSigningCertificateProcess.PROCESS_KEY, RevokeCredentialSetProcess.PROCESS_KEY)
      .assertClassCoverageAtLeast(1.0)
      .build();

  private static int reports = 0;
  private ProcessEngine engine;
  private RuntimeService runtime;
  private TaskService tasks;
  private ProcessInstance hold;
  private ExternalTaskDriver workers;
  private String setId;
  /** What the stand-in for the identify listener finds. */
  private String match;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    this.tasks = engine.getTaskService();
    BpmnAwareTests.init(engine);
    setId = "cs-held-" + (++reports);
    match = CallerMatch.MATCHED;
    Mocks.register("callerIdentification", (TaskListener) task -> {
      task.setVariable(Variables.CALLER_MATCH, match);
      if (CallerMatch.MATCHED.equals(match)) {
        task.setVariable(CaseVariables.CREDENTIAL_SET_ID, setId);
        task.setVariable(Variables.MATCHED_PHONE, "Maker Model");
        task.setVariable(Variables.MATCHED_ISSUED_ON, "2026-12-01");
      } else {
        task.setVariable(Variables.ANSWER_TO_CALLER, "Nothing was changed: " + match);
      }
    });
    Mocks.register("setConfirmation", (TaskListener) task -> { });
    Mocks.register("phoneGoneConfirmation", (TaskListener) task -> { });

  }
  /** Starts the instance: the test method has the deployment, setUp has not yet. */
  private void start() {
    hold = runtime.startProcessInstanceByKey(LostDeviceHoldProcess.PROCESS_KEY, "typed-by-staff",
        Map.of(Variables.HOLD_PERIOD, "P90D"));
    workers = new ExternalTaskDriver(engine, hold.getId());
  }


  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  @DisplayName("the model names the case hold-<instance id> whatever the starter typed, and the call center as actor")
  void businessKeyAndActor() {
    start();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(hold.getId()).singleResult().getBusinessKey())
        .isEqualTo("hold-" + hold.getId());
    assertThat(runtime.getVariable(hold.getId(), CaseVariables.ACTOR)).isEqualTo(CaseVariables.Actors.CALL_CENTER);
    assertThat(hold).isWaitingAt(TASK_IDENTIFY_CALLER);
    assertThat(BpmnAwareTests.task(hold)).hasCandidateGroup(LostDeviceHoldProcess.CALL_CENTER_GROUP);
    Task identify = tasks.createTaskQuery().processInstanceId(hold.getId()).initializeFormKeys().singleResult();
    assertThat(identify.getCamundaFormRef().getKey()).isEqualTo("lost-phone-identify-caller");
    assertThat(identify.getCamundaFormRef().getBinding()).isEqualTo("deployment");
  }

  @Test
  @DisplayName("a caller who cannot be identified: told nothing was held, nothing touched")
  void callerNotIdentified() {
    start();
    match = CallerMatch.NOT_IDENTIFIED;
    completeTask(TASK_IDENTIFY_CALLER, Map.of());
    assertThat(hold).hasPassed(GATEWAY_CALLER_MATCHED, GATEWAY_NOTHING_HELD).isWaitingAt(TASK_TELL_NOTHING_HELD);
    completeTask(TASK_TELL_NOTHING_HELD, Map.of());
    assertThat(hold).isEnded().hasPassed(END_EVENT_NOTHING_HELD).hasNotPassed(TASK_PLACE_SET_ON_HOLD);
  }

  @Test
  @DisplayName("the caller does not confirm the phone: nothing held")
  void setNotConfirmed() {
    start();
    identifyAndConfirm(false);
    assertThat(hold).hasPassed(GATEWAY_SET_CONFIRMED).isWaitingAt(TASK_TELL_NOTHING_HELD);
    completeTask(TASK_TELL_NOTHING_HELD, Map.of());
    assertThat(hold).isEnded().hasPassed(END_EVENT_NOTHING_HELD).hasNotPassed(TASK_PLACE_SET_ON_HOLD);
  }

  @Test
  @DisplayName("the set was held by another report or is being revoked since the look-up: the task says what to tell the caller")
  void setNotHoldable() {
    start();
    identifyAndConfirm(true);
    workers.throwBpmnError(TASK_PLACE_SET_ON_HOLD, Topics.PLACE_SET_ON_HOLD, Errors.SET_NOT_HOLDABLE);
    assertThat(hold).hasPassed(BOUNDARY_EVENT_SET_NOT_HOLDABLE).isWaitingAt(TASK_TELL_NOTHING_HELD);
    assertThat((String) runtime.getVariable(hold.getId(), Variables.ANSWER_TO_CALLER)).contains("reported by the test worker");
    completeTask(TASK_TELL_NOTHING_HELD, Map.of());
    assertThat(hold).isEnded().hasPassed(END_EVENT_NOTHING_HELD).hasNotPassed(TASK_HOLD_SIGNING_CERTIFICATE);
  }

  @Test
  @DisplayName("held, then released with the card: signing certificate re-issued, user-auth hold lifted, set active, phone told")
  void heldThenReleased() {
    start();
    placeOnHold();
    release();
    ExternalTaskDriver reissue = reissue();
    finishReissue(reissue);
    workers.complete(TASK_RELEASE_USER_AUTH_HOLD, Topics.RELEASE_CERTIFICATE_HOLD);
    workers.complete(TASK_RELEASE_SET_HOLD, Topics.RELEASE_SET_HOLD);
    assertThat(workers.complete(TASK_NOTIFY_HOLDER_OF_RELEASE, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, "CREDENTIAL_SET_HOLD_RELEASED");
    assertThat(hold).isEnded().hasPassed(BOUNDARY_EVENT_HOLD_RELEASE_REQUESTED, END_EVENT_HOLD_RELEASED)
        .hasNotPassed(CALL_ACTIVITY_REVOKE_HELD_SET);
  }

  @Test
  @DisplayName("a release that fails or is not confirmed goes back to the hold, whose period is not restarted; then it runs out")
  void failedReleasesThenHoldPeriodOver() {
    start();
    Instant endsAt = placeOnHold();
    release();
    ExternalTaskDriver reissue = reissue();
    reissue.throwBpmnError(ReissueSigningCertificateProcess.Elements.TASK_GENERATE_REPLACEMENT_KEY_PAIR,
        Topics.GENERATE_REPLACEMENT_KEY_PAIR, "SE_REFUSED");
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_REVOKE_REPLACEMENT_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_ABANDON_KEY_REPLACEMENT, Topics.ABANDON_KEY_REPLACEMENT);
    assertThat(hold).hasPassed(BOUNDARY_EVENT_REISSUE_FAILED, GATEWAY_STILL_ON_HOLD).isWaitingAt(TASK_AWAIT_HOLDER);

    release();
    reissue = reissue();
    replaceOnThePhone(reissue);
    reissue.fire(ReissueSigningCertificateProcess.Elements.TIMER_KEY_CHECK_OVERDUE);
    assertThat(hold).hasPassed(BOUNDARY_EVENT_REISSUE_NOT_CONFIRMED).isWaitingAt(TASK_AWAIT_HOLDER);

    Job timer = workers.timer(TIMER_HOLD_PERIOD_OVER);
    assertThat(timer.getDuedate().toInstant()).as("the hold period still ends where it did").isEqualTo(endsAt);
    ClockUtil.setCurrentTime(Date.from(endsAt.plusSeconds(1)));
    workers.executeDueJobs();
    assertThat(hold).hasPassed(TIMER_HOLD_PERIOD_OVER, GATEWAY_REVOKE_HELD_SET).isWaitingAt(TASK_TAKE_SET_TO_REVOKE);
    workers.complete(TASK_TAKE_SET_TO_REVOKE, Topics.TAKE_SET_TO_REVOKE);
    ProcessInstance revoke = revokeCalled(CaseVariables.RevocationReasons.CESSATION_OF_OPERATION);
    endRevocation(revoke);
    assertThat(hold).isEnded().hasPassed(END_EVENT_HELD_SET_REVOKED);
  }

  @Test
  @DisplayName("the holder calls back: the phone was stolen; revoked with keyCompromise")
  void phoneGoneStolen() {
    start();
    placeOnHold();
    completeTask(TASK_AWAIT_HOLDER, Map.of("phoneGone", true, Variables.LOSS_KIND, LossKinds.STOLEN));
    assertThat(hold).hasPassed(GATEWAY_REVOKE_HELD_SET);
    workers.complete(TASK_TAKE_SET_TO_REVOKE, Topics.TAKE_SET_TO_REVOKE);
    ProcessInstance revoke = revokeCalled("KEY_COMPROMISE");
    endRevocation(revoke);
    assertThat(hold).isEnded().hasPassed(CALL_ACTIVITY_REVOKE_HELD_SET, END_EVENT_HELD_SET_REVOKED);
  }

  @Test
  @DisplayName("another case (a device change from a new phone) revokes the held set: its Revoke credential set ends this hold")
  void setEndedByAnotherCase() {
    start();
    placeOnHold();
    ProcessInstance other = runtime.createProcessInstanceByKey(RevokeCredentialSetProcess.PROCESS_KEY).businessKey("app-new-phone")
        .setVariable(CaseVariables.CREDENTIAL_SET_ID, setId)
        .setVariable(CaseVariables.REVOCATION_REASON, CaseVariables.RevocationReasons.CESSATION_OF_OPERATION)
        .setVariable(CaseVariables.ACTOR, CaseVariables.Actors.HOLDER).execute();
    ExternalTaskDriver revoking = new ExternalTaskDriver(engine, other.getId());
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_SIGNING_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_USER_AUTH_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    revoking.executeDueJobs();
    assertThat(hold).isWaitingAt(TASK_AWAIT_HOLDER);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    assertThat(hold).isEnded().hasPassed(BOUNDARY_EVENT_CREDENTIAL_SET_ENDED, GATEWAY_SET_ENDED_ELSEWHERE,
        END_EVENT_SET_ENDED_ELSEWHERE);
    assertThat(tasks.createTaskQuery().processInstanceId(hold.getId()).count()).isZero();
  }

  @Test
  @DisplayName("released, but another case took the set for revocation meanwhile: that case revokes it")
  void releaseOvertakenByRevocation() {
    start();
    placeOnHold();
    release();
    finishReissue(reissue());
    workers.complete(TASK_RELEASE_USER_AUTH_HOLD, Topics.RELEASE_CERTIFICATE_HOLD);
    workers.throwBpmnError(TASK_RELEASE_SET_HOLD, Topics.RELEASE_SET_HOLD, Errors.SET_NOT_RELEASABLE);
    assertThat(hold).isEnded().hasPassed(BOUNDARY_EVENT_SET_NOT_RELEASABLE, END_EVENT_SET_ENDED_ELSEWHERE)
        .hasNotPassed(TASK_NOTIFY_HOLDER_OF_RELEASE);
  }

  @Test
  @DisplayName("the hold period ends while another case is already revoking the set: nothing more to do")
  void holdPeriodOverButAlreadyBeingRevoked() {
    start();
    placeOnHold();
    workers.fire(TIMER_HOLD_PERIOD_OVER);
    workers.throwBpmnError(TASK_TAKE_SET_TO_REVOKE, Topics.TAKE_SET_TO_REVOKE, Errors.SET_ALREADY_BEING_REVOKED);
    assertThat(hold).isEnded().hasPassed(BOUNDARY_EVENT_SET_ALREADY_BEING_REVOKED, END_EVENT_SET_ENDED_ELSEWHERE)
        .hasNotPassed(CALL_ACTIVITY_REVOKE_HELD_SET);
  }

  // ------------------------------------------------------------------ steps

  private void identifyAndConfirm(boolean confirmed) {
    completeTask(TASK_IDENTIFY_CALLER, Map.of());
    assertThat(hold).isWaitingAt(TASK_CONFIRM_SET);
    completeTask(TASK_CONFIRM_SET, confirmed ? Map.of(Variables.SET_CONFIRMED, true, Variables.LOSS_KIND, LossKinds.LOST)
        : Map.of(Variables.SET_CONFIRMED, false));
  }

  /** Identified, confirmed, held at the registry and the CA, the phone told; answers when the hold period ends. */
  private Instant placeOnHold() {
    identifyAndConfirm(true);
    Instant endsAt = Instant.parse("2027-03-02T10:00:00Z");
    assertThat(workers.complete(TASK_PLACE_SET_ON_HOLD, Topics.PLACE_SET_ON_HOLD,
        Map.of(Variables.HOLD_ENDS_AT, endsAt.toString())).getVariables())
        .containsEntry(CaseVariables.CREDENTIAL_SET_ID, setId).containsEntry(Variables.HOLD_PERIOD, "P90D");
    assertThat(workers.complete(TASK_HOLD_SIGNING_CERTIFICATE, Topics.HOLD_CERTIFICATE).getVariables())
        .containsEntry(CaseVariables.KEY_ROLE, "SIGNING");
    assertThat(workers.complete(TASK_HOLD_USER_AUTH_CERTIFICATE, Topics.HOLD_CERTIFICATE).getVariables())
        .containsEntry(CaseVariables.KEY_ROLE, "USER_AUTH");
    assertThat(workers.complete(TASK_NOTIFY_HOLDER_OF_HOLD, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, "CREDENTIAL_SET_ON_HOLD");
    assertThat(hold).hasPassed(GATEWAY_HOLD_BOTH_CERTIFICATES, GATEWAY_BOTH_CERTIFICATES_HELD, GATEWAY_AWAIT_HOLDER)
        .isWaitingAt(TASK_AWAIT_HOLDER);
    return endsAt;
  }

  private void release() {
    runtime.createMessageCorrelation(Messages.HOLD_RELEASE_REQUESTED)
        .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, setId)
        .setVariable(Variables.RELEASE_REQUEST_ID, "rel-" + reports).correlate();
  }

  private ExternalTaskDriver reissue() {
    ProcessInstance called = runtime.createProcessInstanceQuery().superProcessInstanceId(hold.getId())
        .processDefinitionKey(ReissueSigningCertificateProcess.PROCESS_KEY).singleResult();
    assertThat(called).isNotNull();
    assertThat(called.getBusinessKey()).isEqualTo("hold-" + hold.getId());
    assertThat(runtime.getVariables(called.getId()))
        .containsOnlyKeys(CaseVariables.CREDENTIAL_SET_ID, CaseVariables.ACTOR, ReissueSigningCertificateProcess.Variables.KEY_CHECK_TIMEOUT)
        .containsEntry(CaseVariables.CREDENTIAL_SET_ID, setId).containsEntry(CaseVariables.ACTOR, CaseVariables.Actors.HOLDER);
    return new ExternalTaskDriver(engine, called.getId());
  }

  private static void replaceOnThePhone(ExternalTaskDriver reissue) {
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_GENERATE_REPLACEMENT_KEY_PAIR, Topics.GENERATE_REPLACEMENT_KEY_PAIR);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_ISSUE_REPLACEMENT_CERTIFICATE, Topics.ISSUE_REPLACEMENT_CERTIFICATE);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_STORE_REPLACEMENT_CERTIFICATE, Topics.STORE_REPLACEMENT_CERTIFICATE);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_COMPLETE_KEY_REPLACEMENT, Topics.COMPLETE_KEY_REPLACEMENT);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_REVOKE_REPLACED_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
  }

  private void finishReissue(ExternalTaskDriver reissue) {
    replaceOnThePhone(reissue);
    runtime.createMessageCorrelation(ReissueSigningCertificateProcess.Messages.KEY_CHECK_SIGNED)
        .processInstanceBusinessKey("hold-" + hold.getId())
        .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, setId)
        .setVariable(ReissueSigningCertificateProcess.Variables.KEY_CHECK_SIGNATURE, "c2ln")
        .setVariable(ReissueSigningCertificateProcess.Variables.KEY_CHECK_IDENTIFICATION, "aWQ=").correlate();
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_VERIFY_KEY_CHECK, Topics.VERIFY_KEY_CHECK);
    assertThat(hold).isWaitingAt(TASK_RELEASE_USER_AUTH_HOLD);
  }

  private ProcessInstance revokeCalled(String reason) {
    ProcessInstance revoke = runtime.createProcessInstanceQuery().superProcessInstanceId(hold.getId())
        .processDefinitionKey(RevokeCredentialSetProcess.PROCESS_KEY).singleResult();
    assertThat(revoke.getBusinessKey()).isEqualTo("hold-" + hold.getId());
    assertThat(runtime.getVariables(revoke.getId()))
        .containsEntry(CaseVariables.CREDENTIAL_SET_ID, setId)
        .containsEntry(CaseVariables.REVOCATION_REASON, reason)
        .containsEntry(CaseVariables.ACTOR, CaseVariables.Actors.CALL_CENTER);
    return revoke;
  }

  private void endRevocation(ProcessInstance revoke) {
    ExternalTaskDriver revoking = new ExternalTaskDriver(engine, revoke.getId());
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_SIGNING_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_USER_AUTH_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    revoking.executeDueJobs();
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);
    revoking.completeLocal(RevokeCredentialSetProcess.Elements.TASK_DELETE_APPLET, Topics.DELETE_APPLET,
        Map.of(CaseVariables.APPLET_DELETED, true));
    assertThat(revoke).isEnded();
  }

  private void completeTask(String activityId, Map<String, Object> variables) {
    Task task = tasks.createTaskQuery().processInstanceId(hold.getId()).taskDefinitionKey(activityId).singleResult();
    assertThat(task).as("user task %s", activityId).isNotNull();
    tasks.complete(task.getId(), variables);
  }
}
