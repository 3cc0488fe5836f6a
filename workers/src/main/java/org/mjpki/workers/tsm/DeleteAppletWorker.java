package org.mjpki.workers.tsm;

import java.util.Map;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.processes.Topics;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.SmartphoneCredential;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Asks the SEI-TSM to delete the JPKI applet (compensation, revocation, device change). An offline phone
 * keeps an unusable applet until it comes back: the delete is then pending at the TSM (R8).
 */
@Component
@ExternalTaskTopic(value = Topics.DELETE_APPLET, lane = WorkerLane.PHONE)
public class DeleteAppletWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final SeiTsm tsm;

    public DeleteAppletWorker(CredentialRegistry registry, SeiTsm tsm) {
        this.registry = registry;
        this.tsm = tsm;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        String applicationId = task.applicationId();
        SmartphoneCredential credential = registry.credential(applicationId).orElse(null);
        if (credential == null || credential.appletState() == AppletState.NONE || credential.appletState() == AppletState.DELETED) {
            return Map.of();
        }
        boolean gone = tsm.deleteApplet(credential.seId());
        registry.recordAppletState(applicationId, gone ? AppletState.DELETED : AppletState.DELETE_PENDING);
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "delete the JPKI applet through the SEI-TSM";
    }

    @Override
    protected String retryEffect() {
        return "retrying asks the SEI-TSM again; deleting an applet already gone succeeds";
    }
}
