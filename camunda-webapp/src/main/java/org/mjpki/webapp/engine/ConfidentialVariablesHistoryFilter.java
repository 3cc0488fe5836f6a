package org.mjpki.webapp.engine;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.mjpki.webapp.callcenter.CallerFacts;
import org.springframework.stereotype.Component;

/**
 * Keeps what a caller says to the call center out of history (R10, ADR 0019). A Camunda Form's submission sets its
 * fields as variables before the task's complete listener runs; {@code callcenter.CallerIdentification} removes them in the same
 * transaction, so they never reach the runtime tables, but the engine has by then produced history events for them
 * (variable created and deleted, form property submitted). This handler, in front of the database handler, drops
 * exactly those events, by the fields' names; every other event is written as before.
 */
@Component
public class CallerFactsHistoryFilter extends AbstractProcessEnginePlugin implements HistoryEventHandler {

    private final HistoryEventHandler database = new DbHistoryEventHandler();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setHistoryEventHandler(this);
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        if (!isCallerFact(event)) {
            database.handleEvent(event);
        }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        for (HistoryEvent event : events) {
            handleEvent(event);
        }
    }

    static boolean isCallerFact(HistoryEvent event) {
        if (event instanceof HistoricVariableUpdateEventEntity variable) {
            return CallerFacts.FIELDS.contains(variable.getVariableName());
        }
        if (event instanceof HistoricFormPropertyEventEntity property) {
            return CallerFacts.FIELDS.contains(property.getPropertyId());
        }
        return false;
    }
}
