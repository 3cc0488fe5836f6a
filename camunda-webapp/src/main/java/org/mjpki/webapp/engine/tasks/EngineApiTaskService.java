package org.mjpki.webapp.engine.tasks;

import java.util.Map;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.mjpki.workers.support.TransactionCollided;

/**
 * What a worker calls to end its task, straight on the engine's Java API on behalf of the lane's worker id: the same
 * calls the REST API makes, in the same transaction boundaries (one command each), without the request, the JSON
 * and the login. A refusal that stored nothing because of a concurrent transaction (the engine's codes for optimistic
 * locking, a deadlock, a foreign key broken under it) becomes a {@link TransactionCollided}, which the worker sends
 * again at once, as it does the same codes over REST; any other exception passes through as it is and leaves the task
 * to come back after its lock.
 */
final class EngineApiTaskService implements ExternalTaskService {

    private final org.camunda.bpm.engine.ExternalTaskService engine;
    private final RuntimeService runtime;
    private final String workerId;

    EngineApiTaskService(org.camunda.bpm.engine.ExternalTaskService engine, RuntimeService runtime, String workerId) {
        this.engine = engine;
        this.runtime = runtime;
        this.workerId = workerId;
    }

    @Override
    public void lock(String externalTaskId, long lockDuration) {
        collisions(() -> engine.lock(externalTaskId, workerId, lockDuration));
    }

    @Override
    public void lock(ExternalTask externalTask, long lockDuration) {
        lock(externalTask.getId(), lockDuration);
    }

    @Override
    public void unlock(ExternalTask externalTask) {
        collisions(() -> engine.unlock(externalTask.getId()));
    }

    @Override
    public void complete(ExternalTask externalTask) {
        collisions(() -> engine.complete(externalTask.getId(), workerId));
    }

    @Override
    public void setVariables(String processInstanceId, Map<String, Object> variables) {
        collisions(() -> runtime.setVariables(processInstanceId, variables));
    }

    @Override
    public void setVariables(ExternalTask externalTask, Map<String, Object> variables) {
        setVariables(externalTask.getProcessInstanceId(), variables);
    }

    @Override
    public void complete(ExternalTask externalTask, Map<String, Object> variables) {
        collisions(() -> engine.complete(externalTask.getId(), workerId, variables));
    }

    @Override
    public void complete(ExternalTask externalTask, Map<String, Object> variables, Map<String, Object> localVariables) {
        complete(externalTask.getId(), variables, localVariables);
    }

    @Override
    public void complete(String externalTaskId, Map<String, Object> variables, Map<String, Object> localVariables) {
        collisions(() -> engine.complete(externalTaskId, workerId, variables, localVariables));
    }

    @Override
    public void handleFailure(ExternalTask externalTask, String errorMessage, String errorDetails, int retries,
                              long retryTimeout) {
        handleFailure(externalTask.getId(), errorMessage, errorDetails, retries, retryTimeout);
    }

    @Override
    public void handleFailure(String externalTaskId, String errorMessage, String errorDetails, int retries,
                              long retryTimeout) {
        collisions(() -> engine.handleFailure(externalTaskId, workerId, errorMessage, errorDetails, retries, retryTimeout));
    }

    @Override
    public void handleFailure(String externalTaskId, String errorMessage, String errorDetails, int retries,
                              long retryTimeout, Map<String, Object> variables, Map<String, Object> localVariables) {
        collisions(() -> engine.handleFailure(externalTaskId, workerId, errorMessage, errorDetails, retries, retryTimeout,
                variables, localVariables));
    }

    @Override
    public void handleBpmnError(ExternalTask externalTask, String errorCode) {
        collisions(() -> engine.handleBpmnError(externalTask.getId(), workerId, errorCode));
    }

    @Override
    public void handleBpmnError(ExternalTask externalTask, String errorCode, String errorMessage) {
        collisions(() -> engine.handleBpmnError(externalTask.getId(), workerId, errorCode, errorMessage));
    }

    @Override
    public void handleBpmnError(ExternalTask externalTask, String errorCode, String errorMessage,
                                Map<String, Object> variables) {
        handleBpmnError(externalTask.getId(), errorCode, errorMessage, variables);
    }

    @Override
    public void handleBpmnError(String externalTaskId, String errorCode, String errorMessage, Map<String, Object> variables) {
        collisions(() -> engine.handleBpmnError(externalTaskId, workerId, errorCode, errorMessage, variables));
    }

    @Override
    public void extendLock(ExternalTask externalTask, long newDuration) {
        extendLock(externalTask.getId(), newDuration);
    }

    @Override
    public void extendLock(String externalTaskId, long newDuration) {
        collisions(() -> engine.extendLock(externalTaskId, workerId, newDuration));
    }

    private static void collisions(Runnable call) {
        try {
            call.run();
        } catch (ProcessEngineException e) {
            if (e instanceof OptimisticLockingException || TransactionCollided.ENGINE_CODES.contains(e.getCode())) {
                throw new TransactionCollided(e);
            }
            throw e;
        }
    }
}
