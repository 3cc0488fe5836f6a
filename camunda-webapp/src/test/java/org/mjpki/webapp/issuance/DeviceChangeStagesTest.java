package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.junit.jupiter.api.Test;
import org.mjpki.processes.devicechange.DeviceChangeProcess.Elements;

/**
 * The device change speaks for an application only until it calls issuance; every end it can reach before that has a
 * holder's outcome of its own, decided on purpose.
 */
class DeviceChangeStagesTest {

    private final BpmnModelInstance model = Bpmn.readModelFromStream(
            getClass().getClassLoader().getResourceAsStream("bpmn/device-change.bpmn"));

    /** Ends reached only after issuance was called, or on a path beside it: the issuance's outcome is the holder's. */
    private static final List<String> AFTER_ISSUANCE = List.of(Elements.END_EVENT_NEW_SET_ISSUANCE_ENDED,
            Elements.END_EVENT_OLD_PHONE_CLEARED, Elements.END_EVENT_SAME_PHONE_AWAITS_DELETE);

    @Test
    void everyEndBeforeIssuanceHasAnOutcome() {
        for (EndEvent end : model.getModelElementsByType(EndEvent.class)) {
            if (AFTER_ISSUANCE.contains(end.getId())) {
                assertThat(DeviceChangeStages.OUTCOMES).as(end.getId()).doesNotContainKey(end.getId());
            } else {
                assertThat(DeviceChangeStages.OUTCOMES).as("the holder's outcome of %s (%s)", end.getId(), end.getName())
                        .containsKey(end.getId());
            }
        }
        assertThat(DeviceChangeStages.ended("APP-1", Elements.END_EVENT_OLD_APPLET_STILL_ON_PHONE))
                .extracting(ApplicationStatus::stage, ApplicationStatus::reason)
                .containsExactly("CANCELLED", "OLD_APPLET_STILL_ON_PHONE");
        assertThat(DeviceChangeStages.ended("APP-1", Elements.END_EVENT_SET_ALREADY_BEING_REPLACED).stage()).isEqualTo("REFUSED");
    }

    @Test
    void whileTheOldSetIsRevokedTheHolderIsToldSo() {
        assertThat(DeviceChangeStages.running("APP-1", List.of(Elements.CALL_ACTIVITY_REVOKE_REPLACED_SET), false).stage())
                .isEqualTo("REVOKING_OLD_SET");
        for (String checking : List.of(Elements.TASK_VERIFY_APPLICATION, Elements.TASK_DECIDE_DEVICE_ELIGIBILITY,
                Elements.TASK_VERIFY_DEVICE_INTEGRITY, Elements.TASK_TAKE_SET_TO_REPLACE)) {
            assertThat(DeviceChangeStages.running("APP-1", List.of(checking), true))
                    .extracting(ApplicationStatus::stage, ApplicationStatus::delayed)
                    .containsExactly("CHECKING_APPLICATION", true);
        }
    }
}
