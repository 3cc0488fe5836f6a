package org.mjpki.webapp.callcenter;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.exception.NotValidException;
import org.mjpki.lifecycle.holder.HolderFactsDigest;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Variables;

/**
 * Ties the set the look-up matched to the instance: a form submission may carry any variable, so every later task of
 * the report checks that {@code credentialSetId} is still the one the look-up wrote, before it may hold or revoke it.
 */
final class MatchSeal {

    private MatchSeal() {}

    static String of(HolderFactsDigest digest, DelegateTask task, String credentialSetId) {
        return digest.seal(task.getProcessInstanceId(), credentialSetId);
    }

    /** Refuses the submission (nothing stored) when the set was changed since the look-up. */
    static void check(HolderFactsDigest digest, DelegateTask task) {
        Object setId = task.getVariable(CaseVariables.CREDENTIAL_SET_ID);
        Object seal = task.getVariable(Variables.MATCH_SEAL);
        if (!(setId instanceof String id) || !(seal instanceof String s)
                || !MessageDigest.isEqual(of(digest, task, id).getBytes(StandardCharsets.US_ASCII), s.getBytes(StandardCharsets.US_ASCII))) {
            throw new NotValidException("The credential set of this report was changed since the caller was identified; "
                    + "the task was not completed");
        }
    }
}
