package org.mjpki.webapp.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;

import java.util.List;
import java.util.UUID;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.mjpki.workers.support.MjpkiWorker;
import org.mockito.invocation.Invocation;

/**
 * Runs a real worker bean the way the external task client does ({@code worker.execute(task, service)}), with
 * a stubbed {@link ExternalTask} (Mockito: it is Camunda's interface, not ours) and a recording
 * {@link ExternalTaskService}. Only Camunda's two client interfaces are stubbed; the worker talks to the real
 * registry, CA, SEI-TSM, SE channel and push service of the running server.
 */
final class WorkerCalls {

    /** The calls that end a task; exactly one of them per execution. */
    static final List<String> TERMINAL = List.of("complete", "handleFailure", "handleBpmnError");

    private WorkerCalls() {}

    static ExternalTask task(String topic, String applicationId, String keyRole, Integer retries) {
        ExternalTask task = mock(ExternalTask.class);
        doReturn(UUID.randomUUID().toString()).when(task).getId();
        doReturn(topic).when(task).getTopicName();
        doReturn(applicationId).when(task).getBusinessKey();
        doReturn("issuance").when(task).getProcessDefinitionKey();
        doReturn(applicationId).when(task).getVariable("applicationId");
        doReturn(keyRole).when(task).getVariable("keyRole");
        doReturn(retries).when(task).getRetries();
        return task;
    }

    /** A service that takes every call. */
    static ExternalTaskService service() {
        return mock(ExternalTaskService.class);
    }

    /**
     * A service whose first {@code complete} throws, as when the worker dies (or the engine is gone) after the
     * side effect and before the engine saw the completion: the engine would hand the task out again.
     */
    static ExternalTaskService serviceThatLosesTheFirstCompletion() {
        ExternalTaskService service = mock(ExternalTaskService.class);
        doThrow(new IllegalStateException("connection reset: the engine never saw this completion"))
                .doNothing()
                .when(service).complete(any(ExternalTask.class), anyMap());
        doNothing().when(service).complete(any(ExternalTask.class));
        return service;
    }

    /** The names of the terminal calls the worker made on {@code service}, in order. */
    static List<String> terminalCalls(ExternalTaskService service) {
        return mockingDetails(service).getInvocations().stream()
                .map(Invocation::getMethod).map(java.lang.reflect.Method::getName)
                .filter(TERMINAL::contains)
                .toList();
    }

    /** The first argument of the only {@code handleFailure} call, with its retries and retry timeout. */
    record Failure(String message, String details, int retries, long retryTimeout) {}

    static Failure onlyFailure(ExternalTaskService service) {
        List<Invocation> failures = mockingDetails(service).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("handleFailure")).toList();
        assertThat(failures).hasSize(1);
        Object[] a = failures.get(0).getArguments();
        return new Failure((String) a[1], (String) a[2], (Integer) a[3], (Long) a[4]);
    }

    /** Runs one attempt and checks it ended in exactly one complete. */
    static void runToCompletion(MjpkiWorker worker, ExternalTask task) {
        ExternalTaskService service = service();
        worker.execute(task, service);
        assertThat(terminalCalls(service)).as("%s for %s ends in one completion", task.getTopicName(), task.getBusinessKey())
                .containsExactly("complete");
    }
}
