package org.mjpki.workers.ca;

import java.util.Map;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * R10: puts one certificate of the case's set on hold at the CA (certificateHold in OCSP at once and in the next CRL).
 * Exactly once per case and certificate; a held certificate stays held.
 */
@Component
@ExternalTaskTopic(value = Topics.HOLD_CERTIFICATE, lane = WorkerLane.CA,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.CREDENTIAL_SET_ID})
public class HoldCertificateWorker extends MjpkiWorker {

    private final CaseSets sets;
    private final CertificateHolds holds;

    public HoldCertificateWorker(CaseSets sets, CertificateHolds holds) {
        this.sets = sets;
        this.holds = holds;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        holds.hold(task.caseId(), sets.of(task).credentialSetId(), task.keyRole());
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "put the " + task.keyRole() + " certificate on hold at the CA";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same hold request id; the certificate is held once";
    }
}
