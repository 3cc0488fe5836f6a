package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.junit.jupiter.api.Test;
import org.mjpki.processes.issuance.IssuanceProcess.Elements;

/**
 * Every step of the issuance model has a stage the holder understands, decided on purpose: a step added to the
 * model without a stage fails here instead of showing the holder "checking your application" during a rollback.
 */
class IssuanceStagesTest {

    private final BpmnModelInstance model = Bpmn.readModelFromStream(
            getClass().getClassLoader().getResourceAsStream("bpmn/issuance.bpmn"));

    @Test
    void everyStepTheEngineCanReportHasAStage() {
        Set<String> placed = new HashSet<>();
        placed.addAll(IssuanceStages.CHECKING);
        placed.addAll(IssuanceStages.PREPARING);
        placed.addAll(IssuanceStages.FINISHING);
        placed.addAll(IssuanceStages.CANCELLING);
        placed.addAll(IssuanceStages.OUTCOMES.keySet());
        placed.addAll(List.of(Elements.TASK_INSTALL_APPLET, Elements.TASK_AWAIT_OPERATION_CHECK));
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (node instanceof BoundaryEvent) {
                continue; // never active itself: the task it is attached to is
            }
            assertThat(placed).as("the holder's stage of %s (%s)", node.getId(), node.getName()).contains(node.getId());
        }
    }

    @Test
    void everythingInsideTheRollbackAndTheAbandonmentIsCancelling() {
        for (SubProcess sub : model.getModelElementsByType(SubProcess.class)) {
            if (!sub.triggeredByEvent()) {
                continue;
            }
            for (FlowNode node : sub.getChildElementsByType(FlowNode.class)) {
                if (IssuanceStages.OUTCOMES.containsKey(node.getId())) {
                    continue;
                }
                assertThat(IssuanceStages.running("APP-1", List.of(node.getId()), false).stage())
                        .as(node.getId()).isEqualTo("CANCELLING");
            }
        }
        for (String compensation : List.of(Elements.TASK_REVOKE_SIGNING_CERTIFICATE, Elements.TASK_DELETE_APPLET,
                Elements.TASK_RELEASE_CREDENTIAL_SLOT)) {
            assertThat(IssuanceStages.running("APP-1", List.of(compensation), false).stage()).isEqualTo("CANCELLING");
        }
    }
}
