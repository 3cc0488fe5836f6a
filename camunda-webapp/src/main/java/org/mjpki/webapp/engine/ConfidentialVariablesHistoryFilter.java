package org.mjpki.webapp.engine;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.mjpki.processes.unlock.PasswordUnlockProcess;
import org.mjpki.webapp.callcenter.CallerFacts;
import org.springframework.stereotype.Component;

/**
 * Keeps confidential variables out of history; every other event is written as before.
 * <ul>
 * <li>What a caller says to the call center (R10, ADR 0019). A Camunda Form's submission sets its fields as variables
 * before the task's complete listener runs; {@code callcenter.CallerIdentification} removes them in the same transaction,
 * so they never reach the runtime tables, but the engine has by then produced history events for them (variable created
 * and deleted, form property submitted).</li>
 * <li>The holder's new password or PIN as the app encrypted it for the applet (R9, ADR 0020): opaque to the server and
 * single-use, it lives in the runtime tables only while {@code password-unlock} needs it, and is never kept.</li>
 * </ul>
 * This handler, in front of the database handler, drops exactly those events, by the variables' names; what it lets
 * through also feeds the business metrics ({@link OperationMetrics}).
 */
@Component
public class ConfidentialVariablesHistoryFilter extends AbstractProcessEnginePlugin implements HistoryEventHandler {

    private static final Set<String> CONFIDENTIAL = Stream.concat(CallerFacts.FIELDS.stream(),
            Stream.of(PasswordUnlockProcess.Variables.ENCRYPTED_NEW_SECRET)).collect(Collectors.toUnmodifiableSet());

    private final HistoryEventHandler database = new DbHistoryEventHandler();
    private final OperationMetrics metrics;

    public ConfidentialVariablesHistoryFilter(OperationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setHistoryEventHandler(this);
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        if (!isConfidential(event)) {
            database.handleEvent(event);
            metrics.record(event);
        }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        for (HistoryEvent event : events) {
            handleEvent(event);
        }
    }

    static boolean isConfidential(HistoryEvent event) {
        if (event instanceof HistoricVariableUpdateEventEntity variable) {
            return CONFIDENTIAL.contains(variable.getVariableName());
        }
        if (event instanceof HistoricFormPropertyEventEntity property) {
            return CONFIDENTIAL.contains(property.getPropertyId());
        }
        return false;
    }
}
