package org.mjpki.processes.reissue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.reissue.ReissueSigningCertificateProcess.Elements.*;

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
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess.Errors;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess.Messages;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess.Variables;

/**
 * Path-by-path tests of the re-issue of a signing certificate: the test plays the workers and the app. Together the
 * paths cover every flow node and sequence flow; the check-signature timer is driven by Camunda's clock.
 */
@Deployment(resources = ReissueSigningCertificateProcess.BPMN_RESOURCE)
class ReissueSigningCertificateProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .assertClassCoverageAtLeast(1.0)
      .build();

  private static int cases = 0;
  private ProcessEngine engine;
  private ProcessInstance instance;
  private ExternalTaskDriver workers;
  private String caseId;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    BpmnAwareTests.init(engine);
    caseId = "hold-reissue-" + (++cases);

  }
  /** Starts the instance: the test method has the deployment, setUp has not yet. */
  private void start() {
    instance = engine.getRuntimeService().createProcessInstanceByKey(ReissueSigningCertificateProcess.PROCESS_KEY)
        .businessKey(caseId)
        .setVariable(CaseVariables.CREDENTIAL_SET_ID, "cs-" + cases)
        .setVariable(CaseVariables.ACTOR, CaseVariables.Actors.HOLDER)
        .execute();
    workers = new ExternalTaskDriver(engine, instance.getId());
  }


  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  @DisplayName("replacement made, certified, swapped in, old certificate revoked as superseded, checked by the holder's signature")
  void reissued() {
    start();
    replaceOnThePhone();
    signKeyCheck();
    workers.complete(TASK_VERIFY_KEY_CHECK, Topics.VERIFY_KEY_CHECK);
    assertThat(instance).isEnded().hasPassed(END_EVENT_CERTIFICATE_REISSUED)
        .hasNotPassed(GATEWAY_REISSUE_FAILED, GATEWAY_NOT_CONFIRMED);
  }

  @Test
  @DisplayName("the applet refuses the replacement key: nothing certified, the replacement dropped, REISSUE_FAILED")
  void keyPairRefused() {
    start();
    workers.throwBpmnError(TASK_GENERATE_REPLACEMENT_KEY_PAIR, Topics.GENERATE_REPLACEMENT_KEY_PAIR, IssuanceProcess.Errors.SE_REFUSED);
    assertFailedWithNothingReplaced(BOUNDARY_EVENT_KEY_PAIR_REFUSED);
  }

  @Test
  @DisplayName("the CA refuses: the replacement dropped, REISSUE_FAILED")
  void certificateRefused() {
    start();
    workers.complete(TASK_GENERATE_REPLACEMENT_KEY_PAIR, Topics.GENERATE_REPLACEMENT_KEY_PAIR);
    workers.throwBpmnError(TASK_ISSUE_REPLACEMENT_CERTIFICATE, Topics.ISSUE_REPLACEMENT_CERTIFICATE,
        IssuanceProcess.Errors.CERTIFICATE_REFUSED);
    assertFailedWithNothingReplaced(BOUNDARY_EVENT_CERTIFICATE_REFUSED);
  }

  @Test
  @DisplayName("the applet refuses the certificate: the certificate issued for it revoked, the replacement dropped, REISSUE_FAILED")
  void storeRefused() {
    start();
    workers.complete(TASK_GENERATE_REPLACEMENT_KEY_PAIR, Topics.GENERATE_REPLACEMENT_KEY_PAIR);
    workers.complete(TASK_ISSUE_REPLACEMENT_CERTIFICATE, Topics.ISSUE_REPLACEMENT_CERTIFICATE);
    workers.throwBpmnError(TASK_STORE_REPLACEMENT_CERTIFICATE, Topics.STORE_REPLACEMENT_CERTIFICATE,
        IssuanceProcess.Errors.SE_REFUSED);
    assertFailedWithNothingReplaced(BOUNDARY_EVENT_STORE_REFUSED);
  }

  @Test
  @DisplayName("the holder never signs the key check: REISSUE_NOT_CONFIRMED after the timeout, by Camunda's clock")
  void keyCheckOverdue() {
    start();
    replaceOnThePhone();
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofMinutes(14))));
    workers.executeDueJobs();
    assertThat(instance).isWaitingAt(TASK_AWAIT_KEY_CHECK);
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofMinutes(2))));
    workers.executeDueJobs();
    assertThat(instance).isEnded().hasPassed(TIMER_KEY_CHECK_OVERDUE, GATEWAY_NOT_CONFIRMED, END_EVENT_REISSUE_NOT_CONFIRMED);
  }

  @Test
  @DisplayName("a check signature that does not verify: REISSUE_NOT_CONFIRMED")
  void keyCheckFailed() {
    start();
    replaceOnThePhone();
    signKeyCheck();
    workers.throwBpmnError(TASK_VERIFY_KEY_CHECK, Topics.VERIFY_KEY_CHECK, Errors.KEY_CHECK_FAILED);
    assertThat(instance).isEnded().hasPassed(BOUNDARY_EVENT_KEY_CHECK_FAILED, END_EVENT_REISSUE_NOT_CONFIRMED)
        .hasNotPassed(END_EVENT_CERTIFICATE_REISSUED);
  }

  private void replaceOnThePhone() {
    assertThat(workers.complete(TASK_GENERATE_REPLACEMENT_KEY_PAIR, Topics.GENERATE_REPLACEMENT_KEY_PAIR).getVariables())
        .containsEntry(CaseVariables.KEY_ROLE, "SIGNING").containsEntry(CaseVariables.CREDENTIAL_SET_ID, "cs-" + cases);
    workers.complete(TASK_ISSUE_REPLACEMENT_CERTIFICATE, Topics.ISSUE_REPLACEMENT_CERTIFICATE);
    workers.complete(TASK_STORE_REPLACEMENT_CERTIFICATE, Topics.STORE_REPLACEMENT_CERTIFICATE);
    workers.complete(TASK_COMPLETE_KEY_REPLACEMENT, Topics.COMPLETE_KEY_REPLACEMENT);
    LockedExternalTask revoke = workers.complete(TASK_REVOKE_REPLACED_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    assertThat(revoke.getVariables())
        .containsEntry(CaseVariables.CERTIFICATE, CaseVariables.Certificates.REPLACED)
        .containsEntry(CaseVariables.REVOCATION_REASON, CaseVariables.RevocationReasons.SUPERSEDED);
    assertThat(instance).isWaitingAt(TASK_AWAIT_KEY_CHECK);
  }

  private void signKeyCheck() {
    engine.getRuntimeService().createMessageCorrelation(Messages.KEY_CHECK_SIGNED)
        .processInstanceBusinessKey(caseId)
        .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, "cs-" + cases)
        .setVariable(Variables.KEY_CHECK_SIGNATURE, "c2ln")
        .setVariable(Variables.KEY_CHECK_IDENTIFICATION, "aWQ=")
        .correlate();
    assertThat(instance).isWaitingAt(TASK_VERIFY_KEY_CHECK);
  }

  private void assertFailedWithNothingReplaced(String boundary) {
    LockedExternalTask revoke = workers.complete(TASK_REVOKE_REPLACEMENT_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    assertThat(revoke.getVariables())
        .containsEntry(CaseVariables.CERTIFICATE, CaseVariables.Certificates.REPLACEMENT)
        .containsEntry(CaseVariables.REVOCATION_REASON, CaseVariables.RevocationReasons.CESSATION_OF_OPERATION);
    workers.complete(TASK_ABANDON_KEY_REPLACEMENT, Topics.ABANDON_KEY_REPLACEMENT);
    assertThat(instance).isEnded().hasPassed(boundary, GATEWAY_REISSUE_FAILED, END_EVENT_REISSUE_FAILED)
        .hasNotPassed(TASK_COMPLETE_KEY_REPLACEMENT);
  }
}
