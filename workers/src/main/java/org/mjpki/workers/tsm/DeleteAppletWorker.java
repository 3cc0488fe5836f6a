package org.mjpki.workers.tsm;

import java.util.Map;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.Topics;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.workers.runtime.ExternalTaskTopic;
import org.mjpki.workers.runtime.WorkerLane;
import org.mjpki.workers.support.CaseSets;
import org.mjpki.workers.support.LifecycleTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Asks the SEI-TSM to delete the JPKI applet of the case's set (compensation of an issuance, the remote delete of a
 * revocation), and says whether it is gone ({@code appletDeleted}). An offline phone keeps an unusable applet until it
 * comes back: the delete is then pending at the TSM (R8), and asking again once the phone is back confirms it.
 */
@Component
@ExternalTaskTopic(value = Topics.DELETE_APPLET, lane = WorkerLane.PHONE, variables = CaseVariables.CREDENTIAL_SET_ID)
public class DeleteAppletWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final CaseSets sets;
    private final SeiTsm tsm;

    public DeleteAppletWorker(CredentialRegistry registry, CaseSets sets, SeiTsm tsm) {
        this.registry = registry;
        this.sets = sets;
        this.tsm = tsm;
    }

    @Override
    protected Map<String, Object> work(LifecycleTask task) {
        CredentialSet set = sets.find(task).orElse(null);
        if (set == null || set.appletState() == AppletState.NONE || set.appletState() == AppletState.DELETED) {
            return Map.of(CaseVariables.APPLET_DELETED, true);
        }
        boolean gone = tsm.deleteApplet(set.seId());
        registry.recordAppletState(set.credentialSetId(), gone ? AppletState.DELETED : AppletState.DELETE_PENDING,
                CaseSets.cause(task, gone ? "applet deleted" : "applet delete pending: phone offline"));
        return Map.of(CaseVariables.APPLET_DELETED, gone);
    }

    @Override
    protected String step(LifecycleTask task) {
        return "delete the JPKI applet through the SEI-TSM";
    }

    @Override
    protected String retryEffect() {
        return "retrying asks the SEI-TSM again; deleting an applet already gone succeeds";
    }
}
