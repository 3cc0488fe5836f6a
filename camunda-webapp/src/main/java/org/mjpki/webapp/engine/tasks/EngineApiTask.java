package org.mjpki.webapp.engine.tasks;

import java.util.Date;
import java.util.Map;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A task fetched through the engine's Java API, as the workers see every task: Camunda's client interface. The
 * variables are the ones the topic asked for, already read by the engine (no JSON in between).
 */
final class EngineApiTask implements ExternalTask {

    private final LockedExternalTask task;

    EngineApiTask(LockedExternalTask task) {
        this.task = task;
    }

    @Override
    public String getActivityId() {
        return task.getActivityId();
    }

    @Override
    public String getActivityInstanceId() {
        return task.getActivityInstanceId();
    }

    @Override
    public String getErrorMessage() {
        return task.getErrorMessage();
    }

    @Override
    public String getErrorDetails() {
        return task.getErrorDetails();
    }

    @Override
    public String getExecutionId() {
        return task.getExecutionId();
    }

    @Override
    public String getId() {
        return task.getId();
    }

    @Override
    public Date getLockExpirationTime() {
        return task.getLockExpirationTime();
    }

    @Override
    public Date getCreateTime() {
        return task.getCreateTime();
    }

    @Override
    public String getProcessDefinitionId() {
        return task.getProcessDefinitionId();
    }

    @Override
    public String getProcessDefinitionKey() {
        return task.getProcessDefinitionKey();
    }

    @Override
    public String getProcessDefinitionVersionTag() {
        return task.getProcessDefinitionVersionTag();
    }

    @Override
    public String getProcessInstanceId() {
        return task.getProcessInstanceId();
    }

    @Override
    public Integer getRetries() {
        return task.getRetries();
    }

    @Override
    public String getWorkerId() {
        return task.getWorkerId();
    }

    @Override
    public String getTopicName() {
        return task.getTopicName();
    }

    @Override
    public String getTenantId() {
        return task.getTenantId();
    }

    @Override
    public long getPriority() {
        return task.getPriority();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getVariable(String variableName) {
        return (T) variables().get(variableName);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends TypedValue> T getVariableTyped(String variableName) {
        return (T) variables().getValueTyped(variableName);
    }

    @Override
    public <T extends TypedValue> T getVariableTyped(String variableName, boolean deserializeObjectValue) {
        // the engine deserialized the object values when it fetched (the transport asks it to)
        return getVariableTyped(variableName);
    }

    @Override
    public Map<String, Object> getAllVariables() {
        // a variable may be null: not Map.copyOf
        return java.util.Collections.unmodifiableMap(new java.util.HashMap<>(variables()));
    }

    @Override
    public VariableMap getAllVariablesTyped() {
        return Variables.fromMap(variables());
    }

    @Override
    public VariableMap getAllVariablesTyped(boolean deserializeObjectValues) {
        return getAllVariablesTyped();
    }

    @Override
    public String getBusinessKey() {
        return task.getBusinessKey();
    }

    @Override
    public String getExtensionProperty(String propertyKey) {
        Map<String, String> properties = task.getExtensionProperties();
        return properties == null ? null : properties.get(propertyKey);
    }

    @Override
    public Map<String, String> getExtensionProperties() {
        Map<String, String> properties = task.getExtensionProperties();
        return properties == null ? Map.of() : properties;
    }

    private VariableMap variables() {
        VariableMap variables = task.getVariables();
        return variables == null ? Variables.createVariables() : variables;
    }

    @Override
    public String toString() {
        return "EngineApiTask[" + task.getTopicName() + " " + task.getId() + "]";
    }
}
