package org.mjpki.webapp.engine.tasks;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskManager;
import org.springframework.stereotype.Component;

/**
 * Makes the engine report each external task it makes, with its topic, to {@link TaskSignals} once the task's
 * transaction has committed; and each task it unlocks. The engine has one place for both: its external-task manager
 * signals "a task is available" when it inserts a task and when a task is unlocked. This plugin puts a manager in its
 * place that does the same and also tells {@link TaskSignals} which topic — the engine's own signal still goes out,
 * so REST long polling (workers in a process of their own) wakes as before.
 */
@Component
public class TaskSignalsPlugin extends AbstractProcessEnginePlugin {

    private final TaskSignals signals;

    public TaskSignalsPlugin(TaskSignals signals) {
        this.signals = signals;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<SessionFactory> factories = configuration.getCustomSessionFactories() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomSessionFactories());
        factories.add(new SessionFactory() {
            @Override
            public Class<?> getSessionType() {
                return ExternalTaskManager.class; // in place of the engine's own (custom factories are added last)
            }

            @Override
            public Session openSession() {
                return new ReportingExternalTaskManager(signals);
            }
        });
        configuration.setCustomSessionFactories(factories);
        signals.engineReports();
    }

    /** The engine's manager, telling which topic a task it made has. One per command, so its state is the command's. */
    static final class ReportingExternalTaskManager extends ExternalTaskManager {

        private final TaskSignals signals;
        private String inserting;

        ReportingExternalTaskManager(TaskSignals signals) {
            this.signals = signals;
        }

        @Override
        public void insert(ExternalTaskEntity task) {
            inserting = task.getTopicName();
            try {
                super.insert(task); // signals availability (below) once the row is queued
            } finally {
                inserting = null;
            }
        }

        @Override
        public void fireExternalTaskAvailableEvent() {
            super.fireExternalTaskAvailableEvent();
            String topic = inserting;
            Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                    committed -> {
                        if (topic == null) {
                            signals.taskUnlocked();
                        } else {
                            signals.taskCreated(topic);
                        }
                    });
        }
    }
}
