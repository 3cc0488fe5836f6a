package org.mjpki.workers.push;

import org.mjpki.processes.CaseVariables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Arrays;
import org.camunda.bpm.client.task.ExternalTask;
import org.junit.jupiter.api.Test;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.NotificationKinds;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.workers.support.LifecycleTask;

/** What the notify-holder task says, read from its {@code kind} input: the model's names are the port's. */
class NotifyHolderKindTest {

    private static LifecycleTask taskWithKind(Object kind) {
        ExternalTask task = mock(ExternalTask.class);
        when(task.getVariable(CaseVariables.NOTIFICATION_KIND)).thenReturn(kind);
        return new LifecycleTask(task);
    }

    @Test
    void everyKindTheModelMaySendIsANotificationThePushServiceKnows() {
        assertThat(Arrays.stream(HolderNotification.values()).map(Enum::name)).containsAll(NotificationKinds.ALL);
        for (String kind : NotificationKinds.ALL) {
            assertThat(NotifyHolderWorker.kind(taskWithKind(kind)).name()).isEqualTo(kind);
        }
    }

    @Test
    void aTaskOfAnEarlierModelWithoutAKindMeansCompleted() {
        assertThat(NotifyHolderWorker.kind(taskWithKind(null))).isEqualTo(HolderNotification.ISSUANCE_COMPLETED);
    }

    @Test
    void anUnknownKindIsAFailureNotAGuess() {
        assertThatThrownBy(() -> NotifyHolderWorker.kind(taskWithKind("ISSUANCE_MAYBE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISSUANCE_MAYBE");
    }
}
