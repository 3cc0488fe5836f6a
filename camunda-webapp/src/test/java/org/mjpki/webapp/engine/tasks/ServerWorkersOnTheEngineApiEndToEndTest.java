package org.mjpki.webapp.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.runtime.WorkerRuntime;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The server's own workers run on the engine's Java API by default (issue 17, ADR 0031), and an issuance through it
 * leaves every step an external task in the history, done by a lane of this server — what Cockpit shows.
 */
class ServerWorkersOnTheEngineApiEndToEndTest extends EndToEndOnPostgres {

    @Autowired WorkerRuntime workers;

    @Test
    void anIssuanceRunsThroughTheEngineApiWithEveryStepAnExternalTask() {
        assertThat(workers.transport().name()).isEqualTo("engine-api");

        String applicationId = world.app().issue(newHolder(), DEADLINE).applicationId();
        String instanceId = historicInstance(applicationId).getId();

        List<HistoricExternalTaskLog> done = history.createHistoricExternalTaskLogQuery().processInstanceId(instanceId)
                .successLog().list();
        assertThat(done).extracting(HistoricExternalTaskLog::getTopicName)
                .contains("registry.reserve-slot", "se.generate-key-pair", "ca.issue-certificate", "se.store-certificate",
                        "registry.activate-credential");
        List<String> lanes = java.util.Arrays.stream(WorkerLane.values()).map(lane -> "-" + lane.id()).toList();
        assertThat(done).extracting(HistoricExternalTaskLog::getWorkerId)
                .allSatisfy(workerId -> assertThat(workerId).startsWith("mjpki-")
                        .satisfies(id -> assertThat(lanes).anyMatch(id::endsWith)));
    }
}
