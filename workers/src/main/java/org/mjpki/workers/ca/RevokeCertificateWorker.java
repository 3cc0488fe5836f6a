package org.mjpki.workers.ca;

import java.util.Map;
import org.mjpki.ca.RevocationReason;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Revokes one certificate of the case's credential set at the CA with the case's reason: the holder's revocation (and
 * every later process that ends a set), or the compensation of a rolled-back issuance (no reason given: the set never
 * came into use, cessationOfOperation). Which certificate of the key: the current one unless {@code certificate} says
 * REPLACED (the one a re-issue replaced) or REPLACEMENT (the one certified for an abandoned re-issue). Exactly once per
 * case and certificate, whatever retries happen.
 */
@Component
@ExternalTaskTopic(value = Topics.REVOKE_CERTIFICATE, lane = WorkerLane.CA,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.REVOCATION_REASON, CaseVariables.CREDENTIAL_SET_ID,
                CaseVariables.CERTIFICATE})
public class RevokeCertificateWorker extends MjpkiWorker {

    private final CaseSets sets;
    private final CertificateRevocations revocations;

    public RevokeCertificateWorker(CaseSets sets, CertificateRevocations revocations) {
        this.sets = sets;
        this.revocations = revocations;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        // nothing on record: nothing was issued for this key (or replaced, or certified for a replacement)
        String setId = sets.of(task).credentialSetId();
        String certificate = task.optionalString(CaseVariables.CERTIFICATE).orElse(CaseVariables.Certificates.CURRENT);
        switch (certificate) {
            case CaseVariables.Certificates.CURRENT -> revocations.revokeIssued(task.caseId(), setId, task.keyRole(), reason(task));
            case CaseVariables.Certificates.REPLACED -> revocations.revokeReplaced(task.caseId(), setId, task.keyRole(), reason(task));
            case CaseVariables.Certificates.REPLACEMENT ->
                    revocations.revokeReplacement(task.caseId(), setId, task.keyRole(), reason(task));
            default -> throw new IllegalArgumentException("task " + Topics.REVOKE_CERTIFICATE + " has unknown certificate '"
                    + certificate + "'");
        }
        return Map.of();
    }

    static RevocationReason reason(LifecycleTask task) {
        return task.optionalString(CaseVariables.REVOCATION_REASON).isPresent()
                ? task.enumValue(CaseVariables.REVOCATION_REASON, RevocationReason.class)
                : RevocationReason.CESSATION_OF_OPERATION;
    }

    @Override
    protected String step(LifecycleTask task) {
        return "revoke the " + task.keyRole() + " certificate at the CA";
    }

    @Override
    protected String retryEffect() {
        return "retrying repeats the same revocation request id; the certificate is revoked once";
    }
}
