package org.mjpki.webapp.callcenter;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.mjpki.lifecycle.holder.HolderFactsDigest;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.hold.LostDeviceHoldProcess.CallerMatch;
import org.mjpki.processes.hold.LostDeviceHoldProcess.Variables;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.webapp.issuance.ExistingSets;
import org.springframework.stereotype.Component;

/**
 * The complete listener of "Identify the caller" (lost-device-hold): turns the four facts the caller gave into the
 * keyed digest the registry indexes (ADR 0018), drops them, and writes only what was found: the match, and for a set
 * that can be held its id, its masked phone and day of issue, and a seal tying it to this instance.
 */
@Component("callerIdentification")
public class CallerIdentification implements TaskListener {

    static final String NOT_IDENTIFIED = "The caller could not give the four facts on the card, so the caller was not "
            + "identified. Nothing was held. Ask the caller to call again with the My Number card at hand.";
    static final String NO_LIVE_SET = "No smartphone certificate set matches what the caller said. Nothing was held. "
            + "Check the facts against the card (a set that was revoked or has expired is not held again).";
    static final String ALREADY_ON_HOLD = "The caller's smartphone set is already on hold after an earlier report. "
            + "Nothing was changed: it stays on hold until the holder releases it in the app, confirms the loss, or the hold period ends.";
    static final String BEING_REVOKED = "The caller's smartphone set is already being revoked. Nothing was changed.";
    static final String STILL_BEING_ISSUED = "The caller's smartphone set is still being issued and cannot be held yet. "
            + "Nothing was changed: an issuance the holder does not finish is cancelled by itself.";

    private final CredentialRegistry registry;
    private final HolderFactsDigest digest;
    private final ExistingSets sets;

    public CallerIdentification(CredentialRegistry registry, HolderFactsDigest digest, ExistingSets sets) {
        this.registry = registry;
        this.digest = digest;
        this.sets = sets;
    }

    @Override
    public void notify(DelegateTask task) {
        CallerFacts facts = CallerFacts.take(task);
        if (!facts.identified()) {
            answer(task, CallerMatch.NOT_IDENTIFIED, NOT_IDENTIFIED);
            return;
        }
        String factsDigest = digest.of(facts.name(), facts.birthDate(), facts.sex(), facts.address());
        List<CredentialSet> live = registry.liveSetsOfHolderFacts(factsDigest);
        if (live.isEmpty()) {
            answer(task, CallerMatch.NO_LIVE_SET, NO_LIVE_SET);
            return;
        }
        CredentialSet set = live.get(0); // one live set per holder (R2)
        if (set.state() == CredentialState.ON_HOLD) {
            answer(task, CallerMatch.ALREADY_ON_HOLD, ALREADY_ON_HOLD);
        } else if (set.revocationCaseId() != null) {
            answer(task, CallerMatch.BEING_REVOKED, BEING_REVOKED);
        } else if (set.state() != CredentialState.ACTIVE) {
            answer(task, CallerMatch.STILL_BEING_ISSUED, STILL_BEING_ISSUED);
        } else {
            ExistingSets.Description phone = sets.describe(set);
            task.setVariable(Variables.CALLER_MATCH, CallerMatch.MATCHED);
            task.setVariable(CaseVariables.CREDENTIAL_SET_ID, set.credentialSetId());
            task.setVariable(Variables.MATCHED_PHONE, phone.phone());
            task.setVariable(Variables.MATCHED_ISSUED_ON, phone.issuedOn().toString());
            task.setVariable(Variables.MATCH_SEAL, MatchSeal.of(digest, task, set.credentialSetId()));
        }
    }

    private static void answer(DelegateTask task, String match, String answer) {
        task.setVariable(Variables.CALLER_MATCH, match);
        task.setVariable(Variables.ANSWER_TO_CALLER, answer);
    }
}
