package org.mjpki.processes.reissue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.reissue.SigningReregistrationProcess.Elements.*;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
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
import org.mjpki.processes.issuance.IssuanceProcess;

/**
 * Path-by-path tests of registering the signing certificate again: the test plays the app and the workers of the
 * called re-issue (whose own paths its own test covers). Together the paths cover every flow node of this model.
 */
@Deployment(resources = {SigningReregistrationProcess.BPMN_RESOURCE, ReissueSigningCertificateProcess.BPMN_RESOURCE})
class SigningReregistrationProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .excludeProcessDefinitionKeys(ReissueSigningCertificateProcess.PROCESS_KEY)
      .assertClassCoverageAtLeast(1.0)
      .build();

  private static int cases = 0;
  private ProcessEngine engine;
  private RuntimeService runtime;
  private ProcessInstance instance;
  private ExternalTaskDriver workers;
  private String caseId;
  private String setId;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    BpmnAwareTests.init(engine);
    caseId = "srr-" + (++cases);
    setId = "cs-srr-" + cases;
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private void start() {
    instance = runtime.createProcessInstanceByKey(SigningReregistrationProcess.PROCESS_KEY).businessKey(caseId)
        .setVariable(CaseVariables.CREDENTIAL_SET_ID, setId)
        .setVariable(CaseVariables.ACTOR, CaseVariables.Actors.HOLDER)
        .execute();
    workers = new ExternalTaskDriver(engine, instance.getId());
    assertThat(instance).isWaitingAt(CALL_ACTIVITY_REISSUE_SIGNING_CERTIFICATE);
  }

  /** The called re-issue, with this case's business key and exactly the set and the actor. */
  private ExternalTaskDriver reissue() {
    ProcessInstance called = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey(ReissueSigningCertificateProcess.PROCESS_KEY).singleResult();
    assertThat(called.getBusinessKey()).isEqualTo(caseId);
    assertThat(runtime.getVariables(called.getId()))
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

  @Test
  @DisplayName("re-issued under the new card certificate and confirmed by the holder: the phone is told")
  void registered() {
    start();
    ExternalTaskDriver reissue = reissue();
    replaceOnThePhone(reissue);
    runtime.createMessageCorrelation(ReissueSigningCertificateProcess.Messages.KEY_CHECK_SIGNED)
        .processInstanceBusinessKey(caseId).processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, setId)
        .setVariable(ReissueSigningCertificateProcess.Variables.KEY_CHECK_SIGNATURE, "c2ln")
        .setVariable(ReissueSigningCertificateProcess.Variables.KEY_CHECK_IDENTIFICATION, "aWQ=").correlate();
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_VERIFY_KEY_CHECK, Topics.VERIFY_KEY_CHECK);
    assertThat(workers.complete(TASK_NOTIFY_HOLDER, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, NotificationKinds.SIGNING_CERTIFICATE_REGISTERED);
    assertThat(instance).isEnded().hasPassed(END_EVENT_SIGNING_CERTIFICATE_REGISTERED)
        .hasNotPassed(END_EVENT_NOT_REREGISTERED, END_EVENT_NOT_CONFIRMED);
  }

  @Test
  @DisplayName("the applet refuses the new key: nothing replaced, not registered, nobody pushed")
  void reissueFailed() {
    start();
    ExternalTaskDriver reissue = reissue();
    reissue.throwBpmnError(ReissueSigningCertificateProcess.Elements.TASK_GENERATE_REPLACEMENT_KEY_PAIR,
        Topics.GENERATE_REPLACEMENT_KEY_PAIR, IssuanceProcess.Errors.SE_REFUSED);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_REVOKE_REPLACEMENT_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    reissue.complete(ReissueSigningCertificateProcess.Elements.TASK_ABANDON_KEY_REPLACEMENT, Topics.ABANDON_KEY_REPLACEMENT);
    assertThat(instance).isEnded().hasPassed(BOUNDARY_EVENT_REISSUE_FAILED, END_EVENT_NOT_REREGISTERED)
        .hasNotPassed(TASK_NOTIFY_HOLDER);
  }

  @Test
  @DisplayName("the new key is in place but the holder never signs the check: registered, not confirmed")
  void notConfirmed() {
    start();
    ExternalTaskDriver reissue = reissue();
    replaceOnThePhone(reissue);
    reissue.fire(ReissueSigningCertificateProcess.Elements.TIMER_KEY_CHECK_OVERDUE);
    assertThat(instance).isEnded().hasPassed(BOUNDARY_EVENT_REISSUE_NOT_CONFIRMED, END_EVENT_NOT_CONFIRMED)
        .hasNotPassed(TASK_NOTIFY_HOLDER);
  }
}
