package org.mjpki.webapp.callcenter;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.mjpki.lifecycle.holder.HolderFactsDigest;
import org.springframework.stereotype.Component;

/**
 * The complete listener of "Set on hold: await the holder": completing it revokes the set, so it must say the holder
 * confirmed the phone is gone, lost or stolen, and be about the matched set.
 */
@Component("phoneGoneConfirmation")
public class PhoneGoneConfirmation implements TaskListener {

    static final String PHONE_GONE = "phoneGone";

    private final HolderFactsDigest digest;

    public PhoneGoneConfirmation(HolderFactsDigest digest) {
        this.digest = digest;
    }

    @Override
    public void notify(DelegateTask task) {
        MatchSeal.check(digest, task);
        if (!Boolean.TRUE.equals(task.getVariable(PHONE_GONE))) {
            throw new NotValidException("Tick that the holder confirms the phone is gone: completing this task revokes the set");
        }
        SetConfirmation.LossKind.check(task);
    }
}
