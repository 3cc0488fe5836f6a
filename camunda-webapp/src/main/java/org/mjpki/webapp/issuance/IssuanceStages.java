package org.mjpki.webapp.issuance;

import static org.mjpki.processes.issuance.IssuanceProcess.Elements.*;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Translates where the issuance process stands into the holder's stages. One table, so a change to the model's
 * ids shows up here and nowhere else.
 */
final class IssuanceStages {

    private IssuanceStages() {}

    static final Set<String> CHECKING = Set.of(START_EVENT_APPLICATION_RECEIVED, TASK_VERIFY_APPLICATION,
            TASK_DECIDE_DEVICE_ELIGIBILITY, GATEWAY_DEVICE_ELIGIBLE, TASK_VERIFY_DEVICE_INTEGRITY, TASK_RESERVE_CREDENTIAL_SLOT);
    static final Set<String> PREPARING = Set.of(TASK_AWAIT_HOLDER_SECRETS, TASK_GENERATE_SIGNING_KEY_PAIR,
            TASK_ISSUE_SIGNING_CERTIFICATE, TASK_STORE_SIGNING_CERTIFICATE, TASK_GENERATE_USER_AUTH_KEY_PAIR,
            TASK_ISSUE_USER_AUTH_CERTIFICATE, TASK_STORE_USER_AUTH_CERTIFICATE, GATEWAY_PERSONALIZATION_STARTED,
            GATEWAY_PERSONALIZATION_COMPLETED, SUB_PROCESS_PERSONALIZE_CREDENTIAL_SET, START_EVENT_APPLET_INSTALLED,
            END_EVENT_CREDENTIAL_SET_PERSONALIZED,
            // the deadline's check runs beside the personalization, which is still what the holder waits for
            TASK_CHECK_PERSONALIZATION_DEADLINE, GATEWAY_PERSONALIZATION_HAD_ITS_TIME, END_EVENT_PERSONALIZATION_GOES_ON);
    static final Set<String> FINISHING = Set.of(TASK_VERIFY_OPERATION_CHECK, TASK_ACTIVATE_CREDENTIAL, TASK_NOTIFY_HOLDER);
    /** Undoing what was done, and telling the holder: the engine reports only these tasks as active meanwhile. */
    static final Set<String> CANCELLING = Set.of(SUB_PROCESS_ROLL_BACK_ISSUANCE, START_EVENT_ISSUANCE_FAILED,
            INTERMEDIATE_THROW_EVENT_COMPENSATE_ISSUANCE, TASK_NOTIFY_HOLDER_OF_ROLLBACK,
            SUB_PROCESS_ABANDON_APPLICATION, START_EVENT_HOLDER_INPUT_EXPIRED,
            INTERMEDIATE_THROW_EVENT_COMPENSATE_ABANDONED_ISSUANCE, TASK_NOTIFY_HOLDER_OF_ABANDONMENT,
            TASK_REVOKE_SIGNING_CERTIFICATE, TASK_REVOKE_USER_AUTH_CERTIFICATE, TASK_DELETE_APPLET,
            TASK_RELEASE_CREDENTIAL_SLOT, END_EVENT_HOLDER_SECRETS_NOT_SET, END_EVENT_OPERATION_CHECK_NOT_SUBMITTED,
            END_EVENT_PERSONALIZATION_EXPIRED, SUB_PROCESS_REVOKE_ISSUED_CERTIFICATES, START_EVENT_CERTIFICATES_TO_BE_REVOKED,
            END_EVENT_ISSUED_CERTIFICATES_REVOKED);

    /** The reason of a refusal because the holder already has a live set (the app then offers the device change). */
    static final String ALREADY_ISSUED = "ALREADY_ISSUED_USE_DEVICE_CHANGE";

    /** End events and the holder's outcome with its reason code. */
    static final Map<String, String[]> OUTCOMES = Map.of(
            END_EVENT_CREDENTIAL_ACTIVE, new String[] {"COMPLETED", null},
            END_EVENT_APPLICATION_REJECTED, new String[] {"REFUSED", "APPLICATION_INVALID"},
            END_EVENT_CARD_CERTIFICATE_NOT_GOOD, new String[] {"REFUSED", "CARD_CERTIFICATE_NOT_GOOD"},
            END_EVENT_DEVICE_INELIGIBLE, new String[] {"REFUSED", "DEVICE_INELIGIBLE"},
            END_EVENT_DEVICE_INTEGRITY_FAILED, new String[] {"REFUSED", "DEVICE_INTEGRITY_FAILED"},
            END_EVENT_ALREADY_ISSUED, new String[] {"REFUSED", ALREADY_ISSUED},
            END_EVENT_ISSUANCE_ROLLED_BACK, new String[] {"CANCELLED", "ISSUANCE_FAILED"},
            END_EVENT_APPLICATION_ABANDONED, new String[] {"CANCELLED", "HOLDER_INPUT_TIMED_OUT"},
            // the phone, not the holder, did not finish in time; abandoned on the same path
            END_EVENT_PERSONALIZATION_EXPIRED, new String[] {"CANCELLED", "PERSONALIZATION_TIMED_OUT"});

    static ApplicationStatus running(String applicationId, Collection<String> activeIds, boolean delayed) {
        if (activeIds.stream().anyMatch(CANCELLING::contains)) {
            return new ApplicationStatus(applicationId, "CANCELLING", null, null, delayed);
        }
        if (activeIds.contains(TASK_AWAIT_OPERATION_CHECK)) {
            return new ApplicationStatus(applicationId, "OPERATION_CHECK", "SIGN_CHALLENGE", null, delayed);
        }
        if (activeIds.stream().anyMatch(PREPARING::contains)) {
            String action = activeIds.contains(TASK_AWAIT_HOLDER_SECRETS) ? "SET_PASSWORD_AND_PIN" : null;
            return new ApplicationStatus(applicationId, "PREPARING_CERTIFICATES", action, null, delayed);
        }
        if (activeIds.contains(TASK_INSTALL_APPLET)) {
            return new ApplicationStatus(applicationId, "INSTALLING_APPLET", null, null, delayed);
        }
        if (activeIds.stream().anyMatch(FINISHING::contains)) {
            return new ApplicationStatus(applicationId, "FINISHING", null, null, delayed);
        }
        return new ApplicationStatus(applicationId, "CHECKING_APPLICATION", null, null, delayed);
    }

    static ApplicationStatus ended(String applicationId, String endActivityId) {
        String[] outcome = OUTCOMES.getOrDefault(endActivityId, new String[] {"CANCELLED", "ENDED_BY_OPERATOR"});
        return new ApplicationStatus(applicationId, outcome[0], null, outcome[1], false);
    }
}
