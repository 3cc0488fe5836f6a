package org.mjpki.processes.devicechange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mjpki.processes.devicechange.DeviceChangeProcess.Elements.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.Topics;
import org.mjpki.processes.devicechange.DeviceChangeProcess.Errors;
import org.mjpki.processes.devicechange.DeviceChangeProcess.Variables;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess;

/**
 * Path-by-path tests of the device change. The test plays the workers and drives the two called processes as far as
 * each path needs: Revoke credential set through its revocation and remote delete, and issuance to its first step
 * (its own paths are IssuanceProcessTest's). Together the paths cover every flow node and sequence flow of
 * device-change; the called models' coverage is left to their own tests.
 */
@Deployment(resources = {DeviceChangeProcess.BPMN_RESOURCE, IssuanceProcess.BPMN_RESOURCE, IssuanceProcess.DMN_RESOURCE,
    RevokeCredentialSetProcess.BPMN_RESOURCE})
class DeviceChangeProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .excludeProcessDefinitionKeys(IssuanceProcess.PROCESS_KEY, RevokeCredentialSetProcess.PROCESS_KEY)
      .assertClassCoverageAtLeast(1.0)
      .build();

  private static int applications = 0;

  private ProcessEngine engine;
  private RuntimeService runtime;
  private String applicationId;
  private String oldSetId;
  private ProcessInstance change;
  private ExternalTaskDriver workers;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    BpmnAwareTests.init(engine);
    applicationId = "APP-DC-" + (++applications);
    oldSetId = "cs-old-" + applications;
  }

  // ------------------------------------------------------------------ to a new phone

  @Test
  @DisplayName("new phone, old phone online: old set revoked first, new set issued from the revocation on, in parallel with the old applet's delete")
  void newPhoneOldPhoneOnline() {
    start(eligibleDevice());
    checkApplicationAndNewPhone();
    takeOldSet(false);
    assertThat(change).isWaitingAt(CALL_ACTIVITY_REVOKE_REPLACED_SET);
    ProcessInstance revoke = called(change, RevokeCredentialSetProcess.PROCESS_KEY);
    assertThat(revoke.getBusinessKey()).isEqualTo(applicationId);
    assertThat(runtime.getVariables(revoke.getId())).containsOnly(
        Map.entry(CaseVariables.CREDENTIAL_SET_ID, oldSetId),
        Map.entry(CaseVariables.REVOCATION_REASON, CaseVariables.RevocationReasons.CESSATION_OF_OPERATION),
        Map.entry(CaseVariables.ACTOR, CaseVariables.Actors.HOLDER),
        Map.entry(CaseVariables.APPLET_DELETE_PERIOD, "P7D"),
        Map.entry(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, "PT2H"));
    ExternalTaskDriver revoking = new ExternalTaskDriver(engine, revoke.getId());
    revokeCertificates(revoking);
    // nothing is issued before the old set is REVOKED (R2)
    assertThat(calledOrNull(change, IssuanceProcess.PROCESS_KEY)).isNull();

    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    ProcessInstance issuance = called(change, IssuanceProcess.PROCESS_KEY);
    assertThat(change).hasPassed(BOUNDARY_EVENT_REPLACED_SET_REVOKED, GATEWAY_NEW_PHONE_ONCE_REVOKED, GATEWAY_ISSUE_NEW_SET)
        .isWaitingAt(CALL_ACTIVITY_REVOKE_REPLACED_SET, CALL_ACTIVITY_ISSUE_NEW_SET);
    assertIssuanceGets(issuance, oldSetId);

    // the old phone is cleared while the new set is being issued
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);
    revoking.completeLocal(RevokeCredentialSetProcess.Elements.TASK_DELETE_APPLET, Topics.DELETE_APPLET,
        Map.of(CaseVariables.APPLET_DELETED, true));
    assertThat(change).hasPassed(GATEWAY_SAME_PHONE_ONCE_DELETED, END_EVENT_OLD_PHONE_CLEARED).isWaitingAt(CALL_ACTIVITY_ISSUE_NEW_SET);

    endIssuance(issuance);
    assertThat(change).isEnded().hasPassed(END_EVENT_NEW_SET_ISSUANCE_ENDED).hasNotPassed(END_EVENT_SAME_PHONE_AWAITS_DELETE);
  }

  @Test
  @DisplayName("new phone, old phone offline for good: the new set is issued and done while the old applet waits, then is left on the phone")
  void newPhoneOldPhoneNeverBack() {
    start(eligibleDevice());
    checkApplicationAndNewPhone();
    takeOldSet(false);
    ProcessInstance revoke = called(change, RevokeCredentialSetProcess.PROCESS_KEY);
    ExternalTaskDriver revoking = new ExternalTaskDriver(engine, revoke.getId());
    revokeCertificates(revoking);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);
    revoking.completeLocal(RevokeCredentialSetProcess.Elements.TASK_DELETE_APPLET, Topics.DELETE_APPLET,
        Map.of(CaseVariables.APPLET_DELETED, false));
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_ASK_PHONE_TO_DELETE_APPLET, Topics.NOTIFY_HOLDER);
    assertThat(revoke).isWaitingAt(RevokeCredentialSetProcess.Elements.TASK_AWAIT_APPLET_DELETE_REPORT);

    // the new phone does not wait for the old one
    ProcessInstance issuance = called(change, IssuanceProcess.PROCESS_KEY);
    endIssuance(issuance);
    assertThat(change).isNotEnded().hasPassed(CALL_ACTIVITY_ISSUE_NEW_SET).isWaitingAt(CALL_ACTIVITY_REVOKE_REPLACED_SET);

    revoking.fire(RevokeCredentialSetProcess.Elements.TIMER_APPLET_DELETE_PERIOD_OVER);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_APPLET_LEFT_ON_PHONE, Topics.RECORD_APPLET_LEFT_ON_PHONE);
    assertThat(revoke).isEnded().hasPassed(RevokeCredentialSetProcess.Elements.END_EVENT_APPLET_LEFT_ON_PHONE);
    assertThat(change).isEnded().hasPassed(END_EVENT_OLD_PHONE_CLEARED, END_EVENT_NEW_SET_ISSUANCE_ENDED);
  }

  @Test
  @DisplayName("consent for a set that no longer exists (revoked meanwhile): an ordinary issuance, nothing revoked")
  void noSetToReplace() {
    start(eligibleDevice());
    checkApplicationAndNewPhone();
    workers.complete(TASK_TAKE_SET_TO_REPLACE, Topics.TAKE_SET_TO_REPLACE);
    assertThat(runtime.getVariables(change.getId())).containsEntry(Variables.REPLACED_SET_ID, null);
    ProcessInstance issuance = called(change, IssuanceProcess.PROCESS_KEY);
    assertThat(change).hasPassed(GATEWAY_SET_TO_REPLACE, GATEWAY_ISSUE_NEW_SET).hasNotPassed(CALL_ACTIVITY_REVOKE_REPLACED_SET);
    assertIssuanceGets(issuance, null);
    endIssuance(issuance);
    assertThat(change).isEnded().hasPassed(END_EVENT_NEW_SET_ISSUANCE_ENDED);
  }

  // ------------------------------------------------------------------ on the same phone

  @Test
  @DisplayName("same phone: the old applet is deleted before the new one is installed; the delete waits at most the personalization timeout")
  void samePhoneOldAppletDeleted() {
    start(eligibleDevice());
    checkApplicationAndNewPhone();
    takeOldSet(true);
    ProcessInstance revoke = called(change, RevokeCredentialSetProcess.PROCESS_KEY);
    assertThat(runtime.getVariables(revoke.getId()))
        .containsEntry(CaseVariables.APPLET_DELETE_PERIOD, "PT20M")
        .containsEntry(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, "PT1M");
    ExternalTaskDriver revoking = new ExternalTaskDriver(engine, revoke.getId());
    revokeCertificates(revoking);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    assertThat(change).hasPassed(BOUNDARY_EVENT_REPLACED_SET_REVOKED, END_EVENT_SAME_PHONE_AWAITS_DELETE);
    assertThat(calledOrNull(change, IssuanceProcess.PROCESS_KEY)).as("issuance before the old applet is gone").isNull();

    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);
    revoking.completeLocal(RevokeCredentialSetProcess.Elements.TASK_DELETE_APPLET, Topics.DELETE_APPLET,
        Map.of(CaseVariables.APPLET_DELETED, true));
    assertThat(change).hasPassed(GATEWAY_SAME_PHONE_ONCE_DELETED, GATEWAY_OLD_APPLET_DELETED)
        .variables().containsEntry(Variables.OLD_APPLET_DELETED, true);
    ProcessInstance issuance = called(change, IssuanceProcess.PROCESS_KEY);
    assertIssuanceGets(issuance, oldSetId);
    endIssuance(issuance);
    assertThat(change).isEnded().hasPassed(END_EVENT_NEW_SET_ISSUANCE_ENDED).hasNotPassed(END_EVENT_OLD_PHONE_CLEARED);
  }

  @Test
  @DisplayName("same phone goes offline before its old applet is deleted: old set revoked, nothing installed, the holder may apply again")
  void samePhoneOldAppletStillThere() {
    Map<String, Object> variables = eligibleDevice();
    variables.remove(IssuanceProcess.Variables.PERSONALIZATION_TIMEOUT);
    start(variables);
    checkApplicationAndNewPhone();
    takeOldSet(true);
    ProcessInstance revoke = called(change, RevokeCredentialSetProcess.PROCESS_KEY);
    assertThat(runtime.getVariables(revoke.getId())).as("issuance's default when no timeout was given")
        .containsEntry(CaseVariables.APPLET_DELETE_PERIOD, IssuanceProcess.Variables.DEFAULT_PERSONALIZATION_TIMEOUT);
    ExternalTaskDriver revoking = new ExternalTaskDriver(engine, revoke.getId());
    revokeCertificates(revoking);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);
    revoking.completeLocal(RevokeCredentialSetProcess.Elements.TASK_DELETE_APPLET, Topics.DELETE_APPLET,
        Map.of(CaseVariables.APPLET_DELETED, false));
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_ASK_PHONE_TO_DELETE_APPLET, Topics.NOTIFY_HOLDER);
    revoking.fire(RevokeCredentialSetProcess.Elements.TIMER_APPLET_DELETE_PERIOD_OVER);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_APPLET_LEFT_ON_PHONE, Topics.RECORD_APPLET_LEFT_ON_PHONE);

    assertThat(change).isEnded().hasPassed(GATEWAY_OLD_APPLET_DELETED, END_EVENT_OLD_APPLET_STILL_ON_PHONE)
        .hasNotPassed(CALL_ACTIVITY_ISSUE_NEW_SET);
  }

  // ------------------------------------------------------------------ refused before anything changes

  @Test
  @DisplayName("invalid application: rejected before any set is looked up")
  void applicationInvalid() {
    start(eligibleDevice());
    workers.throwBpmnError(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, IssuanceProcess.Errors.APPLICATION_INVALID);
    assertThat(change).isEnded().hasPassed(END_EVENT_APPLICATION_REJECTED).hasNotPassed(TASK_TAKE_SET_TO_REPLACE);
  }

  @Test
  @DisplayName("card signing certificate not good: refused, old set untouched")
  void cardCertificateNotGood() {
    start(eligibleDevice());
    workers.throwBpmnError(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, IssuanceProcess.Errors.CARD_CERTIFICATE_NOT_GOOD);
    assertThat(change).isEnded().hasPassed(END_EVENT_CARD_CERTIFICATE_NOT_GOOD).hasNotPassed(TASK_TAKE_SET_TO_REPLACE);
  }

  @Test
  @DisplayName("new phone ineligible: refused before the old set is revoked")
  void newPhoneIneligible() {
    Map<String, Object> variables = eligibleDevice();
    variables.put(IssuanceProcess.Variables.OS_VERSION, 8);
    start(variables);
    workers.complete(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, verified());
    workers.executeDueJobs();
    assertThat(change).isEnded().hasPassed(END_EVENT_DEVICE_INELIGIBLE).hasNotPassed(TASK_TAKE_SET_TO_REPLACE);
  }

  @Test
  @DisplayName("new phone rooted: refused before the old set is revoked")
  void newPhoneIntegrityFailed() {
    start(eligibleDevice());
    workers.complete(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, verified());
    workers.executeDueJobs();
    workers.throwBpmnError(TASK_VERIFY_DEVICE_INTEGRITY, Topics.VERIFY_DEVICE_ATTESTATION, IssuanceProcess.Errors.DEVICE_INTEGRITY_FAILED);
    assertThat(change).isEnded().hasPassed(END_EVENT_DEVICE_INTEGRITY_FAILED).hasNotPassed(TASK_TAKE_SET_TO_REPLACE);
  }

  @Test
  @DisplayName("another device change took the set first: refused, nothing revoked by this one")
  void setAlreadyBeingReplaced() {
    start(eligibleDevice());
    checkApplicationAndNewPhone();
    workers.throwBpmnError(TASK_TAKE_SET_TO_REPLACE, Topics.TAKE_SET_TO_REPLACE, Errors.SET_ALREADY_BEING_REPLACED);
    assertThat(change).isEnded().hasPassed(END_EVENT_SET_ALREADY_BEING_REPLACED).hasNotPassed(CALL_ACTIVITY_REVOKE_REPLACED_SET);
  }

  @Test
  @DisplayName("the holder's set is still being issued: refused, nothing revoked")
  void setStillBeingIssued() {
    start(eligibleDevice());
    checkApplicationAndNewPhone();
    workers.throwBpmnError(TASK_TAKE_SET_TO_REPLACE, Topics.TAKE_SET_TO_REPLACE, Errors.SET_STILL_BEING_ISSUED);
    assertThat(change).isEnded().hasPassed(END_EVENT_SET_STILL_BEING_ISSUED).hasNotPassed(CALL_ACTIVITY_REVOKE_REPLACED_SET);
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> eligibleDevice() {
    Map<String, Object> variables = new HashMap<>();
    variables.put(IssuanceProcess.Variables.DEVICE_MANUFACTURER, "Acme");
    variables.put(IssuanceProcess.Variables.DEVICE_MODEL, "A1");
    variables.put(IssuanceProcess.Variables.OS_VERSION, 14);
    variables.put(IssuanceProcess.Variables.SE_TYPE, "GP-SE-JAVACARD");
    variables.put(IssuanceProcess.Variables.HOLDER_INPUT_TIMEOUT, "PT10M");
    variables.put(IssuanceProcess.Variables.PERSONALIZATION_TIMEOUT, "PT20M");
    variables.put(CaseVariables.APPLET_DELETE_PERIOD, "P7D");
    variables.put(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, "PT2H");
    return variables;
  }

  private void start(Map<String, Object> device) {
    Map<String, Object> variables = new HashMap<>(device);
    variables.put(IssuanceProcess.Variables.APPLICATION_ID, applicationId);
    variables.put(IssuanceProcess.Variables.SE_ID, "SE-" + applicationId);
    change = runtime.startProcessInstanceByKey(DeviceChangeProcess.PROCESS_KEY, applicationId, variables);
    workers = new ExternalTaskDriver(engine, change.getId());
    assertThat(change).isStarted().isWaitingAt(TASK_VERIFY_APPLICATION);
  }

  private Map<String, Object> verified() {
    return Map.of(IssuanceProcess.Variables.HOLDER_REF, "holder-" + applicationId,
        IssuanceProcess.Variables.CARD_NOT_AFTER, "2030-04-01T14:59:59Z");
  }

  private void checkApplicationAndNewPhone() {
    workers.complete(TASK_VERIFY_APPLICATION, Topics.VERIFY_APPLICATION, verified());
    assertThat(change).isWaitingAt(TASK_DECIDE_DEVICE_ELIGIBILITY);
    workers.executeDueJobs();
    assertThat(change).hasPassed(GATEWAY_DEVICE_ELIGIBLE);
    workers.complete(TASK_VERIFY_DEVICE_INTEGRITY, Topics.VERIFY_DEVICE_ATTESTATION);
    assertThat(change).isWaitingAt(TASK_TAKE_SET_TO_REPLACE);
  }

  private void takeOldSet(boolean samePhone) {
    workers.complete(TASK_TAKE_SET_TO_REPLACE, Topics.TAKE_SET_TO_REPLACE,
        Map.of(Variables.REPLACED_SET_ID, oldSetId, Variables.REPLACED_ON_SAME_PHONE, samePhone));
  }

  private static void revokeCertificates(ExternalTaskDriver revoking) {
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_SIGNING_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    revoking.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_USER_AUTH_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    revoking.executeDueJobs();
  }

  /** Issuance gets this application's business key and exactly its own variables, never the old set's id. */
  private void assertIssuanceGets(ProcessInstance issuance, String replacesSetId) {
    assertThat(issuance.getBusinessKey()).isEqualTo(applicationId);
    Map<String, Object> expected = new HashMap<>();
    for (String name : List.of(IssuanceProcess.Variables.APPLICATION_ID, IssuanceProcess.Variables.SE_ID,
        IssuanceProcess.Variables.DEVICE_MANUFACTURER, IssuanceProcess.Variables.DEVICE_MODEL,
        IssuanceProcess.Variables.OS_VERSION, IssuanceProcess.Variables.SE_TYPE,
        IssuanceProcess.Variables.HOLDER_INPUT_TIMEOUT, IssuanceProcess.Variables.PERSONALIZATION_TIMEOUT)) {
      expected.put(name, runtime.getVariable(change.getId(), name));
    }
    expected.put(Variables.REPLACES_SET_ID, replacesSetId);
    assertThat(runtime.getVariables(issuance.getId())).containsExactlyInAnyOrderEntriesOf(expected)
        .doesNotContainKey(CaseVariables.CREDENTIAL_SET_ID);
    assertThat(issuance).isWaitingAt(IssuanceProcess.Elements.TASK_VERIFY_APPLICATION);
  }

  /** Issuance's shortest way to an end: its own outcomes are IssuanceProcessTest's. */
  private void endIssuance(ProcessInstance issuance) {
    new ExternalTaskDriver(engine, issuance.getId()).throwBpmnError(IssuanceProcess.Elements.TASK_VERIFY_APPLICATION,
        Topics.VERIFY_APPLICATION, IssuanceProcess.Errors.APPLICATION_INVALID);
    assertThat(issuance).isEnded();
  }

  private ProcessInstance called(ProcessInstance caller, String key) {
    ProcessInstance called = calledOrNull(caller, key);
    assertThat(called).as("%s called by %s", key, caller.getId()).isNotNull();
    return called;
  }

  private ProcessInstance calledOrNull(ProcessInstance caller, String key) {
    return runtime.createProcessInstanceQuery().superProcessInstanceId(caller.getId()).processDefinitionKey(key).singleResult();
  }
}
