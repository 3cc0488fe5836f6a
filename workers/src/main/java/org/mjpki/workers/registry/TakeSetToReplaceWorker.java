package org.mjpki.workers.registry;

import java.util.HashMap;
import java.util.Map;
import org.mjpki.processes.Topics;
import org.mjpki.processes.devicechange.DeviceChangeProcess.Errors;
import org.mjpki.processes.devicechange.DeviceChangeProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialRegistry.RevocationClaim;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Device change, seed 004 5-2 ②: finds the live set of the holder whose card signed this (verified) application and
 * takes it for the case, so that no second device change or revocation ends it meanwhile. The holder is the one the
 * CA records for the card certificate, so a card of another person finds that person's set, never this one's.
 */
@Component
@ExternalTaskTopic(value = Topics.TAKE_SET_TO_REPLACE, lane = WorkerLane.REGISTRY)
public class TakeSetToReplaceWorker extends MjpkiWorker {

    private final CredentialRegistry registry;

    public TakeSetToReplaceWorker(CredentialRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String applicationId = task.caseId();
        SmartphoneApplication application = registry.application(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        if (application.holderRef() == null) {
            throw new IllegalStateException("application " + applicationId + " has no verified holder yet");
        }
        CredentialSet live = registry.liveSetOf(application.holderRef()).orElse(null);
        if (live == null) {
            return Map.of(); // nothing to replace (any more): replacedSetId stays null, an ordinary issuance follows
        }
        RevocationClaim claim = registry.claimForRevocation(live.credentialSetId(), applicationId);
        return switch (claim) {
            case CLAIMED -> {
                Map<String, Object> taken = new HashMap<>();
                taken.put(Variables.REPLACED_SET_ID, live.credentialSetId());
                taken.put(Variables.REPLACED_ON_SAME_PHONE, live.seId().equals(application.seId()));
                yield taken;
            }
            case ALREADY_BEING_REVOKED -> throw new BusinessOutcome(Errors.SET_ALREADY_BEING_REPLACED,
                    "Device change " + applicationId + " refused: the holder's set is already being revoked or replaced by another case");
            case NOT_YET_ACTIVE -> throw new BusinessOutcome(Errors.SET_STILL_BEING_ISSUED,
                    "Device change " + applicationId + " refused: the holder's set is still being issued");
            case NO_LONGER_LIVE -> Map.of(); // it ended between the look-up and the claim
        };
    }

    @Override
    protected String step(LifecycleTask task) {
        return "take the holder's set to replace";
    }

    @Override
    protected String retryEffect() {
        return "retrying finds the set already taken for this case";
    }
}
