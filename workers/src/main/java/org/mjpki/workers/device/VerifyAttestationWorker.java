package org.mjpki.workers.device;

import java.util.List;
import java.util.Map;
import org.mjpki.lifecycle.device.AttestationTrustAnchor;
import org.mjpki.lifecycle.device.DeviceAttestation;
import org.mjpki.lifecycle.device.InvalidAttestationException;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * R15: a rooted or tampered phone is refused. The attestation verdict must be signed by a trusted attestation
 * service, answer this application's nonce, name this phone's SE and say the device meets integrity.
 */
@Component
@ExternalTaskTopic(value = Topics.VERIFY_DEVICE_ATTESTATION, lane = WorkerLane.CHECKS)
public class VerifyAttestationWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final List<AttestationTrustAnchor> trustAnchors;

    public VerifyAttestationWorker(CredentialRegistry registry, List<AttestationTrustAnchor> trustAnchors) {
        this.registry = registry;
        this.trustAnchors = trustAnchors;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String applicationId = task.caseId();
        SmartphoneApplication application = registry.application(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        DeviceAttestation attestation;
        try {
            attestation = DeviceAttestation.verify(application.attestationToken(),
                    trustAnchors.stream().map(AttestationTrustAnchor::key).toList());
        } catch (InvalidAttestationException e) {
            throw refused(applicationId, e.getMessage());
        }
        if (!attestation.nonce().equals(application.nonce()) || !attestation.seId().equals(application.seId())) {
            throw refused(applicationId, "the attestation answers another application or phone");
        }
        if (!attestation.meetsDeviceIntegrity()) {
            throw refused(applicationId, "the phone does not meet device integrity (rooted or tampered)");
        }
        return Map.of();
    }

    private static BusinessOutcome refused(String applicationId, String why) {
        return new BusinessOutcome(Errors.DEVICE_INTEGRITY_FAILED, "Application " + applicationId + " refused: " + why);
    }

    @Override
    protected String step(LifecycleTask task) {
        return "verify the phone's integrity attestation";
    }

    @Override
    protected String retryEffect() {
        return "retrying verifies the same attestation again";
    }
}
