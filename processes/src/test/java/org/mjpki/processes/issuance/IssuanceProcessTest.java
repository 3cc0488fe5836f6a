package org.mjpki.processes.issuance;

import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mjpki.processes.CaseVariables.RevocationReasons;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.issuance.IssuanceProcess.Messages;
import org.mjpki.processes.NotificationKinds;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.*;

/**
 * Path-by-path tests of the issuance process. The test plays the workers (external tasks through
 * the engine's ExternalTaskService) and the app (start, messages). All paths together must cover
 * every flow node and sequence flow of the model.
 */
@Deployment(resources = {IssuanceProcess.BPMN_RESOURCE, IssuanceProcess.DMN_RESOURCE})
class IssuanceProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .assertClassCoverageAtLeast(1.0)
      .build();

  private static final String CARD_NOT_AFTER = "2030-04-01T14:59:59Z";
  private static int applications = 0;

  ProcessEngine engine;
  RuntimeService runtime;
  HistoryService history;

  private String applicationId;
  private ProcessInstance instance;
  private ExternalTaskDriver workers;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    this.history = engine.getHistoryService();
    BpmnAwareTests.init(engine);
    applicationId = "APP-" + (++applications);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------ happy path

  @Test
  @DisplayName("eligible device, all steps succeed: credential active, holder notified, nothing compensated")
  void happyPath() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    assertThat(instance).variables()
        .containsEntry(Variables.HOLDER_REF, "holder-" + applicationId)
        .containsEntry(Variables.CARD_NOT_AFTER, CARD_NOT_AFTER)
        .containsEntry(Variables.ELIGIBLE, true)
        .containsEntry(Variables.BIOMETRICS_ALLOWED, true)
        .containsEntry(Variables.ELIGIBILITY_REASON, "ELIGIBLE")
        .containsKey(Variables.ELIGIBILITY_RESULT);

    reserveSlotAndInstallApplet();
    assertThat(instance).isWaitingAt(TASK_AWAIT_HOLDER_SECRETS, TASK_GENERATE_SIGNING_KEY_PAIR, TASK_GENERATE_USER_AUTH_KEY_PAIR);

    // key roles are local input variables of each task, so the branches never share a variable
    assertThat(workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR).getVariables())
        .containsEntry(CaseVariables.KEY_ROLE, KeyRole.SIGNING.name());
    assertThat(workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR).getVariables())
        .containsEntry(CaseVariables.KEY_ROLE, KeyRole.USER_AUTH.name());
    // the holder types while the system works (R11)
    sendHolderSecretsSet();
    issueAndStore(TASK_ISSUE_SIGNING_CERTIFICATE, TASK_STORE_SIGNING_CERTIFICATE, KeyRole.SIGNING.name());
    issueAndStore(TASK_ISSUE_USER_AUTH_CERTIFICATE, TASK_STORE_USER_AUTH_CERTIFICATE, KeyRole.USER_AUTH.name());
    assertThat(runtime.getVariables(instance.getId())).doesNotContainKey(CaseVariables.KEY_ROLE);

    workers.executeDueJobs(); // asynchronous join
    assertThat(instance).isWaitingAt(TASK_AWAIT_OPERATION_CHECK);
    runtime.createMessageCorrelation(Messages.OPERATION_CHECK_SUBMITTED).processInstanceBusinessKey(applicationId).correlate();
    workers.complete(TASK_VERIFY_OPERATION_CHECK, Topics.VERIFY_OPERATION_CHECK);
    workers.complete(TASK_ACTIVATE_CREDENTIAL, Topics.ACTIVATE_CREDENTIAL);
    assertThat(workers.complete(TASK_NOTIFY_HOLDER, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, NotificationKinds.ISSUANCE_COMPLETED);

    assertThat(instance).isEnded().hasPassed(END_EVENT_CREDENTIAL_ACTIVE)
        .hasNotPassed(TASK_NOTIFY_HOLDER_OF_ROLLBACK, TASK_NOTIFY_HOLDER_OF_ABANDONMENT);
    assertNothingCompensated();
  }

  @Test
  @DisplayName("biometrics restricted model (DMN row 4): issued, but biometricsAllowed=false")
  void biometricsRestrictedModelIsStillEligible() {
    Map<String, Object> device = eligibleDevice();
    device.put(Variables.DEVICE_MANUFACTURER, "ExampleCorp");
    device.put(Variables.DEVICE_MODEL, "EX-2");
    start(device);
    verifyApplicationAndDevice();
    assertThat(instance).variables()
        .containsEntry(Variables.ELIGIBLE, true)
        .containsEntry(Variables.BIOMETRICS_ALLOWED, false)
        .containsEntry(Variables.ELIGIBILITY_REASON, "BIOMETRICS_RESTRICTED");
    assertThat(instance).isWaitingAt(TASK_RESERVE_CREDENTIAL_SLOT);
  }

  // ------------------------------------------------------------------ rejections before anything is reserved

  @Test
  @DisplayName("invalid application signature: rejected, nothing reserved")
  void applicationInvalid() {
    start(eligibleDevice());
    workers.throwBpmnError(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, Errors.APPLICATION_INVALID);
    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLICATION_REJECTED).hasNotPassed(TASK_RESERVE_CREDENTIAL_SLOT);
  }

  @Test
  @DisplayName("card signing certificate revoked or expired: ends as card certificate not good")
  void cardCertificateNotGood() {
    start(eligibleDevice());
    workers.throwBpmnError(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, Errors.CARD_CERTIFICATE_NOT_GOOD);
    assertThat(instance).isEnded().hasPassed(END_EVENT_CARD_CERTIFICATE_NOT_GOOD).hasNotPassed(TASK_DECIDE_DEVICE_ELIGIBILITY);
  }

  @ParameterizedTest(name = "{0}/{1}, Android {2}, {3}: {4}")
  @CsvSource({
      "Acme, A1, 13, ESE-NATIVE, SE_NOT_SUPPORTED",
      "Acme, A1, 8, GP-SE-JAVACARD, OS_TOO_OLD",
      "ExampleCorp, EX-1, 14, GP-SE-JAVACARD, MODEL_RESTRICTED",
  })
  @DisplayName("ineligible device per DMN row: ends as device ineligible with the reason")
  void deviceIneligible(String manufacturer, String model, int osVersion, String seType, String reason) {
    start(device(manufacturer, model, osVersion, seType));
    workers.complete(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, verifiedApplication());
    workers.executeDueJobs();
    assertThat(instance).isEnded().hasPassed(END_EVENT_DEVICE_INELIGIBLE).hasNotPassed(TASK_VERIFY_DEVICE_INTEGRITY);
    assertThat(historicVariable(Variables.ELIGIBLE)).isEqualTo(false);
    assertThat(historicVariable(Variables.ELIGIBILITY_REASON)).isEqualTo(reason);
  }

  @Test
  @DisplayName("rooted or tampered phone: ends as device integrity failed")
  void deviceIntegrityFailed() {
    start(eligibleDevice());
    workers.complete(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, verifiedApplication());
    workers.executeDueJobs();
    workers.throwBpmnError(TASK_VERIFY_DEVICE_INTEGRITY, Topics.VERIFY_DEVICE_ATTESTATION, Errors.DEVICE_INTEGRITY_FAILED);
    assertThat(instance).isEnded().hasPassed(END_EVENT_DEVICE_INTEGRITY_FAILED).hasNotPassed(TASK_RESERVE_CREDENTIAL_SLOT);
  }

  @Test
  @DisplayName("holder already has a set: ends as already issued, nothing compensated")
  void alreadyIssued() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    workers.throwBpmnError(TASK_RESERVE_CREDENTIAL_SLOT, Topics.RESERVE_SLOT, Errors.ALREADY_ISSUED);
    assertThat(instance).isEnded().hasPassed(END_EVENT_ALREADY_ISSUED).hasNotPassed(TASK_INSTALL_APPLET);
    assertNothingCompensated();
  }

  // ------------------------------------------------------------------ abandonment (timers)

  @Test
  @DisplayName("holder does not set the secrets in time: the personalization stops, applet deleted, slot released (which revokes the signing certificate issued so far)")
  void holderSecretsTimeout() {
    Map<String, Object> device = eligibleDevice();
    device.put(Variables.HOLDER_INPUT_TIMEOUT, "PT5M");
    start(device);
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    assertTimerDueIn(TIMER_HOLDER_INPUT_EXPIRED, Duration.ofMinutes(5));

    workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_ISSUE_SIGNING_CERTIFICATE, Topics.ISSUE_CERTIFICATE); // signing certificate issued
    workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR); // user-auth not issued yet
    assertThat(instance).isWaitingAt(TASK_AWAIT_HOLDER_SECRETS, TASK_STORE_SIGNING_CERTIFICATE, TASK_ISSUE_USER_AUTH_CERTIFICATE);

    workers.fire(TIMER_HOLDER_INPUT_EXPIRED);

    assertThat(instance).hasPassed(END_EVENT_HOLDER_SECRETS_NOT_SET, START_EVENT_HOLDER_INPUT_EXPIRED)
        .isWaitingAt(TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    assertInterruptedPersonalizationCompensated();
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ABANDONMENT);

    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLICATION_ABANDONED)
        .hasNotPassed(TASK_AWAIT_OPERATION_CHECK, END_EVENT_CREDENTIAL_ACTIVE);
    assertCanceled(TASK_AWAIT_HOLDER_SECRETS, TASK_STORE_SIGNING_CERTIFICATE, TASK_ISSUE_USER_AUTH_CERTIFICATE, SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET);
  }

  @Test
  @DisplayName("holder does not submit the operation check in time (default timeout PT15M): the completed personalization is compensated too, both certificates revoked, applet deleted, slot released")
  void operationCheckTimeout() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    assertTimerDueIn(TIMER_HOLDER_INPUT_EXPIRED, Duration.parse(Variables.DEFAULT_HOLDER_INPUT_TIMEOUT));
    personalizeFully();
    assertThat(instance).isWaitingAt(TASK_AWAIT_OPERATION_CHECK);

    workers.fire(TIMER_OPERATION_CHECK_EXPIRED);

    assertThat(instance).hasPassed(END_EVENT_OPERATION_CHECK_NOT_SUBMITTED);
    // the completed personalization is compensated as a whole: its certificates are revoked one after the other
    assertThat(workers.openTasks()).containsOnlyKeys(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    completeCompensation(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE, TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ABANDONMENT);
    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLICATION_ABANDONED, START_EVENT_CERTIFICATES_TO_BE_REVOKED,
        END_EVENT_ISSUED_CERTIFICATES_REVOKED).hasNotPassed(TASK_NOTIFY_HOLDER);
  }

  @Test
  @DisplayName("phone stops answering after the holder's secrets arrived: the personalization deadline abandons, applet deleted, slot released (which revokes both certificates), holder told")
  void personalizationExpiresWhileACertificateIsNeverStored() {
    Map<String, Object> device = eligibleDevice();
    device.put(Variables.PERSONALIZATION_TIMEOUT, "PT20M");
    start(device);
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    assertTimerDueIn(TIMER_PERSONALIZATION_DEADLINE, Duration.ofMinutes(20));

    sendHolderSecretsSet(); // the holder input timer is gone with its task
    workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    issueAndStore(TASK_ISSUE_SIGNING_CERTIFICATE, TASK_STORE_SIGNING_CERTIFICATE, KeyRole.SIGNING.name());
    workers.complete(TASK_ISSUE_USER_AUTH_CERTIFICATE, Topics.ISSUE_CERTIFICATE);
    // the phone never stores the user-auth certificate
    assertThat(instance).isWaitingAt(TASK_STORE_USER_AUTH_CERTIFICATE, GATEWAY_PERSONALIZATION_COMPLETED);

    moveClock(Duration.ofMinutes(19));
    workers.executeDueJobs();
    assertThat(instance).isWaitingAt(TASK_STORE_USER_AUTH_CERTIFICATE).hasNotPassed(TIMER_PERSONALIZATION_DEADLINE);

    moveClock(Duration.ofMinutes(20).plusSeconds(1));
    workers.executeDueJobs();
    assertThat(instance).hasPassed(TIMER_PERSONALIZATION_DEADLINE)
        .isWaitingAt(TASK_STORE_USER_AUTH_CERTIFICATE, TASK_CHECK_PERSONALIZATION_DEADLINE);
    // no wait for the JPKI system in the period: the personalization had its time
    workers.complete(TASK_CHECK_PERSONALIZATION_DEADLINE, Topics.CHECK_PERSONALIZATION_DEADLINE,
        Map.of(Variables.PERSONALIZATION_EXPIRED, true));

    assertThat(instance).hasPassed(GATEWAY_PERSONALIZATION_HAD_ITS_TIME, END_EVENT_PERSONALIZATION_EXPIRED, START_EVENT_HOLDER_INPUT_EXPIRED)
        .isWaitingAt(TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    assertInterruptedPersonalizationCompensated();
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ABANDONMENT);

    assertThat(instance).isEnded().hasPassed(END_EVENT_APPLICATION_ABANDONED)
        .hasNotPassed(END_EVENT_CREDENTIAL_SET_PERSONALIZED, TASK_AWAIT_OPERATION_CHECK, END_EVENT_CREDENTIAL_ACTIVE);
    assertCanceled(TASK_STORE_USER_AUTH_CERTIFICATE, SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET);
  }

  @Test
  @DisplayName("the JPKI system away for hours: each deadline finds the issuance waited for it and lets it go on; once the certificate is issued the personalization completes")
  void aLongJpkiOutageHoldsThePersonalizationUpWithoutAbandoningIt() {
    Map<String, Object> device = eligibleDevice();
    device.put(Variables.PERSONALIZATION_TIMEOUT, "PT30M");
    device.put(Variables.HOLDER_INPUT_TIMEOUT, "PT2H");
    start(device);
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    sendHolderSecretsSet();
    workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    // both certificates wait for the JPKI system: 36 hours of deadlines, every one of which finds the wait
    for (int period = 1; period <= 72; period++) {
      moveClock(Duration.ofMinutes(30L * period).plusSeconds(1));
      workers.executeDueJobs();
      assertThat(instance).as("deadline %d", period)
          .isWaitingAt(TASK_ISSUE_SIGNING_CERTIFICATE, TASK_ISSUE_USER_AUTH_CERTIFICATE, TASK_CHECK_PERSONALIZATION_DEADLINE);
      workers.complete(TASK_CHECK_PERSONALIZATION_DEADLINE, Topics.CHECK_PERSONALIZATION_DEADLINE,
          Map.of(Variables.PERSONALIZATION_EXPIRED, false));
    }
    assertThat(instance).hasPassed(END_EVENT_PERSONALIZATION_GOES_ON).hasNotPassed(END_EVENT_PERSONALIZATION_EXPIRED)
        .isWaitingAt(TASK_ISSUE_SIGNING_CERTIFICATE, TASK_ISSUE_USER_AUTH_CERTIFICATE);

    // the JPKI system is back
    issueAndStore(TASK_ISSUE_SIGNING_CERTIFICATE, TASK_STORE_SIGNING_CERTIFICATE, KeyRole.SIGNING.name());
    issueAndStore(TASK_ISSUE_USER_AUTH_CERTIFICATE, TASK_STORE_USER_AUTH_CERTIFICATE, KeyRole.USER_AUTH.name());
    workers.executeDueJobs();
    assertThat(instance).hasPassed(END_EVENT_CREDENTIAL_SET_PERSONALIZED).isWaitingAt(TASK_AWAIT_OPERATION_CHECK);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(instance.getId())
        .activityId(TIMER_PERSONALIZATION_DEADLINE).count()).as("the deadline goes with the personalization").isZero();
  }

  @Test
  @DisplayName("personalization finished in time (default timeout PT30M): its timer is gone and never abandons the application")
  void personalizationTimerDoesNotFireOnceCompleted() {
    Map<String, Object> device = eligibleDevice();
    device.put(Variables.HOLDER_INPUT_TIMEOUT, "PT2H"); // so that only the personalization timer could be due
    start(device);
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    assertTimerDueIn(TIMER_PERSONALIZATION_DEADLINE, Duration.parse(Variables.DEFAULT_PERSONALIZATION_TIMEOUT));

    personalizeFully();
    assertThat(instance).hasPassed(END_EVENT_CREDENTIAL_SET_PERSONALIZED, SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET)
        .isWaitingAt(TASK_AWAIT_OPERATION_CHECK);
    // the timer job goes with the completed sub-process (it would stay, on an event scope execution, if a task inside
    // it had a compensation boundary event: see the model's documentation of Revoke issued certificates)
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(instance.getId())
        .activityId(TIMER_PERSONALIZATION_DEADLINE).count()).isZero();

    moveClock(Duration.ofMinutes(31));
    workers.executeDueJobs();
    assertThat(instance).isWaitingAt(TASK_AWAIT_OPERATION_CHECK).hasNotPassed(TIMER_PERSONALIZATION_DEADLINE, START_EVENT_HOLDER_INPUT_EXPIRED);

    runtime.createMessageCorrelation(Messages.OPERATION_CHECK_SUBMITTED).processInstanceBusinessKey(applicationId).correlate();
    workers.complete(TASK_VERIFY_OPERATION_CHECK, Topics.VERIFY_OPERATION_CHECK);
    workers.complete(TASK_ACTIVATE_CREDENTIAL, Topics.ACTIVATE_CREDENTIAL);
    workers.complete(TASK_NOTIFY_HOLDER, Topics.NOTIFY_HOLDER);
    assertThat(instance).isEnded().hasPassed(END_EVENT_CREDENTIAL_ACTIVE);
    assertNothingCompensated();
  }

  // ------------------------------------------------------------------ rollback (BPMN errors after installation)

  @Test
  @DisplayName("CA refuses the user-auth certificate after the signing one was issued: the personalization stops, applet deleted, slot released (which revokes the signing certificate)")
  void certificateRefusedAfterOneIssued() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    sendHolderSecretsSet();
    workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_ISSUE_SIGNING_CERTIFICATE, Topics.ISSUE_CERTIFICATE);
    workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR);

    workers.throwBpmnError(TASK_ISSUE_USER_AUTH_CERTIFICATE, Topics.ISSUE_CERTIFICATE, Errors.CERTIFICATE_REFUSED);

    assertThat(instance).hasPassed(START_EVENT_ISSUANCE_FAILED).variables().containsEntry(Variables.FAILURE_CODE, Errors.CERTIFICATE_REFUSED);
    assertInterruptedPersonalizationCompensated();
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ROLLBACK);
    assertThat(instance).isEnded().hasPassed(END_EVENT_ISSUANCE_ROLLED_BACK);
    assertCanceled(TASK_STORE_SIGNING_CERTIFICATE, SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET);
  }

  @Test
  @DisplayName("SE refuses to store the signing certificate after both were issued: applet deleted, slot released (which revokes both)")
  void seRefusedToStoreCertificate() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_ISSUE_SIGNING_CERTIFICATE, Topics.ISSUE_CERTIFICATE);
    workers.complete(TASK_ISSUE_USER_AUTH_CERTIFICATE, Topics.ISSUE_CERTIFICATE);

    workers.throwBpmnError(TASK_STORE_SIGNING_CERTIFICATE, Topics.STORE_CERTIFICATE, Errors.SE_REFUSED);

    assertThat(runtime.getVariable(instance.getId(), Variables.FAILURE_CODE)).isEqualTo(Errors.SE_REFUSED);
    assertInterruptedPersonalizationCompensated();
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ROLLBACK);
    assertThat(instance).isEnded().hasPassed(END_EVENT_ISSUANCE_ROLLED_BACK);
    assertCanceled(SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET);
  }

  @Test
  @DisplayName("SE refuses key generation before any certificate: applet deleted, slot released, nothing revoked")
  void seRefusedToGenerateKeyPair() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();

    workers.throwBpmnError(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR, Errors.SE_REFUSED);

    assertThat(workers.openTasks()).containsOnlyKeys(TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    completeCompensation(TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ROLLBACK);
    assertThat(instance).isEnded().hasPassed(END_EVENT_ISSUANCE_ROLLED_BACK)
        .hasNotPassed(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE);
  }

  @Test
  @DisplayName("operation check signatures do not verify: everything compensated, the certificates issued inside the completed personalization too")
  void operationCheckFailed() {
    start(eligibleDevice());
    verifyApplicationAndDevice();
    reserveSlotAndInstallApplet();
    personalizeFully();
    runtime.createMessageCorrelation(Messages.OPERATION_CHECK_SUBMITTED).processInstanceBusinessKey(applicationId).correlate();

    workers.throwBpmnError(TASK_VERIFY_OPERATION_CHECK, Topics.VERIFY_OPERATION_CHECK, Errors.OPERATION_CHECK_FAILED);

    assertThat(runtime.getVariable(instance.getId(), Variables.FAILURE_CODE)).isEqualTo(Errors.OPERATION_CHECK_FAILED);
    completeCompensation(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE, TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    notifyHolderOfCancellation(TASK_NOTIFY_HOLDER_OF_ROLLBACK);
    assertThat(instance).isEnded().hasPassed(END_EVENT_ISSUANCE_ROLLED_BACK).hasNotPassed(TASK_ACTIVATE_CREDENTIAL, TASK_NOTIFY_HOLDER);
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> device(String manufacturer, String model, int osVersion, String seType) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Variables.DEVICE_MANUFACTURER, manufacturer);
    variables.put(Variables.DEVICE_MODEL, model);
    variables.put(Variables.OS_VERSION, osVersion);
    variables.put(Variables.SE_TYPE, seType);
    return variables;
  }

  private static Map<String, Object> eligibleDevice() {
    return device("Acme", "A1", 14, "GP-SE-JAVACARD");
  }

  private void start(Map<String, Object> device) {
    Map<String, Object> variables = new HashMap<>(device);
    variables.put(Variables.APPLICATION_ID, applicationId);
    variables.put(Variables.SE_ID, "SE-" + applicationId);
    instance = runtime.startProcessInstanceByKey(IssuanceProcess.PROCESS_KEY, applicationId, variables);
    workers = new ExternalTaskDriver(engine, instance.getId());
    assertThat(instance).isStarted().isWaitingAt(TASK_VERIFY_APPLICATION);
  }

  private Map<String, Object> verifiedApplication() {
    return Map.of(Variables.HOLDER_REF, "holder-" + applicationId, Variables.CARD_NOT_AFTER, CARD_NOT_AFTER);
  }

  private void verifyApplicationAndDevice() {
    workers.complete(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, verifiedApplication());
    assertThat(instance).isWaitingAt(TASK_DECIDE_DEVICE_ELIGIBILITY); // asynchronous before
    workers.executeDueJobs();
    workers.complete(TASK_VERIFY_DEVICE_INTEGRITY, Topics.VERIFY_DEVICE_ATTESTATION);
  }

  private void reserveSlotAndInstallApplet() {
    workers.complete(TASK_RESERVE_CREDENTIAL_SLOT, Topics.RESERVE_SLOT);
    workers.complete(TASK_INSTALL_APPLET, Topics.INSTALL_APPLET);
  }

  private void sendHolderSecretsSet() {
    runtime.createMessageCorrelation(Messages.HOLDER_SECRETS_SET).processInstanceBusinessKey(applicationId).correlate();
  }

  private void issueAndStore(String issueTask, String storeTask, String keyRole) {
    assertThat(workers.complete(issueTask, Topics.ISSUE_CERTIFICATE).getVariables()).containsEntry(CaseVariables.KEY_ROLE, keyRole);
    assertThat(workers.complete(storeTask, Topics.STORE_CERTIFICATE).getVariables()).containsEntry(CaseVariables.KEY_ROLE, keyRole);
  }

  private void personalizeFully() {
    workers.complete(TASK_GENERATE_SIGNING_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    workers.complete(TASK_GENERATE_USER_AUTH_KEY_PAIR, Topics.GENERATE_KEY_PAIR);
    issueAndStore(TASK_ISSUE_SIGNING_CERTIFICATE, TASK_STORE_SIGNING_CERTIFICATE, KeyRole.SIGNING.name());
    issueAndStore(TASK_ISSUE_USER_AUTH_CERTIFICATE, TASK_STORE_USER_AUTH_CERTIFICATE, KeyRole.USER_AUTH.name());
    sendHolderSecretsSet();
    workers.executeDueJobs();
  }

  private static final Map<String, String> COMPENSATION_TOPICS = Map.of(
      TASK_REVOKE_SIGNING_CERTIFICATE, Topics.REVOKE_CERTIFICATE,
      TASK_REVOKE_USER_AUTH_CERTIFICATE, Topics.REVOKE_CERTIFICATE,
      TASK_DELETE_APPLET, Topics.DELETE_APPLET,
      TASK_RELEASE_CREDENTIAL_SLOT, Topics.RELEASE_SLOT);

  /**
   * Completes the given compensation handlers, which must be exactly the ones that open until compensation is done
   * (the two revocations of a completed personalization open one after the other). The applet's delete stays pending
   * (phone offline): the issuance does not wait for it.
   */
  private void completeCompensation(String... handlers) {
    Set<String> expected = Set.of(handlers);
    Set<String> completed = new HashSet<>();
    while (!completed.containsAll(expected)) {
      Map<String, String> open = workers.openTasks();
      assertThat(open).as("open compensation handlers, after %s", completed).isNotEmpty();
      assertThat(expected).as("only compensation handlers are open").containsAll(open.keySet());
      open.keySet().forEach(handler -> {
        completeCompensationHandler(handler);
        completed.add(handler);
      });
    }
  }

  private void completeCompensationHandler(String handler) {
    LockedExternalTask task = handler.equals(TASK_DELETE_APPLET)
        ? workers.completeLocal(handler, Topics.DELETE_APPLET, Map.of(CaseVariables.APPLET_DELETED, false))
        : workers.complete(handler, COMPENSATION_TOPICS.get(handler));
    if (handler.equals(TASK_REVOKE_SIGNING_CERTIFICATE)) {
      assertThat(task.getVariables()).containsEntry(CaseVariables.KEY_ROLE, KeyRole.SIGNING.name())
          .containsEntry(CaseVariables.REVOCATION_REASON, RevocationReasons.CESSATION_OF_OPERATION);
    }
    if (handler.equals(TASK_REVOKE_USER_AUTH_CERTIFICATE)) {
      assertThat(task.getVariables()).containsEntry(CaseVariables.KEY_ROLE, KeyRole.USER_AUTH.name())
          .containsEntry(CaseVariables.REVOCATION_REASON, RevocationReasons.CESSATION_OF_OPERATION);
    }
  }

  /**
   * A personalization that was interrupted (its timer, the holder input timer inside it, a BPMN error inside it) is
   * cancelled, not completed, so it is not compensated: only the process scope's other handlers run. Release credential slot revokes every certificate on record (registry.release-slot), so
   * nothing issued is left good; Delete applet removes the keys and stored certificates.
   */
  private void assertInterruptedPersonalizationCompensated() {
    assertThat(workers.openTasks()).containsOnlyKeys(TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    completeCompensation(TASK_DELETE_APPLET, TASK_RELEASE_CREDENTIAL_SLOT);
    assertThat(instance).hasNotPassed(TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE);
  }

  /**
   * After compensation, and only then (the handlers were the only open tasks), the holder's app is told that the
   * issuance was cancelled.
   */
  private void notifyHolderOfCancellation(String notifyTask) {
    assertThat(workers.openTasks()).containsOnlyKeys(notifyTask);
    assertThat(workers.complete(notifyTask, Topics.NOTIFY_HOLDER).getVariables())
        .containsEntry(CaseVariables.NOTIFICATION_KIND, NotificationKinds.ISSUANCE_CANCELLED);
  }

  private void assertNothingCompensated() {
    List<HistoricActivityInstance> handlers = history.createHistoricActivityInstanceQuery()
        .processInstanceId(instance.getId()).list().stream()
        .filter(a -> COMPENSATION_TOPICS.containsKey(a.getActivityId())).toList();
    assertThat(handlers).isEmpty();
  }

  /** The activities were started but cancelled (not completed), e.g. by an interrupting event sub-process. */
  private void assertCanceled(String... activityIds) {
    for (String activityId : activityIds) {
      assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).activityId(activityId)
          .canceled().count()).as("%s cancelled", activityId).isEqualTo(1);
    }
  }

  private Object historicVariable(String name) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName(name)
        .singleResult().getValue();
  }

  private void moveClock(Duration fromNow) {
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(fromNow)));
  }

  private void assertTimerDueIn(String timerId, Duration expected) {
    Instant due = workers.timer(timerId).getDuedate().toInstant();
    Instant now = Instant.now();
    assertThat(due).isBetween(now.plus(expected).minusSeconds(60), now.plus(expected).plusSeconds(5));
  }
}
