package org.mjpki.processes;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Job;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the workers in process tests: fetches and locks the external task waiting at one activity
 * through the engine's {@link ExternalTaskService} (by topic, as a worker would), then completes it
 * or reports a BPMN error. Also runs the due asynchronous continuations, which the test engine's
 * disabled job executor leaves alone.
 */
public final class ExternalTaskDriver {

  public static final String WORKER_ID = "process-test-worker";
  private static final long LOCK_MILLIS = 60_000;

  private final ExternalTaskService externalTasks;
  private final ManagementService management;
  private final String processInstanceId;

  public ExternalTaskDriver(ProcessEngine engine, String processInstanceId) {
    this.externalTasks = engine.getExternalTaskService();
    this.management = engine.getManagementService();
    this.processInstanceId = processInstanceId;
  }

  /** Fetches and locks, by its topic, the one external task waiting at {@code activityId}, checking its topic. */
  public LockedExternalTask lock(String activityId, String expectedTopic) {
    ExternalTask waiting = externalTasks.createExternalTaskQuery()
        .processInstanceId(processInstanceId).activityId(activityId).notLocked().singleResult();
    assertThat(waiting).as("external task waiting at %s", activityId).isNotNull();
    assertThat(waiting.getTopicName()).as("topic of %s", activityId).isEqualTo(expectedTopic);

    List<LockedExternalTask> locked = externalTasks.fetchAndLock(100, WORKER_ID)
        .topic(expectedTopic, LOCK_MILLIS).execute();
    LockedExternalTask mine = null;
    for (LockedExternalTask task : locked) {
      if (task.getId().equals(waiting.getId())) {
        mine = task;
      } else {
        externalTasks.unlock(task.getId());
      }
    }
    assertThat(mine).as("fetched task of %s", activityId).isNotNull();
    return mine;
  }

  public LockedExternalTask complete(String activityId, String topic) {
    return complete(activityId, topic, Map.of());
  }

  public LockedExternalTask complete(String activityId, String topic, Map<String, Object> variables) {
    LockedExternalTask task = lock(activityId, topic);
    externalTasks.complete(task.getId(), WORKER_ID, variables);
    return task;
  }

  /**
   * Completes with <em>local</em> variables, as a worker reports a local output: they reach the process only through
   * the task's output mapping.
   */
  public LockedExternalTask completeLocal(String activityId, String topic, Map<String, Object> localVariables) {
    LockedExternalTask task = lock(activityId, topic);
    externalTasks.complete(task.getId(), WORKER_ID, Map.of(), localVariables);
    return task;
  }

  public LockedExternalTask throwBpmnError(String activityId, String topic, String errorCode) {
    LockedExternalTask task = lock(activityId, topic);
    externalTasks.handleBpmnError(task.getId(), WORKER_ID, errorCode, errorCode + " reported by the test worker");
    return task;
  }

  /** Topic of every external task open in the instance, by activity id. */
  public Map<String, String> openTasks() {
    return externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId).list().stream()
        .collect(Collectors.toMap(ExternalTask::getActivityId, ExternalTask::getTopicName));
  }

  /** Runs every due job of the instance (async continuations), until none is left. Timers not yet due stay. */
  public void executeDueJobs() {
    for (int round = 0; round < 20; round++) {
      List<Job> jobs = management.createJobQuery().processInstanceId(processInstanceId).executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(job -> management.executeJob(job.getId()));
    }
    throw new AssertionError("jobs keep coming for " + processInstanceId);
  }

  /** The timer job of one timer boundary event. */
  public Job timer(String timerActivityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).timers().activityId(timerActivityId).singleResult();
    assertThat(job).as("timer %s", timerActivityId).isNotNull();
    return job;
  }

  /** Fires a timer now, whatever its due date. */
  public void fire(String timerActivityId) {
    management.executeJob(timer(timerActivityId).getId());
  }
}
