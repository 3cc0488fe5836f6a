package org.mjpki.webapp.engine.tasks;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.mjpki.workers.support.TransactionCollided;

/** The engine-API service calls the engine as the lane's worker, and names the refusals a worker may send again. */
class EngineApiTaskServiceTest {

    private final org.camunda.bpm.engine.ExternalTaskService engine = mock(org.camunda.bpm.engine.ExternalTaskService.class);
    private final EngineApiTaskService service = new EngineApiTaskService(engine, mock(RuntimeService.class), "lane-worker");
    private final ExternalTask task = mock(ExternalTask.class);

    EngineApiTaskServiceTest() {
        when(task.getId()).thenReturn("task-1");
    }

    @Test
    void everyCallIsMadeAsTheLanesWorker() {
        service.complete(task, Map.of("a", 1));
        service.handleFailure(task, "message", "details", 2, 500);
        service.handleBpmnError(task, "CODE", "why");
        service.extendLock(task, 1000);
        verify(engine).complete("task-1", "lane-worker", Map.of("a", 1));
        verify(engine).handleFailure("task-1", "lane-worker", "message", "details", 2, 500);
        verify(engine).handleBpmnError("task-1", "lane-worker", "CODE", "why");
        verify(engine).extendLock("task-1", "lane-worker", 1000);
    }

    @Test
    void optimisticLockingADeadlockAndABrokenForeignKeyAreCollisionsToSendAgain() {
        for (ProcessEngineException refusal : new ProcessEngineException[] {new OptimisticLockingException("stale"),
                new ProcessEngineException("deadlock", 10_000), new ProcessEngineException("foreign key", 10_001)}) {
            doThrow(refusal).when(engine).handleBpmnError(anyString(), anyString(), anyString(), anyString());
            assertThatThrownBy(() -> service.handleBpmnError(task, "CODE", "why")).isInstanceOf(TransactionCollided.class)
                    .hasCause(refusal);
        }
    }

    @Test
    void anyOtherRefusalPassesThroughAsItIs() {
        ProcessEngineException gone = new ProcessEngineException("no such task");
        doThrow(gone).when(engine).complete(anyString(), anyString(), any());
        assertThatThrownBy(() -> service.complete(task, Map.of())).isSameAs(gone);
    }
}
