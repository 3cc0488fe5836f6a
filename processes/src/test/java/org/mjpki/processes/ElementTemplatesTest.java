package org.mjpki.processes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables.RevocationReasons;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Modeler element template (Camunda 7 schema) names a known topic, every topic has one, and
 * applying a template's bindings yields a task that deploys and runs on the engine and matches the
 * tasks of that topic in the models.
 */
class ElementTemplatesTest {

  static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
  private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("^\\$\\{([A-Za-z][A-Za-z0-9]*)}$");

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
  record Bindings(String id, int version, String type, String topic, Map<String, List<String>> inputs, Map<String, String> outputs) {

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
      return new Bindings(template.get("id").asText(), template.get("version").asInt(), type, topic, inputs, outputs);
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
    assertThat(bindings.version()).isPositive();
  }

  /** A dropdown offers exactly the values the constants know, and a fixed value is one of them. */
  @ParameterizedTest
  @MethodSource("templates")
  void dropdownsOfferTheKnownValues(String file) throws IOException {
    Map<String, List<String>> known = Map.of(
        CaseVariables.KEY_ROLE, Arrays.stream(KeyRole.values()).map(Enum::name).toList(),
        CaseVariables.NOTIFICATION_KIND, NotificationKinds.ALL,
        CaseVariables.REVOCATION_REASON, Stream.concat(RevocationReasons.ALL.stream(),
            Stream.of("${" + CaseVariables.REVOCATION_REASON + "}")).toList());
    for (JsonNode property : read(file).get("properties")) {
      String name = property.get("binding").path("name").asText();
      if (!property.get("binding").get("type").asText().equals("camunda:inputParameter") || !known.containsKey(name)) {
        continue;
      }
      if (property.has("choices")) {
        List<String> offered = new ArrayList<>();
        property.get("choices").forEach(c -> offered.add(c.get("value").asText()));
        assertThat(offered).as("%s offered by %s", name, file).containsExactlyInAnyOrderElementsOf(known.get(name));
      } else {
        assertThat(property.get("value").asText()).as("%s set by %s", name, file).isIn(known.get(name));
      }
    }
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
    // an input that reads a case variable (${revocationReason}) gets one from the start
    Map<String, Object> start = new HashMap<>();
    Map<String, Object> expectedInputs = new HashMap<>();
    bindings.inputs().forEach((name, values) -> {
      Matcher variable = VARIABLE.matcher(values.get(0));
      if (variable.matches()) {
        start.put(variable.group(1), "case value of " + variable.group(1));
        expectedInputs.put(name, "case value of " + variable.group(1));
      } else {
        expectedInputs.put(name, values.get(0));
      }
    });
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
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("TemplateCheck", start);
    ExternalTaskDriver worker = new ExternalTaskDriver(engine, instance.getId());
    Map<String, Object> returned = new HashMap<>();
    bindings.outputs().keySet().forEach(variable -> returned.put(variable, "value of " + variable));
    LockedExternalTask locked = worker.complete("Task_FromTemplate", bindings.topic(), returned);

    expectedInputs.forEach((name, value) -> assertThat(locked.getVariables()).containsEntry(name, value));
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
        .singleResult().getState()).isEqualTo("COMPLETED");
    returned.forEach((variable, value) -> assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId()).variableName(variable).list()).extracting("value").contains(value));
  }

  static Stream<String> bpmnModels() throws IOException, URISyntaxException {
    Path dir = Path.of(ElementTemplatesTest.class.getClassLoader().getResource("bpmn").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> "bpmn/" + p.getFileName()).filter(n -> n.endsWith(".bpmn")).sorted().toList().stream();
    }
  }

  /** Every service task of every model names its topic's template at its current version, and matches its bindings. */
  @ParameterizedTest
  @MethodSource("bpmnModels")
  void tasksUseTheirTopicsTemplateAtItsVersion(String resource) throws IOException, URISyntaxException {
    Map<String, Bindings> byTopic = new HashMap<>();
    for (String file : templates().toList()) {
      Bindings bindings = Bindings.of(read(file));
      byTopic.put(bindings.topic(), bindings);
    }
    BpmnModelInstance model;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      model = Bpmn.readModelFromStream(in);
    }
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      Bindings bindings = byTopic.get(task.getCamundaTopic());
      assertThat(task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate"))
          .as("template of %s", task.getId()).isEqualTo(bindings.id());
      assertThat(task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion"))
          .as("template version of %s", task.getId()).isEqualTo(String.valueOf(bindings.version()));
      List<CamundaInputOutput> io = task.getExtensionElements() == null ? List.of()
          : task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list();
      Map<String, String> inputs = io.stream().flatMap(i -> i.getCamundaInputParameters().stream())
          .collect(Collectors.toMap(CamundaInputParameter::getCamundaName, CamundaInputParameter::getTextContent));
      Map<String, String> outputs = io.stream().flatMap(i -> i.getCamundaOutputParameters().stream())
          .collect(Collectors.toMap(CamundaOutputParameter::getCamundaName, CamundaOutputParameter::getTextContent));
      assertThat(inputs.keySet()).as("inputs of %s", task.getId()).isEqualTo(bindings.inputs().keySet());
      inputs.forEach((name, value) -> assertThat(bindings.inputs().get(name)).as("%s of %s", name, task.getId()).contains(value));
      assertThat(outputs).as("outputs of %s", task.getId()).isEqualTo(bindings.outputs());
    }
  }
}
