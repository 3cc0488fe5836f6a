package org.mjpki.webapp.callcenter;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.mjpki.lifecycle.holder.HolderFactsDigest;
import org.mjpki.processes.hold.LostDeviceHoldProcess.LossKinds;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Variables;
import org.springframework.stereotype.Component;

/**
 * The complete listener of "Confirm the phone with the caller": the set is still the matched one, the answer is yes
 * or no, and a yes says whether the phone was lost or stolen.
 */
@Component("setConfirmation")
public class SetConfirmation implements TaskListener {

    static final String NOT_CONFIRMED = "The caller did not confirm the phone. Nothing was held.";

    private final HolderFactsDigest digest;

    public SetConfirmation(HolderFactsDigest digest) {
        this.digest = digest;
    }

    @Override
    public void notify(DelegateTask task) {
        MatchSeal.check(digest, task);
        Object confirmed = task.getVariable(Variables.SET_CONFIRMED);
        if (!(confirmed instanceof Boolean yes)) {
            throw new NotValidException("Answer whether this is the lost phone");
        }
        if (yes) {
            LossKind.check(task);
        } else {
            task.setVariable(Variables.ANSWER_TO_CALLER, NOT_CONFIRMED);
        }
    }

    /** The answer lost or stolen, which decides the revocation reason. */
    static final class LossKind {
        private LossKind() {}

        static void check(DelegateTask task) {
            if (!LossKinds.ALL.contains(task.getVariable(Variables.LOSS_KIND))) {
                throw new NotValidException("Answer whether the phone was lost or stolen");
            }
        }
    }
}
