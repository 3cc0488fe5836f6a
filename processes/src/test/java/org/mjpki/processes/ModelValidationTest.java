package org.mjpki.processes;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CompensateEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EscalationEventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
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
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables.RevocationReasons;
import org.mjpki.processes.devicechange.DeviceChangeProcess;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.mjpki.processes.unlock.PasswordUnlockProcess;
import org.mjpki.processes.linked.LinkedRevocationSweepProcess;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.processes.revocation.RevocationProcess;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions every model in bpmn/ and dmn/ must follow (see shared/CAMUNDA-NOTES.md): parses, executable with a
 * history TTL, a full diagram, naming-guide ids, external service tasks with topics of the one catalogue (and every
 * topic used), every error a worker can throw caught somewhere, retry cycles on async continuations, call activities
 * that call a deployed model with the caller's business key, local inputs with known values, and each model agreeing
 * with its constants class ({@link #CONTRACTS}).
 */
class ModelValidationTest {

  /**
   * What a process's constants class promises about its model: its element ids (all of them, no more), its message
   * names, and the error codes its workers throw. Every model in bpmn/ has exactly one; a new model adds its line.
   */
  record Contract(String processKey, String resource, Class<?> elements, List<String> messages, List<String> errorCodes,
      Map<String, Set<String>> errorsThrownByTopic) {

    @Override
    public String toString() {
      return processKey;
    }
  }

  static final List<Contract> CONTRACTS = List.of(
      new Contract(IssuanceProcess.PROCESS_KEY, IssuanceProcess.BPMN_RESOURCE, IssuanceProcess.Elements.class,
          IssuanceProcess.Messages.ALL, IssuanceProcess.Errors.ALL, IssuanceProcess.Errors.THROWN_BY_TOPIC),
      new Contract(RevokeCredentialSetProcess.PROCESS_KEY, RevokeCredentialSetProcess.BPMN_RESOURCE,
          RevokeCredentialSetProcess.Elements.class, RevokeCredentialSetProcess.Messages.ALL, List.of(), Map.of()),
      new Contract(RevocationProcess.PROCESS_KEY, RevocationProcess.BPMN_RESOURCE, RevocationProcess.Elements.class,
          List.of(), List.of(), Map.of()),
      new Contract(DeviceChangeProcess.PROCESS_KEY, DeviceChangeProcess.BPMN_RESOURCE, DeviceChangeProcess.Elements.class,
          List.of(), DeviceChangeProcess.Errors.ALL, DeviceChangeProcess.Errors.THROWN_BY_TOPIC),
      new Contract(ReissueSigningCertificateProcess.PROCESS_KEY, ReissueSigningCertificateProcess.BPMN_RESOURCE,
          ReissueSigningCertificateProcess.Elements.class, ReissueSigningCertificateProcess.Messages.ALL,
          ReissueSigningCertificateProcess.Errors.ALL, ReissueSigningCertificateProcess.Errors.THROWN_BY_TOPIC),
      new Contract(LostDeviceHoldProcess.PROCESS_KEY, LostDeviceHoldProcess.BPMN_RESOURCE, LostDeviceHoldProcess.Elements.class,
          LostDeviceHoldProcess.Messages.ALL, LostDeviceHoldProcess.Errors.ALL, LostDeviceHoldProcess.Errors.THROWN_BY_TOPIC),
      new Contract(PasswordUnlockProcess.PROCESS_KEY, PasswordUnlockProcess.BPMN_RESOURCE, PasswordUnlockProcess.Elements.class,
          PasswordUnlockProcess.Messages.ALL, PasswordUnlockProcess.Errors.ALL, PasswordUnlockProcess.Errors.THROWN_BY_TOPIC),
      new Contract(LinkedRevocationSweepProcess.PROCESS_KEY, LinkedRevocationSweepProcess.BPMN_RESOURCE,
          LinkedRevocationSweepProcess.Elements.class, LinkedRevocationSweepProcess.Messages.ALL, LinkedRevocationSweepProcess.Errors.ALL,
          LinkedRevocationSweepProcess.Errors.THROWN_BY_TOPIC),
      new Contract(org.mjpki.processes.reissue.SigningReregistrationProcess.PROCESS_KEY,
          org.mjpki.processes.reissue.SigningReregistrationProcess.BPMN_RESOURCE,
          org.mjpki.processes.reissue.SigningReregistrationProcess.Elements.class, List.of(),
          org.mjpki.processes.reissue.SigningReregistrationProcess.Errors.ALL,
          org.mjpki.processes.reissue.SigningReregistrationProcess.Errors.THROWN_BY_TOPIC));

  /**
   * Error codes a topic's worker may throw. A topic is a step whichever process asks for it, so what one contract says
   * its worker throws holds in every model that uses the topic.
   */
  static Set<String> thrownBy(String topic) {
    return CONTRACTS.stream().flatMap(c -> c.errorsThrownByTopic().getOrDefault(topic, Set.of()).stream())
        .collect(Collectors.toSet());
  }

  static Stream<Contract> contracts() {
    return CONTRACTS.stream();
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
          : node instanceof CallActivity ? "CallActivity_"
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
      assertThat(task.getCamundaTopic()).as("topic of %s", task.getId()).isIn(Topics.ALL);
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


  // ------------------------------------------------------------------ the catalogue, across models

  @Test
  void everyModelHasAContractNamedAfterItsFile() throws IOException, URISyntaxException {
    List<String> keys = bpmnModels().map(r -> fileKey(r, ".bpmn")).toList();
    assertThat(CONTRACTS).extracting(Contract::processKey).containsExactlyInAnyOrderElementsOf(keys);
    CONTRACTS.forEach(c -> assertThat(c.resource()).isEqualTo("bpmn/" + c.processKey() + ".bpmn"));
  }

  @Test
  void everyTopicOfTheCatalogueIsUsedBySomeModel() throws IOException, URISyntaxException {
    Set<String> used = bpmnModels().flatMap(r -> bpmn(r).getModelElementsByType(ServiceTask.class).stream())
        .map(ServiceTask::getCamundaTopic).collect(Collectors.toSet());
    assertThat(used).containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void modelMatchesItsConstants(Contract contract) throws IllegalAccessException {
    BpmnModelInstance model = bpmn(contract.resource());
    assertThat(model.getModelElementsByType(Process.class).iterator().next().getId()).isEqualTo(contract.processKey());

    Set<String> flowNodeIds = model.getModelElementsByType(FlowNode.class).stream().map(FlowElement::getId).collect(Collectors.toSet());
    assertThat(constants(contract.elements())).as("element ids in %s", contract.elements().getName())
        .containsExactlyInAnyOrderElementsOf(flowNodeIds);

    assertThat(model.getModelElementsByType(Message.class)).extracting(Message::getName)
        .as("message names of %s", contract.processKey()).containsExactlyInAnyOrderElementsOf(contract.messages());

    List<String> modelledCodes = new ArrayList<>();
    model.getModelElementsByType(Error.class).forEach(e -> modelledCodes.add(e.getErrorCode()));
    assertThat(contract.errorCodes()).containsAll(modelledCodes);
    contract.errorsThrownByTopic().keySet().forEach(topic -> assertThat(topic).isIn(Topics.ALL));
    contract.errorsThrownByTopic().values().forEach(codes -> assertThat(contract.errorCodes()).containsAll(codes));
  }

  private static Set<String> constants(Class<?> holder) throws IllegalAccessException {
    Set<String> values = new HashSet<>();
    for (Field field : holder.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        values.add((String) field.get(null));
      }
    }
    return values;
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void messageWaitsReferToADeclaredMessage(String resource) {
    BpmnModelInstance model = bpmn(resource);
    for (ReceiveTask task : model.getModelElementsByType(ReceiveTask.class)) {
      assertThat(task.getMessage()).as("message of %s", task.getId()).isNotNull();
      assertThat(task.getMessage().getName()).isNotBlank();
    }
    for (MessageEventDefinition definition : model.getModelElementsByType(MessageEventDefinition.class)) {
      assertThat(definition.getMessage()).as("message of %s", ((BaseElement) definition.getParentElement()).getId()).isNotNull();
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void callActivitiesCallADeployedModelWithTheCallersBusinessKeyAndNamedVariables(String resource) throws IOException, URISyntaxException {
    List<String> deployed = bpmnModels().map(r -> fileKey(r, ".bpmn")).toList();
    for (CallActivity call : bpmn(resource).getModelElementsByType(CallActivity.class)) {
      assertThat(call.getCalledElement()).as("called element of %s", call.getId()).isIn(deployed);
      assertThat(call.getCamundaCalledElementBinding()).as("binding of %s", call.getId()).isIn(null, "latest");
      List<CamundaIn> ins = call.getExtensionElements() == null ? List.of()
          : call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list();
      assertThat(ins).as("business key passed by %s", call.getId())
          .anyMatch(in -> "#{execution.processBusinessKey}".equals(in.getCamundaBusinessKey()));
      for (CamundaIn in : ins) {
        assertThat(in.getCamundaVariables()).as("%s passes named variables only", call.getId()).isNull();
        if (in.getCamundaBusinessKey() == null) {
          assertThat(in.getCamundaSource() != null || in.getCamundaSourceExpression() != null)
              .as("an in-mapping of %s names its source or computes it", call.getId()).isTrue();
          assertThat(in.getCamundaTarget()).as("target of an in-mapping of %s", call.getId()).isNotBlank();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnModels")
  void localInputsHaveKnownValues(String resource) {
    BpmnModelInstance model = bpmn(resource);
    List<String> keyRoles = Arrays.stream(KeyRole.values()).map(Enum::name).toList();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      Map<String, String> inputs = inputs(task);
      if (inputs.containsKey(CaseVariables.KEY_ROLE)) {
        assertThat(inputs.get(CaseVariables.KEY_ROLE)).as("key role of %s", task.getId()).isIn(keyRoles);
      }
      if (inputs.containsKey(CaseVariables.REVOCATION_REASON)) {
        assertThat(inputs.get(CaseVariables.REVOCATION_REASON)).as("revocation reason of %s", task.getId())
            .isIn(concat(RevocationReasons.ALL, "${" + CaseVariables.REVOCATION_REASON + "}"));
      }
      if (task.getCamundaTopic().equals(Topics.NOTIFY_HOLDER)) {
        assertThat(inputs.get(CaseVariables.NOTIFICATION_KIND)).as("notification kind of %s", task.getId()).isIn(NotificationKinds.ALL);
      }
      if (task.getCamundaTopic().equals(Topics.REVOKE_CERTIFICATE)) {
        assertThat(inputs).as("inputs of %s", task.getId()).containsKeys(CaseVariables.KEY_ROLE, CaseVariables.REVOCATION_REASON);
      }
      if (task.getCamundaTopic().equals(Topics.DELETE_APPLET)) {
        assertThat(outputs(task)).as("%s maps its local output out", task.getId()).containsKey(CaseVariables.APPLET_DELETED);
      }
    }
  }

  private static List<String> concat(List<String> values, String value) {
    List<String> all = new ArrayList<>(values);
    all.add(value);
    return all;
  }

  /**
   * Camunda 7.24 keeps a completed sub-process that contains a compensation boundary event as an event scope
   * execution, together with the jobs of the sub-process's own timer boundary events, which then fire on a completed
   * sub-process. So a sub-process with a timer is compensated as a whole (a compensation boundary event on it), never
   * task by task inside it.
   */
  @ParameterizedTest
  @MethodSource("bpmnModels")
  void subProcessesWithATimerHaveNoCompensationBoundaryEventInside(String resource) {
    BpmnModelInstance model = bpmn(resource);
    for (SubProcess subProcess : model.getModelElementsByType(SubProcess.class)) {
      boolean timed = model.getModelElementsByType(BoundaryEvent.class).stream()
          .anyMatch(b -> b.getAttachedTo() == subProcess && isTimer(b));
      if (!timed) {
        continue;
      }
      for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
        if (isInside(boundary, subProcess)) {
          assertThat(boundary.getEventDefinitions()).as("%s inside timed %s", boundary.getId(), subProcess.getId())
              .noneMatch(d -> d instanceof CompensateEventDefinition);
        }
      }
    }
  }

  private static boolean isInside(ModelElementInstance element, SubProcess scope) {
    for (ModelElementInstance parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
      if (parent == scope) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> inputs(Activity task) {
    return inputOutput(task).stream().flatMap(io -> io.getCamundaInputParameters().stream())
        .collect(Collectors.toMap(CamundaInputParameter::getCamundaName, CamundaInputParameter::getTextContent));
  }

  private static Map<String, String> outputs(Activity task) {
    return inputOutput(task).stream().flatMap(io -> io.getCamundaOutputParameters().stream())
        .collect(Collectors.toMap(CamundaOutputParameter::getCamundaName, CamundaOutputParameter::getTextContent));
  }

  private static List<CamundaInputOutput> inputOutput(Activity task) {
    return task.getExtensionElements() == null ? List.of()
        : task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list();
  }

  private static Map<String, String> notificationKinds(BpmnModelInstance model) {
    Map<String, String> kinds = new HashMap<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      if (task.getCamundaTopic().equals(Topics.NOTIFY_HOLDER)) {
        kinds.put(task.getId(), inputs(task).get(CaseVariables.NOTIFICATION_KIND));
      }
    }
    return kinds;
  }

  private static String escalationCode(FlowNode event) {
    return event.getChildElementsByType(EscalationEventDefinition.class).iterator().next().getEscalation().getEscalationCode();
  }

  // ------------------------------------------------------------------ what only one model promises

  @Test
  void issuanceRollsBackAndAbandonsAsDocumented() {
    BpmnModelInstance model = bpmn(IssuanceProcess.BPMN_RESOURCE);
    IssuanceProcess.Errors.THROWN_BY_TOPIC.keySet().forEach(topic -> assertThat(thrownBy(topic)).isNotEmpty());

    // errors after installation roll back through the event sub-process, so they compensate
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      for (String code : thrownBy(task.getCamundaTopic())) {
        boolean onBoundary = model.getModelElementsByType(BoundaryEvent.class).stream()
            .anyMatch(b -> b.getAttachedTo() == task && catchesError(b.getEventDefinitions(), code));
        assertThat(onBoundary).as("%s on %s caught by a boundary event", code, task.getId())
            .isEqualTo(!IssuanceProcess.Errors.ROLLED_BACK.contains(code));
      }
    }

    // every push says what it tells the holder: completed on the main path, cancelled at the end of each
    // rollback and abandonment, so the app never waits for a push that does not come
    assertThat(notificationKinds(model)).containsOnly(
        Map.entry(IssuanceProcess.Elements.TASK_NOTIFY_HOLDER, NotificationKinds.ISSUANCE_COMPLETED),
        Map.entry(IssuanceProcess.Elements.TASK_NOTIFY_HOLDER_OF_ROLLBACK, NotificationKinds.ISSUANCE_CANCELLED),
        Map.entry(IssuanceProcess.Elements.TASK_NOTIFY_HOLDER_OF_ABANDONMENT, NotificationKinds.ISSUANCE_CANCELLED));
    for (String eventSubProcess : List.of(IssuanceProcess.Elements.SUB_PROCESS_ROLL_BACK_ISSUANCE,
        IssuanceProcess.Elements.SUB_PROCESS_ABANDON_APPLICATION)) {
      SubProcess subProcess = model.getModelElementById(eventSubProcess);
      EndEvent end = subProcess.getChildElementsByType(EndEvent.class).iterator().next();
      FlowNode beforeEnd = end.getPreviousNodes().singleResult();
      assertThat(beforeEnd).as("%s ends by telling the holder", eventSubProcess).isInstanceOf(ServiceTask.class);
      assertThat(((ServiceTask) beforeEnd).getCamundaTopic()).isEqualTo(Topics.NOTIFY_HOLDER);
      assertThat(beforeEnd.getPreviousNodes().singleResult()).as("after compensating in %s", eventSubProcess)
          .isInstanceOf(IntermediateThrowEvent.class);
    }

    // the personalization deadline does not interrupt by itself: a check decides (the JPKI system's time does not
    // count, issue 16), and an expired personalization abandons like the holder input timers
    BoundaryEvent timer = model.getModelElementById(IssuanceProcess.Elements.TIMER_PERSONALIZATION_DEADLINE);
    assertThat(timer.getAttachedTo().getId()).isEqualTo(IssuanceProcess.Elements.SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET);
    assertThat(timer.cancelActivity()).isFalse();
    FlowNode check = timer.getSucceedingNodes().singleResult();
    assertThat(((ServiceTask) check).getCamundaTopic()).isEqualTo(Topics.CHECK_PERSONALIZATION_DEADLINE);
    FlowNode hadItsTime = check.getSucceedingNodes().singleResult();
    assertThat(hadItsTime.getId()).isEqualTo(IssuanceProcess.Elements.GATEWAY_PERSONALIZATION_HAD_ITS_TIME);
    FlowNode expired = model.getModelElementById(IssuanceProcess.Elements.END_EVENT_PERSONALIZATION_EXPIRED);
    assertThat(hadItsTime.getSucceedingNodes().list()).contains(expired);
    assertThat(escalationCode(expired)).isEqualTo(IssuanceProcess.Escalations.HOLDER_INPUT_EXPIRED);
    assertThat(escalationCode(model.getModelElementById(IssuanceProcess.Elements.START_EVENT_HOLDER_INPUT_EXPIRED)))
        .isEqualTo(IssuanceProcess.Escalations.HOLDER_INPUT_EXPIRED);
    // ... and a completed personalization is compensated as a whole: both certificates revoked
    BoundaryEvent undo = model.getModelElementById(IssuanceProcess.Elements.BOUNDARY_EVENT_COMPENSATE_PERSONALIZATION);
    assertThat(undo.getAttachedTo().getId()).isEqualTo(IssuanceProcess.Elements.SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET);
    SubProcess revoke = model.getModelElementById(IssuanceProcess.Elements.SUB_PROCESS_REVOKE_ISSUED_CERTIFICATES);
    assertThat(revoke.isForCompensation()).isTrue();
    assertThat(revoke.getChildElementsByType(ServiceTask.class)).extracting(t -> inputs(t).get(CaseVariables.KEY_ROLE))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(KeyRole.values()).map(Enum::name).toList());
  }

  @Test
  void revokeCredentialSetTellsTheHolderAndBoundsTheRemoteDelete() {
    BpmnModelInstance model = bpmn(RevokeCredentialSetProcess.BPMN_RESOURCE);
    assertThat(notificationKinds(model)).containsOnly(
        Map.entry(RevokeCredentialSetProcess.Elements.TASK_NOTIFY_HOLDER_OF_REVOCATION, NotificationKinds.CREDENTIAL_SET_REVOKED),
        Map.entry(RevokeCredentialSetProcess.Elements.TASK_ASK_PHONE_TO_DELETE_APPLET, NotificationKinds.DELETE_APPLET));
    BoundaryEvent timer = model.getModelElementById(RevokeCredentialSetProcess.Elements.TIMER_APPLET_DELETE_PERIOD_OVER);
    assertThat(timer.getAttachedTo().getId()).isEqualTo(RevokeCredentialSetProcess.Elements.SUB_PROCESS_DELETE_APPLET_REMOTELY);
    assertThat(timer.cancelActivity()).isTrue();
    // both certificates are revoked before the registry calls the set revoked
    FlowNode record = model.getModelElementById(RevokeCredentialSetProcess.Elements.TASK_RECORD_CREDENTIAL_SET_REVOKED);
    assertThat(record.getPreviousNodes().singleResult().getId()).isEqualTo(RevokeCredentialSetProcess.Elements.GATEWAY_BOTH_CERTIFICATES_REVOKED);
    assertThat(model.getModelElementsByType(ServiceTask.class)).filteredOn(t -> t.getCamundaTopic().equals(Topics.REVOKE_CERTIFICATE))
        .allSatisfy(t -> assertThat(inputs(t)).containsEntry(CaseVariables.REVOCATION_REASON, "${" + CaseVariables.REVOCATION_REASON + "}"));
  }

  @Test
  void revocationCallsRevokeCredentialSetWithWhatItNeeds() {
    BpmnModelInstance model = bpmn(RevocationProcess.BPMN_RESOURCE);
    CallActivity call = model.getModelElementById(RevocationProcess.Elements.CALL_ACTIVITY_REVOKE_CREDENTIAL_SET);
    assertThat(call.getCalledElement()).isEqualTo(RevokeCredentialSetProcess.PROCESS_KEY);
    assertThat(call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list())
        .extracting(CamundaIn::getCamundaSource).filteredOn(source -> source != null)
        .containsExactlyInAnyOrder(CaseVariables.CREDENTIAL_SET_ID, CaseVariables.REVOCATION_REASON, CaseVariables.ACTOR,
            CaseVariables.APPLET_DELETE_PERIOD, CaseVariables.APPLET_DELETE_RECHECK_INTERVAL);
  }
}
