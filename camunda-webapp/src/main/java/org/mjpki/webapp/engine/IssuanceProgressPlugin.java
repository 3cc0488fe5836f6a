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
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.webapp.issuance.ApplicationProgress;
import org.springframework.stereotype.Component;

/**
 * Tells {@link ApplicationProgress} whenever an issuance reaches a step or ends, once the engine's transaction
 * has committed (so what a woken app reads is what the engine stored). Added to every activity of the
 * {@code issuance} model when the engine parses it, so the model itself carries no technical listeners.
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

    /** Adds the listener to the start of every activity of the issuance process and to its end. */
    static final class Listeners extends AbstractBpmnParseListener {

        private final java.util.function.Consumer<String> stepReached;

        Listeners(java.util.function.Consumer<String> stepReached) {
            this.stepReached = stepReached;
        }

        @Override
        public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
            if (!IssuanceProcess.PROCESS_KEY.equals(processDefinition.getKey())) {
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
