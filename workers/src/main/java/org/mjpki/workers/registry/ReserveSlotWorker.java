package org.mjpki.workers.registry;

import java.util.Map;
import org.mjpki.processes.devicechange.DeviceChangeProcess;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.Topics;
import org.mjpki.registry.AlreadyIssuedException;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * R2: takes the holder's single slot for this application, or refuses because a live set exists. Called by a device
 * change, it records the set the new one replaces ({@code replacesSetId}) as its lineage.
 */
@Component
@ExternalTaskTopic(value = Topics.RESERVE_SLOT, lane = WorkerLane.REGISTRY,
        variables = DeviceChangeProcess.Variables.REPLACES_SET_ID)
public class ReserveSlotWorker extends MjpkiWorker {

    private final CredentialRegistry registry;

    public ReserveSlotWorker(CredentialRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        try {
            registry.reserveSlot(task.caseId(), task.optionalString(DeviceChangeProcess.Variables.REPLACES_SET_ID).orElse(null),
                    CaseSets.cause(task, "slot reserved"));
        } catch (AlreadyIssuedException e) {
            throw new BusinessOutcome(Errors.ALREADY_ISSUED, e.getMessage());
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "reserve the holder's credential slot";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds this application's reservation if it was made";
    }
}
