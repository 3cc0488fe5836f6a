package org.mjpki.processes.unlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.unlock.PasswordUnlockProcess.Elements.*;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
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
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.NotificationKinds;
import org.mjpki.processes.Topics;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Errors;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Messages;
import org.mjpki.processes.unlock.PasswordUnlockProcess.Variables;

/**
 * Path-by-path tests of the password/PIN lock release: the test plays the app and the workers. Together the paths cover
 * every flow node and sequence flow; both timers are driven by Camunda's clock.
 */
@Deployment(resources = PasswordUnlockProcess.BPMN_RESOURCE)
class PasswordUnlockProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .assertClassCoverageAtLeast(1.0)
      .build();

  /** Stands in for the app's encrypted blob: opaque to the model, and must not outlive the release task. */
  private static final String BLOB = "AQEAAAAB";

  private static int cases = 0;
  private ProcessEngine engine;
  private ProcessInstance instance;
  private ExternalTaskDriver workers;
  private String caseId;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    BpmnAwareTests.init(engine);
    caseId = "unl-" + (++cases);
  }

  /** Starts the instance: the test method has the deployment, setUp has not yet. */
  private void start(String secret) {
    instance = engine.getRuntimeService().createProcessInstanceByKey(PasswordUnlockProcess.PROCESS_KEY)
        .businessKey(caseId)
        .setVariable(CaseVariables.CREDENTIAL_SET_ID, "cs-" + cases)
        .setVariable(Variables.SECRET, secret)
        .execute();
    workers = new ExternalTaskDriver(engine, instance.getId());
    assertThat(instance).isWaitingAt(TASK_AWAIT_NEW_SECRET);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  @DisplayName("new PIN entered, the lock released on the phone, the holder told; the encrypted secret is gone")
  void released() {
    start("USER_AUTH_PIN");
    enterNewSecret();
    LockedExternalTask release = workers.lock(TASK_RELEASE_SECRET_LOCK, Topics.RELEASE_SECRET_LOCK);
    assertThat(release.getVariables()).containsEntry(Variables.SECRET, "USER_AUTH_PIN")
        .containsEntry(Variables.ENCRYPTED_NEW_SECRET, BLOB).containsEntry(CaseVariables.CREDENTIAL_SET_ID, "cs-" + cases);
    engine.getExternalTaskService().complete(release.getId(), ExternalTaskDriver.WORKER_ID, Map.of(),
        Map.of(Variables.MAY_OFFER_BIOMETRICS, true));
    assertThat(instance).isWaitingAt(TASK_NOTIFY_HOLDER_OF_LOCK_RELEASE)
        .variables().containsEntry(Variables.MAY_OFFER_BIOMETRICS, true).doesNotContainKey(Variables.ENCRYPTED_NEW_SECRET);
    assertThat(workers.complete(TASK_NOTIFY_HOLDER_OF_LOCK_RELEASE, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, NotificationKinds.LOCK_RELEASED);
    assertThat(instance).isEnded().hasPassed(END_EVENT_LOCK_RELEASED)
        .hasNotPassed(END_EVENT_NO_NEW_SECRET, END_EVENT_SET_NOT_ACTIVE, END_EVENT_PHONE_DID_NOT_ANSWER);
  }

  @Test
  @DisplayName("the applet refuses the new secret: the reason kept for the app, a new one awaited, and the second one works")
  void refusedThenEnteredAgain() {
    start("SIGNING_PASSWORD");
    enterNewSecret();
    LockedExternalTask release = workers.lock(TASK_RELEASE_SECRET_LOCK, Topics.RELEASE_SECRET_LOCK);
    engine.getExternalTaskService().handleBpmnError(release.getId(), ExternalTaskDriver.WORKER_ID,
        Errors.NEW_SECRET_REFUSED, "made for another state of the applet");
    assertThat(instance).isWaitingAt(TASK_AWAIT_NEW_SECRET)
        .variables().containsEntry(Variables.NEW_SECRET_REFUSAL, "made for another state of the applet")
        .doesNotContainKey(Variables.ENCRYPTED_NEW_SECRET);
    enterNewSecret();
    workers.complete(TASK_RELEASE_SECRET_LOCK, Topics.RELEASE_SECRET_LOCK);
    workers.complete(TASK_NOTIFY_HOLDER_OF_LOCK_RELEASE, Topics.NOTIFY_HOLDER);
    assertThat(instance).isEnded().hasPassed(BOUNDARY_EVENT_NEW_SECRET_REFUSED, END_EVENT_LOCK_RELEASED);
  }

  @Test
  @DisplayName("no new secret within the input timeout (PT15M by default, by Camunda's clock): nothing changed")
  void noNewSecret() {
    start("SIGNING_PASSWORD");
    later(Duration.ofMinutes(14));
    assertThat(instance).isWaitingAt(TASK_AWAIT_NEW_SECRET);
    later(Duration.ofMinutes(2));
    assertThat(instance).isEnded().hasPassed(TIMER_NEW_SECRET_OVERDUE, END_EVENT_NO_NEW_SECRET)
        .hasNotPassed(TASK_RELEASE_SECRET_LOCK);
  }

  @Test
  @DisplayName("the set went on hold or is being revoked meanwhile: the lock is not released")
  void setNotActive() {
    start("USER_AUTH_PIN");
    enterNewSecret();
    workers.throwBpmnError(TASK_RELEASE_SECRET_LOCK, Topics.RELEASE_SECRET_LOCK, Errors.SET_NOT_ACTIVE);
    assertThat(instance).isEnded().hasPassed(BOUNDARY_EVENT_SET_NOT_ACTIVE, END_EVENT_SET_NOT_ACTIVE)
        .hasNotPassed(TASK_NOTIFY_HOLDER_OF_LOCK_RELEASE);
  }

  @Test
  @DisplayName("the phone stays unreachable past the phone answer timeout (PT30M by default): the release gives up")
  void phoneDoesNotAnswer() {
    start("USER_AUTH_PIN");
    enterNewSecret();
    later(Duration.ofMinutes(29));
    assertThat(instance).isWaitingAt(TASK_RELEASE_SECRET_LOCK);
    later(Duration.ofMinutes(2));
    assertThat(instance).isEnded().hasPassed(TIMER_PHONE_DOES_NOT_ANSWER, END_EVENT_PHONE_DID_NOT_ANSWER)
        .hasNotPassed(TASK_NOTIFY_HOLDER_OF_LOCK_RELEASE);
    assertThat(engine.getRuntimeService().createVariableInstanceQuery().processInstanceIdIn(instance.getId()).count()).isZero();
  }

  private void enterNewSecret() {
    engine.getRuntimeService().createMessageCorrelation(Messages.NEW_SECRET_ENTERED)
        .processInstanceBusinessKey(caseId)
        .setVariable(Variables.ENCRYPTED_NEW_SECRET, BLOB)
        .correlate();
    assertThat(instance).isWaitingAt(TASK_RELEASE_SECRET_LOCK);
  }

  private void later(Duration step) {
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(step)));
    workers.executeDueJobs();
  }
}
