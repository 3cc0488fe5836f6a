package org.mjpki.workers.se;

import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.registry.CredentialKeyReplacement;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.KeyReplacementInProgressException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Re-issue, first step: the applet makes a replacement key pair beside the live key (which goes on signing) and its
 * public half is recorded for the case. Exactly once: the applet answers the same pending key when asked again, and
 * the registry takes the same key again as a no-op. Another case's replacement under way is refused before the applet
 * is asked, so its pending key is never taken for this case's.
 */
@Component
@ExternalTaskTopic(value = Topics.GENERATE_REPLACEMENT_KEY_PAIR, lockDuration = 120_000, lane = WorkerLane.PHONE,
        variables = {CaseVariables.KEY_ROLE, CaseVariables.CREDENTIAL_SET_ID})
public class GenerateReplacementKeyPairWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;
    private final AppletScripts applets;

    public GenerateReplacementKeyPairWorker(CredentialRegistry registry, CaseSets sets, AppletScripts applets) {
        this.registry = registry;
        this.sets = sets;
        this.applets = applets;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.of(task);
        KeyRole role = task.keyRole();
        CredentialKeyReplacement pending = registry.replacement(set.credentialSetId(), role).orElse(null);
        if (pending != null) {
            if (pending.caseId().equals(task.caseId())) {
                return Map.of();
            }
            throw refused(task, role);
        }
        AppletKey appletRole = AppletRoles.of(role);
        RSAPublicKey publicKey = applets.run(task.caseId(), set.seId(), "generate a replacement " + role + " key pair",
                (applet, issuer) -> issuer.get().generateReplacementKeyPair(appletRole));
        try {
            registry.recordReplacementKey(set.credentialSetId(), role, task.caseId(), publicKey.getEncoded());
        } catch (KeyReplacementInProgressException e) {
            throw refused(task, role);
        }
        return Map.of();
    }

    private static BusinessOutcome refused(LifecycleTask task, KeyRole role) {
        return new BusinessOutcome(Errors.SE_REFUSED, "Re-issue " + task.caseId() + ": another case is already re-issuing the "
                + role + " key of this set");
    }

    @Override
    protected String step(LifecycleTask task) {
        return "generate a replacement " + task.keyRole() + " key pair on the phone's secure element";
    }

    @Override
    protected String retryEffect() {
        return "retrying gets the same pending replacement key from the applet, never a second one";
    }
}
