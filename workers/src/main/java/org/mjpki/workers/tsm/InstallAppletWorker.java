package org.mjpki.workers.tsm;

import java.util.Map;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.registry.UnknownCredentialSetException;
import org.mjpki.applet.client.InstallParameters;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.processes.Topics;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.IllegalTransitionException;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.se.IssuerKeys;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/** Asks the SEI-TSM to install the JPKI applet, with this phone's secure-channel keys, on the holder's SE. */
@Component
@ExternalTaskTopic(value = Topics.INSTALL_APPLET, lane = WorkerLane.PHONE)
public class InstallAppletWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final SeiTsm tsm;
    private final IssuerKeys issuerKeys;

    public InstallAppletWorker(CredentialRegistry registry, SeiTsm tsm, IssuerKeys issuerKeys) {
        this.registry = registry;
        this.tsm = tsm;
        this.issuerKeys = issuerKeys;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        String applicationId = task.caseId();
        CredentialSet credential = registry.setOfApplication(applicationId)
                .orElseThrow(() -> new UnknownCredentialSetException("of application " + applicationId));
        String setId = credential.credentialSetId();
        if (!credential.state().isLive()) {
            throw new IllegalStateException("the credential is " + credential.state() + "; nothing is installed for it");
        }
        if (credential.appletState() != AppletState.INSTALLED) {
            tsm.installApplet(credential.seId(), InstallParameters.encode(issuerKeys.forSecureElement(credential.seId())));
            registry.recordAppletState(setId, AppletState.INSTALLED, CaseSets.cause(task, "applet installed"));
        }
        try {
            registry.moveTo(setId, CredentialState.PERSONALIZING, CaseSets.cause(task, "applet installed"));
        } catch (IllegalTransitionException e) {
            // rolled back while the TSM was installing: compensation only undoes completed steps, so undo it here
            boolean gone = tsm.deleteApplet(credential.seId());
            registry.recordAppletState(setId, gone ? AppletState.DELETED : AppletState.DELETE_PENDING,
                    CaseSets.undo(task, "issuance rolled back during installation"));
            throw new IllegalStateException("the issuance was rolled back during installation; the applet was deleted again");
        }
        return Map.of();
    }

    @Override
    protected String step(LifecycleTask task) {
        return "install the JPKI applet through the SEI-TSM";
    }

    @Override
    protected String retryEffect() {
        return "retrying asks the SEI-TSM again, which keeps an applet already installed";
    }
}
