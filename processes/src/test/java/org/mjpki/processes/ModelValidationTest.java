package org.mjpki.processes;

import org.mjpki.lifecycle.KeyRole;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.issuance.IssuanceProcess.Elements;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.issuance.IssuanceProcess.Messages;
import org.mjpki.processes.NotificationKinds;
import org.mjpki.processes.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions every model in bpmn/ and dmn/ must follow (see shared/CAMUNDA-NOTES.md): parses,
 * executable with a history TTL, a full diagram, naming-guide ids, external service tasks with known
 * topics, every error a worker can throw caught somewhere, retry cycles on async continuations.
 */
class ModelValidationTest {

  /** All topics known to the constants classes; add a process's Topics.ALL here. */
  static final Set<String> KNOWN_TOPICS = Set.copyOf(Topics.ALL);

  /** Error codes each topic may throw, from the constants classes. */
  static Set<String> thrownBy(String topic) {
    return Errors.THROWN_BY_TOPIC.getOrDefault(topic, Set.of());
  }

  /** Naming guide: {@code Type_PascalCaseName}; DI ids may add {@code _di}. */
  private static final Pattern ID = Pattern.compile(
      "^(StartEvent|EndEvent|Task|Gateway|BoundaryEvent|Timer|IntermediateThrowEvent|IntermediateCatchEvent|SubProcess|"
          + "CallActivity|SequenceFlow|Association|TextAnnotation|Error|Message|Escalation|Signal|Definitions|"
          + "ErrorEventDefinition|EscalationEventDefinition|CompensateEventDefinition|TimerEventDefinition|"
          + "MessageEventDefinition|SignalEventDefinition|BPMNDiagram|BPMNPlane|Collaboration|Participant|Lane|LaneSet)"
          + "_[A-Z][A-Za-z0-9]*(_di)?$");
  /** What Modeler generates: {@code Activity_0abc123}, {@code Flow_1x2y3z4}, {@code Event_...}. */
  private static final Pattern GENERATED = Pattern.compile(".*_[0-9][0-9a-z]{6}$|^(Activity|Event|Flow|Process)_.*");

  static Stream<String> bpmnModels() throws IOException, URISyntaxException {
    return resources("bpmn", ".bpmn");
  }

  static Stream<String> dmnModels() throws IOException, URISyntaxException {
    return resources("dmn", ".dmn");
  }

  private static Stream<String> resources(String folder, String suffix) throws IOException, URISyntaxException {
    Path dir = Path.of(ModelValidationTest.class.getClassLoader().getResource(folder).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> folder + "/" + p.getFileName()).filter(n -> n.endsWith(suffix)).sorted().toList();
      assertThat(names).as("models in %s/", folder).isNotEmpty();
      return names.stream();
    }
  }

  private static BpmnModelInstance bpmn(String resource) {
    try (InputStream in = ModelValidationTest.class.getClassLoader().getResourceAsStream(resource)) {
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      Bpmn.validateModel(model);
      return model;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fileKey(String resource, String suffix) {
    return resource.substring(resource.lastIndexOf('/') + 1, resource.length() - suffix.length());
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void executableWithHistoryTimeToLiveAndNamedAfterItsKey(String resource) {
    Collection<Process> processes = bpmn(resource).getModelElementsByType(Process.class);
    assertThat(processes).hasSize(1);
    Process process = processes.iterator().next();
    assertThat(process.getId()).isEqualTo(fileKey(resource, ".bpmn"));
    assertThat(process.isExecutable()).isTrue();
    assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void hasADiagramWithEveryFlowNodeAndFlow(String resource) {
    BpmnModelInstance model = bpmn(resource);
    assertThat(model.getModelElementsByType(BpmnDiagram.class)).isNotEmpty();
    Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
        .map(s -> s.getBpmnElement().getId()).collect(Collectors.toSet());
    Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
        .map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      assertThat(shapes).as("shape of %s", node.getId()).contains(node.getId());
    }
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      assertThat(edges).as("edge of %s", flow.getId()).contains(flow.getId());
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void idsFollowTheNamingGuide(String resource) {
    BpmnModelInstance model = bpmn(resource);
    String key = fileKey(resource, ".bpmn");
    for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
      String id = element.getId();
      if (id == null || id.equals(key)) {
        continue;
      }
      assertThat(id).as("id of a %s", element.getElementType().getTypeName()).matches(ID).doesNotMatch(GENERATED);
    }
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      String prefix = node instanceof Task ? "Task_"
          : node instanceof Gateway ? "Gateway_"
          : node instanceof StartEvent ? "StartEvent_"
          : node instanceof EndEvent ? "EndEvent_"
          : node instanceof IntermediateThrowEvent ? "IntermediateThrowEvent_"
          : node instanceof SubProcess ? "SubProcess_"
          : node instanceof BoundaryEvent b && isTimer(b) ? "Timer_"
          : node instanceof BoundaryEvent ? "BoundaryEvent_"
          : "";
      assertThat(node.getId()).startsWith(prefix);
      assertThat(node.getName()).as("name of %s", node.getId()).isNotBlank();
    }
  }

  private static boolean isTimer(BoundaryEvent event) {
    return event.getEventDefinitions().stream().anyMatch(d -> d instanceof TimerEventDefinition);
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void serviceTasksAreExternalWithAKnownTopic(String resource) {
    for (ServiceTask task : bpmn(resource).getModelElementsByType(ServiceTask.class)) {
      assertThat(task.getCamundaType()).as("type of %s", task.getId()).isEqualTo("external");
      assertThat(task.getCamundaTopic()).as("topic of %s", task.getId()).isIn(KNOWN_TOPICS);
      assertThat(task.getCamundaClass()).isNull();
      assertThat(task.getCamundaExpression()).isNull();
      assertThat(task.getCamundaDelegateExpression()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void everyErrorAWorkerCanThrowIsCaught(String resource) {
    BpmnModelInstance model = bpmn(resource);
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      for (String code : thrownBy(task.getCamundaTopic())) {
        assertThat(caught(model, task, code)).as("%s thrown by %s (%s) is caught", code, task.getId(), task.getCamundaTopic()).isTrue();
      }
    }
  }

  /** By an error boundary event on the task, or an error event sub-process in an enclosing scope. */
  static boolean caught(BpmnModelInstance model, Activity task, String code) {
    for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
      if (boundary.getAttachedTo() == task && catchesError(boundary.getEventDefinitions(), code)) {
        return true;
      }
    }
    for (ModelElementInstance scope = task.getParentElement(); scope != null; scope = scope.getParentElement()) {
      for (SubProcess eventSubProcess : scope.getChildElementsByType(SubProcess.class)) {
        if (eventSubProcess.triggeredByEvent() && eventSubProcess != task) {
          for (StartEvent start : eventSubProcess.getChildElementsByType(StartEvent.class)) {
            if (catchesError(start.getEventDefinitions(), code)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static boolean catchesError(Collection<? extends ModelElementInstance> definitions, String code) {
    for (ModelElementInstance definition : definitions) {
      if (definition instanceof ErrorEventDefinition errorDefinition) {
        Error error = errorDefinition.getError();
        if (error == null || code.equals(error.getErrorCode())) {
          return true; // no error reference catches every code
        }
      }
    }
    return false;
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void asyncContinuationsRetryFiveTimesAMinuteApart(String resource) {
    for (FlowNode node : bpmn(resource).getModelElementsByType(FlowNode.class)) {
      if (node.isCamundaAsyncBefore() || node.isCamundaAsyncAfter()) {
        CamundaFailedJobRetryTimeCycle cycle = node.getExtensionElements() == null ? null
            : node.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list()
                .stream().findFirst().orElse(null);
        assertThat(cycle).as("retry cycle of %s", node.getId()).isNotNull();
        assertThat(cycle.getTextContent()).isEqualTo("R5/PT1M");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dmnModels")
  void decisionsHaveAKeyNamedAfterTheFileAHistoryTimeToLiveAndADiagram(String resource) throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      DmnModelInstance model = Dmn.readModelFromStream(in);
      Dmn.validateModel(model);
      Collection<Decision> decisions = model.getModelElementsByType(Decision.class);
      assertThat(decisions).extracting(Decision::getId).contains(fileKey(resource, ".dmn"));
      for (Decision decision : decisions) {
        assertThat(decision.getCamundaHistoryTimeToLiveString()).as("history TTL of %s", decision.getId()).isNotBlank();
        String shapeRef = "dmnElementRef=\"" + decision.getId() + "\"";
        assertThat(Dmn.convertToString(model)).as("DMNDI shape of %s", decision.getId()).contains(shapeRef);
      }
    }
  }

  // ------------------------------------------------------------------ the issuance model against its constants

  @Test
  void issuanceModelMatchesItsConstants() throws IllegalAccessException {
    BpmnModelInstance model = bpmn(IssuanceProcess.BPMN_RESOURCE);

    Set<String> flowNodeIds = model.getModelElementsByType(FlowNode.class).stream().map(FlowElement::getId).collect(Collectors.toSet());
    Set<String> declared = new HashSet<>();
    for (Field field : IssuanceProcess.Elements.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        declared.add((String) field.get(null));
      }
    }
    assertThat(declared).as("element ids in IssuanceProcess.Elements").containsExactlyInAnyOrderElementsOf(flowNodeIds);

    Set<String> topics = model.getModelElementsByType(ServiceTask.class).stream().map(ServiceTask::getCamundaTopic).collect(Collectors.toSet());
    assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.ALL);

    assertThat(model.getModelElementsByType(Message.class)).extracting(Message::getName).containsExactlyInAnyOrderElementsOf(Messages.ALL);

    List<String> modelledCodes = new ArrayList<>();
    model.getModelElementsByType(Error.class).forEach(e -> modelledCodes.add(e.getErrorCode()));
    assertThat(Errors.ALL).containsAll(modelledCodes);
    Errors.THROWN_BY_TOPIC.values().forEach(codes -> assertThat(Errors.ALL).containsAll(codes));

    // errors after installation roll back through the event sub-process, so they compensate
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      for (String code : thrownBy(task.getCamundaTopic())) {
        boolean onBoundary = model.getModelElementsByType(BoundaryEvent.class).stream()
            .anyMatch(b -> b.getAttachedTo() == task && catchesError(b.getEventDefinitions(), code));
        assertThat(onBoundary).as("%s on %s caught by a boundary event", code, task.getId()).isEqualTo(!Errors.ROLLED_BACK.contains(code));
      }
    }

    // key roles are local input parameters with a known value
    for (CamundaInputParameter input : model.getModelElementsByType(CamundaInputParameter.class)) {
      if (input.getCamundaName().equals(CaseVariables.KEY_ROLE)) {
        assertThat(input.getTextContent()).isIn(java.util.Arrays.stream(KeyRole.values()).map(Enum::name).toList());
      }
    }

    // every push says what it tells the holder: completed on the main path, cancelled at the end of each
    // rollback and abandonment, so the app never waits for a push that does not come
    Map<String, String> kinds = new HashMap<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      if (task.getCamundaTopic().equals(Topics.NOTIFY_HOLDER)) {
        List<CamundaInputParameter> kind = task.getExtensionElements() == null ? List.of()
            : task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list().stream()
                .flatMap(io -> io.getCamundaInputParameters().stream())
                .filter(i -> i.getCamundaName().equals(CaseVariables.NOTIFICATION_KIND)).toList();
        assertThat(kind).as("notification kind of %s", task.getId()).hasSize(1);
        assertThat(kind.get(0).getTextContent()).isIn(NotificationKinds.ALL);
        kinds.put(task.getId(), kind.get(0).getTextContent());
      }
    }
    assertThat(kinds).containsOnly(
        Map.entry(Elements.TASK_NOTIFY_HOLDER, NotificationKinds.ISSUANCE_COMPLETED),
        Map.entry(Elements.TASK_NOTIFY_HOLDER_OF_ROLLBACK, NotificationKinds.ISSUANCE_CANCELLED),
        Map.entry(Elements.TASK_NOTIFY_HOLDER_OF_ABANDONMENT, NotificationKinds.ISSUANCE_CANCELLED));
    for (String eventSubProcess : List.of(Elements.SUB_PROCESS_ROLL_BACK_ISSUANCE, Elements.SUB_PROCESS_ABANDON_APPLICATION)) {
      SubProcess subProcess = model.getModelElementById(eventSubProcess);
      EndEvent end = subProcess.getChildElementsByType(EndEvent.class).iterator().next();
      FlowNode beforeEnd = end.getPreviousNodes().singleResult();
      assertThat(beforeEnd).as("%s ends by telling the holder", eventSubProcess).isInstanceOf(ServiceTask.class);
      assertThat(((ServiceTask) beforeEnd).getCamundaTopic()).isEqualTo(Topics.NOTIFY_HOLDER);
      assertThat(beforeEnd.getPreviousNodes().singleResult()).as("after compensating in %s", eventSubProcess)
          .isInstanceOf(IntermediateThrowEvent.class);
    }
  }
}
