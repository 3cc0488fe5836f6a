package org.mjpki.webapp.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.mjpki.processes.devicechange.DeviceChangeProcess;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.webapp.issuance.ApplicationProgress;
import org.springframework.stereotype.Component;

/**
 * Tells {@link ApplicationProgress} whenever an issuance or a device change reaches a step or ends, once the engine's transaction
 * has committed (so what a woken app reads is what the engine stored). Added to every activity of the
 * {@code issuance} and {@code device-change} models when the engine parses them, so the model itself carries no technical listeners.
 */
@Component
public class IssuanceProgressPlugin extends AbstractProcessEnginePlugin {

    private final ApplicationProgress progress;

    public IssuanceProgressPlugin(ApplicationProgress progress) {
        this.progress = progress;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new Listeners(this::afterCommit));
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private void afterCommit(String applicationId) {
        CommandContext command = Context.getCommandContext();
        if (command == null) {
            progress.changed(applicationId);
            return;
        }
        command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                committed -> progress.changed(applicationId));
    }

    /** The processes an application's status follows: issuance, and a device change until it calls issuance. */
    static final java.util.Set<String> APPLICATION_PROCESSES =
            java.util.Set.of(IssuanceProcess.PROCESS_KEY, DeviceChangeProcess.PROCESS_KEY);

    /** Adds the listener to the start of every activity of the application processes and to their end. */
    static final class Listeners extends AbstractBpmnParseListener {

        private final java.util.function.Consumer<String> stepReached;

        Listeners(java.util.function.Consumer<String> stepReached) {
            this.stepReached = stepReached;
        }

        @Override
        public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
            if (!APPLICATION_PROCESSES.contains(processDefinition.getKey())) {
                return;
            }
            ExecutionListener listener = execution -> {
                String applicationId = execution.getProcessBusinessKey();
                if (applicationId != null) {
                    stepReached.accept(applicationId);
                }
            };
            addToEveryActivity(processDefinition, listener);
            processDefinition.addListener(ExecutionListener.EVENTNAME_END, listener);
        }

        private static void addToEveryActivity(ScopeImpl scope, ExecutionListener listener) {
            for (ActivityImpl activity : scope.getActivities()) {
                activity.addListener(ExecutionListener.EVENTNAME_START, listener);
                addToEveryActivity(activity, listener);
            }
        }
    }
}
