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
 * Lifts the hold of one certificate of the case's set at the CA: good again in OCSP, removeFromCRL in the next delta
 * CRL. Exactly once per case and certificate.
 */
@Component
@ExternalTaskTopic(value = Topics.RELEASE_CERTIFICATE_HOLD, lane = WorkerLane.CA,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.CREDENTIAL_SET_ID})
public class ReleaseCertificateHoldWorker extends MjpkiWorker {

    private final CaseSets sets;
    private final CertificateHolds holds;

    public ReleaseCertificateHoldWorker(CaseSets sets, CertificateHolds holds) {
        this.sets = sets;
        this.holds = holds;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        holds.release(task.caseId(), sets.of(task).credentialSetId(), task.keyRole());
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "lift the hold of the " + task.keyRole() + " certificate at the CA";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same release request id; the hold is lifted once";
    }
}
