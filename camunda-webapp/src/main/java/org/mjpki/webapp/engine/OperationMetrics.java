package org.mjpki.webapp.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.springframework.stereotype.Component;

/**
 * The business metrics an operator watches (issue 15), from the engine's own history events, counted when their
 * transaction commits (a rolled-back step counts nothing): {@code mjpki.operations.started{process}},
 * {@code mjpki.operations.ended{process,end}} (the end event reached) and {@code mjpki.operations.duration{process,end}}
 * — for an operation the app started, the holder's wait from the application to its end. Never a variable, so never a
 * personal datum or a secret.
 */
@Component
public class OperationMetrics {

    private final MeterRegistry registry;

    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts what a history event says of an operation. Not a {@code HistoryEventHandler} bean of its own (Camunda's
     * starter wants exactly one): {@link ConfidentialVariablesHistoryFilter} hands it what it lets through.
     */
    public void record(HistoryEvent event) {
        if (!(event instanceof HistoricProcessInstanceEventEntity instance)) {
            return;
        }
        String process = instance.getProcessDefinitionKey();
        Runnable count;
        if (HistoryEventTypes.PROCESS_INSTANCE_START.getEventName().equals(instance.getEventType())) {
            count = () -> Counter.builder("mjpki.operations.started").description("business operations started")
                    .tag("process", process).register(registry).increment();
        } else if (HistoryEventTypes.PROCESS_INSTANCE_END.getEventName().equals(instance.getEventType())) {
            String end = instance.getEndActivityId() == null ? "none" : instance.getEndActivityId();
            Long millis = instance.getDurationInMillis();
            count = () -> {
                Counter.builder("mjpki.operations.ended").description("business operations ended, by end event")
                        .tag("process", process).tag("end", end).register(registry).increment();
                if (millis != null) {
                    Timer.builder("mjpki.operations.duration")
                            .description("from start to end event: for app-started operations, the holder's wait")
                            .tag("process", process).tag("end", end).register(registry).record(Duration.ofMillis(millis));
                }
            };
        } else {
            return;
        }
        var commandContext = Context.getCommandContext();
        if (commandContext == null) {
            count.run();
        } else {
            commandContext.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, context -> count.run());
        }
    }
}
