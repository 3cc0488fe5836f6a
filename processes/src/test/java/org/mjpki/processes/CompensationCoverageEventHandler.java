package org.mjpki.processes;

import java.lang.reflect.Field;
import java.time.Instant;

import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.event.CompensationEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.EventSubscriptionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.community.process_test_coverage.core.model.Collector;
import org.camunda.community.process_test_coverage.core.model.Event;
import org.camunda.community.process_test_coverage.core.model.EventSource;
import org.camunda.community.process_test_coverage.core.model.EventType;
import org.camunda.community.process_test_coverage.engine.platform7.ElementCoverageParseListener;

/**
 * Records compensation boundary events as covered, then compensates as the engine does.
 *
 * <p>Workaround: camunda-process-test-coverage 3.0.0 ships a {@code CompensationEventCoverageHandler}
 * that overrides the pre-7.2x {@code handleEvent} signature (5 arguments); Camunda 7.24's
 * {@code EventHandler} has 6 (with {@code payloadToTriggeredScope}), so that handler never sees an
 * event and compensation boundary events would stay uncovered. This handler takes the coverage
 * collector from the library's {@link ElementCoverageParseListener} (which the coverage extension
 * initializes per test class). Registered in camunda.cfg.xml.
 */
public class CompensationCoverageEventHandler extends CompensationEventHandler {

  @Override
  public void handleEvent(EventSubscriptionEntity eventSubscription, Object payload, Object localPayload,
      Object payloadToTriggeredScope, String businessKey, CommandContext commandContext) {
    record(eventSubscription);
    super.handleEvent(eventSubscription, payload, localPayload, payloadToTriggeredScope, businessKey, commandContext);
  }

  private static void record(EventSubscriptionEntity eventSubscription) {
    ActivityImpl handler = eventSubscription.getActivity();
    if (handler == null) {
      return;
    }
    ActivityImpl boundaryEvent = handler.getProperties().get(BpmnProperties.COMPENSATION_BOUNDARY_EVENT);
    Collector collector = collector();
    if (boundaryEvent == null || collector == null) {
      return;
    }
    String processKey = ((ProcessDefinitionEntity) handler.getProcessDefinition()).getKey();
    long now = Instant.now().getEpochSecond();
    collector.addEvent(new Event(EventSource.FLOW_NODE, EventType.START, boundaryEvent.getActivityId(), "boundaryEvent", processKey, now));
    collector.addEvent(new Event(EventSource.FLOW_NODE, EventType.END, boundaryEvent.getActivityId(), "boundaryEvent", processKey, now));
  }

  private static Collector collector() {
    for (BpmnParseListener listener : Context.getProcessEngineConfiguration().getCustomPostBPMNParseListeners()) {
      if (listener instanceof ElementCoverageParseListener) {
        try {
          Field field = ElementCoverageParseListener.class.getDeclaredField("coverageState");
          field.setAccessible(true);
          return (Collector) field.get(listener);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("process-test-coverage changed its internals; revisit this workaround", e);
        }
      }
    }
    return null;
  }
}
