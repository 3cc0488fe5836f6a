package org.mjpki.webapp.reissue;

import java.util.Base64;
import java.util.Optional;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.reissue.KeyCheckChallenge;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.reissue.ReissueSigningCertificateProcess;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.springframework.stereotype.Component;

/**
 * The app's side of the reusable {@code reissue-signing-certificate}'s key check, for every case that calls it (a found
 * phone's hold release, a signing re-registration): whether the re-issue a case called waits for the holder's check
 * signature and with which challenge, and handing that signature to it.
 */
@Component
public class ReissueKeyChecks {

    private final CredentialRegistry registry;
    private final RuntimeService runtime;

    public ReissueKeyChecks(CredentialRegistry registry, RuntimeService runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /** The re-issue the running instance {@code caller} called, while it runs. */
    public Optional<ProcessInstance> reissueOf(ProcessInstance caller) {
        return Optional.ofNullable(runtime.createProcessInstanceQuery().superProcessInstanceId(caller.getId())
                .processDefinitionKey(ReissueSigningCertificateProcess.PROCESS_KEY).singleResult());
    }

    /** The challenge (base64) for the set's new signing key, when {@code reissue} waits for the holder's check signature. */
    public Optional<String> awaitedChallenge(ProcessInstance reissue, String credentialSetId) {
        boolean waiting = runtime.createExecutionQuery().processInstanceId(reissue.getId())
                .activityId(ReissueSigningCertificateProcess.Elements.TASK_AWAIT_KEY_CHECK).count() > 0;
        if (!waiting) {
            return Optional.empty();
        }
        CredentialKey key = registry.key(credentialSetId, KeyRole.SIGNING).orElseThrow();
        return Optional.of(Base64.getEncoder().encodeToString(
                KeyCheckChallenge.of(reissue.getBusinessKey(), KeyRole.SIGNING, key.serial())));
    }

    /** Hands the holder's check signature to the re-issue of case {@code businessKey}; false when none waits for one. */
    public boolean submit(String businessKey, String credentialSetId, byte[] signature, byte[] identification) {
        try {
            runtime.createMessageCorrelation(ReissueSigningCertificateProcess.Messages.KEY_CHECK_SIGNED)
                    .processInstanceBusinessKey(businessKey)
                    .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, credentialSetId)
                    .setVariable(ReissueSigningCertificateProcess.Variables.KEY_CHECK_SIGNATURE,
                            Base64.getEncoder().encodeToString(signature))
                    .setVariable(ReissueSigningCertificateProcess.Variables.KEY_CHECK_IDENTIFICATION,
                            Base64.getEncoder().encodeToString(identification))
                    .correlateWithResult();
            return true;
        } catch (MismatchingMessageCorrelationException e) {
            return false;
        }
    }
}
