package org.mjpki.processes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Modeler element template (Camunda 7 schema) names a known topic, every topic has one, and
 * applying a template's bindings yields a task that deploys and runs on the engine and matches the
 * tasks of that topic in the models.
 */
class ElementTemplatesTest {

  static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ProcessEngineCoverageExtension.builder().build();

  static Stream<String> templates() throws IOException, URISyntaxException {
    Path dir = Path.of(ElementTemplatesTest.class.getClassLoader().getResource("element-templates").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in = ElementTemplatesTest.class.getClassLoader().getResourceAsStream("element-templates/" + file)) {
      return JSON.readTree(in);
    }
  }

  /** The bindings of one template: what applying it in Modeler sets on a service task. */
  record Bindings(String id, String type, String topic, Map<String, List<String>> inputs, Map<String, String> outputs) {

    static Bindings of(JsonNode template) {
      String type = null;
      String topic = null;
      Map<String, List<String>> inputs = new LinkedHashMap<>();
      Map<String, String> outputs = new LinkedHashMap<>();
      for (JsonNode property : template.get("properties")) {
        JsonNode binding = property.get("binding");
        String bindingType = binding.get("type").asText();
        if (bindingType.equals("property") && binding.get("name").asText().equals("camunda:type")) {
          assertThat(property.get("type").asText()).isEqualTo("Hidden");
          type = property.get("value").asText();
        } else if (bindingType.equals("property") && binding.get("name").asText().equals("camunda:topic")) {
          assertThat(property.path("editable").asBoolean(true)).as("topic is fixed").isFalse();
          topic = property.get("value").asText();
        } else if (bindingType.equals("camunda:inputParameter")) {
          List<String> values = new ArrayList<>();
          if (property.has("choices")) {
            property.get("choices").forEach(c -> values.add(c.get("value").asText()));
            assertThat(values).contains(property.get("value").asText());
          } else {
            values.add(property.get("value").asText());
          }
          inputs.put(binding.get("name").asText(), values);
        } else if (bindingType.equals("camunda:outputParameter")) {
          outputs.put(property.get("value").asText(), binding.get("source").asText());
        } else {
          throw new AssertionError("unexpected binding " + binding);
        }
      }
      return new Bindings(template.get("id").asText(), type, topic, inputs, outputs);
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void isACamunda7TemplateForAKnownTopic(String file) throws IOException {
    JsonNode template = read(file);
    assertThat(template.get("$schema").asText()).isEqualTo(SCHEMA);
    assertThat(template.get("name").asText()).isNotBlank();
    assertThat(template.get("appliesTo")).extracting(JsonNode::asText).containsExactly("bpmn:ServiceTask");
    Bindings bindings = Bindings.of(template);
    assertThat(bindings.type()).isEqualTo("external");
    assertThat(bindings.topic()).isIn(Topics.ALL);
    assertThat(file).isEqualTo(bindings.topic() + ".json");
    assertThat(bindings.id()).isEqualTo("org.mjpki." + bindings.topic());
  }

  @Test
  void everyTopicHasATemplate() throws Exception {
    List<String> topics = new ArrayList<>();
    for (String file : templates().toList()) {
      topics.add(Bindings.of(read(file)).topic());
    }
    assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  @ParameterizedTest
  @MethodSource("templates")
  void appliedTemplateDeploysAndRuns(String file, ProcessEngine engine) throws IOException {
    Bindings bindings = Bindings.of(read(file));
    ServiceTaskBuilder task = Bpmn.createExecutableProcess("TemplateCheck")
        .camundaHistoryTimeToLive(1)
        .startEvent("StartEvent_Started")
        .serviceTask("Task_FromTemplate")
        .camundaType(bindings.type())
        .camundaTopic(bindings.topic());
    bindings.inputs().forEach((name, values) -> task.camundaInputParameter(name, values.get(0)));
    bindings.outputs().forEach((variable, source) -> task.camundaOutputParameter(variable, source));
    BpmnModelInstance model = task.endEvent("EndEvent_Done").done();
    Bpmn.validateModel(model);

    engine.getRepositoryService().createDeployment().addModelInstance("template-check.bpmn", model).deploy();
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("TemplateCheck");
    ExternalTaskDriver worker = new ExternalTaskDriver(engine, instance.getId());
    Map<String, Object> returned = new HashMap<>();
    bindings.outputs().keySet().forEach(variable -> returned.put(variable, "value of " + variable));
    LockedExternalTask locked = worker.complete("Task_FromTemplate", bindings.topic(), returned);

    bindings.inputs().forEach((name, values) -> assertThat(locked.getVariables()).containsEntry(name, values.get(0)));
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
        .singleResult().getState()).isEqualTo("COMPLETED");
    returned.forEach((variable, value) -> assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId()).variableName(variable).list()).extracting("value").contains(value));
  }

  @Test
  void issuanceTasksUseTheirTopicsTemplate() throws IOException, URISyntaxException {
    Map<String, Bindings> byTopic = new HashMap<>();
    for (String file : templates().toList()) {
      Bindings bindings = Bindings.of(read(file));
      byTopic.put(bindings.topic(), bindings);
    }
    BpmnModelInstance model;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(IssuanceProcess.BPMN_RESOURCE)) {
      model = Bpmn.readModelFromStream(in);
    }
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      Bindings bindings = byTopic.get(task.getCamundaTopic());
      assertThat(task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplate"))
          .as("template of %s", task.getId()).isEqualTo(bindings.id());
      List<CamundaInputOutput> io = task.getExtensionElements() == null ? List.of()
          : task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list();
      Map<String, String> inputs = io.stream().flatMap(i -> i.getCamundaInputParameters().stream())
          .collect(Collectors.toMap(CamundaInputParameter::getCamundaName, CamundaInputParameter::getTextContent));
      Map<String, String> outputs = io.stream().flatMap(i -> i.getCamundaOutputParameters().stream())
          .collect(Collectors.toMap(CamundaOutputParameter::getCamundaName, CamundaOutputParameter::getTextContent));
      assertThat(inputs.keySet()).as("inputs of %s", task.getId()).isEqualTo(bindings.inputs().keySet());
      inputs.forEach((name, value) -> assertThat(bindings.inputs().get(name)).contains(value));
      assertThat(outputs).as("outputs of %s", task.getId()).isEqualTo(bindings.outputs());
    }
  }
}
