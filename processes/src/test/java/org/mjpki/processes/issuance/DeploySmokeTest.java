package org.mjpki.processes.issuance;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ProcessEngineExtension.class)
class DeploySmokeTest {
  ProcessEngine engine;

  @Test
  @Deployment(resources = {IssuanceProcess.BPMN_RESOURCE, IssuanceProcess.DMN_RESOURCE})
  void deploys() {
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("issuance").count()).isEqualTo(1);
  }
}
