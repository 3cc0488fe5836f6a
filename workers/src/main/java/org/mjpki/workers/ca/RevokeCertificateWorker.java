package org.mjpki.workers.ca;

import org.mjpki.processes.CaseVariables;
import java.util.Map;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Compensation: revokes a certificate issued for an issuance that was rolled back (reason cessationOfOperation,
 * the set never came into use). Exactly once: the CA request id is the application and key role.
 */
@Component
@ExternalTaskTopic(value = Topics.REVOKE_CERTIFICATE, lane = WorkerLane.CA, variables = CaseVariables.KEY_ROLE)
public class RevokeCertificateWorker extends MjpkiWorker {

    private final RollbackRevocations revocations;

    public RevokeCertificateWorker(RollbackRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        revocations.revokeIssued(task.applicationId(), task.keyRole()); // nothing on record: nothing was issued
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "revoke the " + task.keyRole() + " certificate of a rolled-back issuance";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same revocation request id; the certificate is revoked once";
    }
}
