package org.mjpki.processes.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
import org.mjpki.processes.CaseVariables.Actors;
import org.mjpki.processes.CaseVariables.RevocationReasons;
import org.mjpki.processes.ExternalTaskDriver;
import org.mjpki.processes.Topics;
import org.mjpki.processes.revocation.RevocationProcess.Elements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The holder's revocation (R9): a call of the reusable revoke-credential-set, which gets this case's business key
 * and exactly the variables it needs. The called process's paths are RevokeCredentialSetProcessTest's; here it runs
 * its shortest one (phone online), and its coverage is left to that class.
 */
@Deployment(resources = {RevocationProcess.BPMN_RESOURCE, RevokeCredentialSetProcess.BPMN_RESOURCE})
class RevocationProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder()
      .excludeProcessDefinitionKeys(RevokeCredentialSetProcess.PROCESS_KEY)
      .assertClassCoverageAtLeast(1.0)
      .build();

  private static int requests = 0;

  private ProcessEngine engine;
  private RuntimeService runtime;
  private String revocationId;
  private String credentialSetId;

  @BeforeEach
  void setUp(ProcessEngine engine) {
    this.engine = engine;
    this.runtime = engine.getRuntimeService();
    BpmnAwareTests.init(engine);
    revocationId = "rev-" + (++requests);
    credentialSetId = "set-" + requests;
  }

  @Test
  @DisplayName("holder revokes from the phone: Revoke credential set runs under this request's business key with exactly the variables it needs")
  void holderRevokesCredentialSet() {
    Map<String, Object> variables = startVariables();
    variables.put(CaseVariables.APPLET_DELETE_PERIOD, "P7D");
    variables.put(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, "PT2H");
    variables.put("somethingElse", "stays with the caller");
    ProcessInstance revocation = runtime.startProcessInstanceByKey(RevocationProcess.PROCESS_KEY, revocationId, variables);

    assertThat(revocation).hasPassed(Elements.START_EVENT_REVOCATION_REQUESTED).isWaitingAt(Elements.CALL_ACTIVITY_REVOKE_CREDENTIAL_SET);
    ProcessInstance called = calledInstance(revocation);
    assertThat(called.getBusinessKey()).isEqualTo(revocationId);
    assertThat(runtime.getVariables(called.getId())).containsOnly(
        Map.entry(CaseVariables.CREDENTIAL_SET_ID, credentialSetId),
        Map.entry(CaseVariables.REVOCATION_REASON, RevocationReasons.CESSATION_OF_OPERATION),
        Map.entry(CaseVariables.ACTOR, Actors.HOLDER),
        Map.entry(CaseVariables.APPLET_DELETE_PERIOD, "P7D"),
        Map.entry(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, "PT2H"));

    runPhoneOnline(called);

    assertThat(called).isEnded().hasPassed(RevokeCredentialSetProcess.Elements.END_EVENT_CREDENTIAL_SET_REVOKED);
    assertThat(revocation).isEnded().hasPassed(Elements.CALL_ACTIVITY_REVOKE_CREDENTIAL_SET, Elements.END_EVENT_CREDENTIAL_SET_REVOKED);
  }

  @Test
  @DisplayName("no applet delete period from the app API: the called process falls back to P30D")
  void noAppletDeletePeriod() {
    ProcessInstance revocation = runtime.startProcessInstanceByKey(RevocationProcess.PROCESS_KEY, revocationId, startVariables());
    ProcessInstance called = calledInstance(revocation);
    // the in-mapping of a variable the caller does not have passes null, hence the model's "empty" fallback
    assertThat(runtime.getVariables(called.getId())).containsEntry(CaseVariables.APPLET_DELETE_PERIOD, null);
    ExternalTaskDriver workers = new ExternalTaskDriver(engine, called.getId());
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_SIGNING_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_USER_AUTH_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    workers.executeDueJobs();
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);

    Instant due = workers.timer(RevokeCredentialSetProcess.Elements.TIMER_APPLET_DELETE_PERIOD_OVER).getDuedate().toInstant();
    Instant expected = Instant.now().plus(Duration.parse(CaseVariables.DEFAULT_APPLET_DELETE_PERIOD));
    assertThat(due).isBetween(expected.minusSeconds(60), expected.plusSeconds(5));
  }

  private Map<String, Object> startVariables() {
    Map<String, Object> variables = new HashMap<>();
    variables.put(CaseVariables.CREDENTIAL_SET_ID, credentialSetId);
    variables.put(CaseVariables.REVOCATION_REASON, RevocationReasons.CESSATION_OF_OPERATION);
    variables.put(CaseVariables.ACTOR, Actors.HOLDER);
    return variables;
  }

  private ProcessInstance calledInstance(ProcessInstance caller) {
    ProcessInstance called = runtime.createProcessInstanceQuery().superProcessInstanceId(caller.getId()).singleResult();
    assertThat(called).as("instance called by %s", caller.getId()).isNotNull();
    assertThat(engine.getRepositoryService().getProcessDefinition(called.getProcessDefinitionId()).getKey())
        .isEqualTo(RevokeCredentialSetProcess.PROCESS_KEY);
    return called;
  }

  private void runPhoneOnline(ProcessInstance called) {
    ExternalTaskDriver workers = new ExternalTaskDriver(engine, called.getId());
    assertThat(workers.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_SIGNING_CERTIFICATE, Topics.REVOKE_CERTIFICATE)
        .getBusinessKey()).isEqualTo(revocationId);
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_REVOKE_USER_AUTH_CERTIFICATE, Topics.REVOKE_CERTIFICATE);
    workers.executeDueJobs();
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED, Topics.REVOKE_CREDENTIAL_SET);
    workers.complete(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, Topics.NOTIFY_HOLDER);
    workers.completeLocal(RevokeCredentialSetProcess.Elements.TASK_DELETE_APPLET, Topics.DELETE_APPLET,
        Map.of(CaseVariables.APPLET_DELETED, true));
  }
}
