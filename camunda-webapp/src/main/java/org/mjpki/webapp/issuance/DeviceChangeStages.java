package org.mjpki.webapp.issuance;

import static org.mjpki.processes.devicechange.DeviceChangeProcess.Elements.*;

import java.util.Collection;
import java.util.Map;

/**
 * Where a device change stands before its new set's issuance has started, in the holder's terms; from then on the
 * issuance says it ({@link IssuanceStages}). One table, next to issuance's, so the two speak the same language.
 */
final class DeviceChangeStages {

    private DeviceChangeStages() {}

    /** End events a device change can reach without an issuance, and the holder's outcome with its reason code. */
    static final Map<String, String[]> OUTCOMES = Map.of(
            END_EVENT_APPLICATION_REJECTED, new String[] {"REFUSED", "APPLICATION_INVALID"},
            END_EVENT_CARD_CERTIFICATE_NOT_GOOD, new String[] {"REFUSED", "CARD_CERTIFICATE_NOT_GOOD"},
            END_EVENT_DEVICE_INELIGIBLE, new String[] {"REFUSED", "DEVICE_INELIGIBLE"},
            END_EVENT_DEVICE_INTEGRITY_FAILED, new String[] {"REFUSED", "DEVICE_INTEGRITY_FAILED"},
            END_EVENT_SET_ALREADY_BEING_REPLACED, new String[] {"REFUSED", "EXISTING_SET_ALREADY_BEING_REPLACED"},
            END_EVENT_SET_STILL_BEING_ISSUED, new String[] {"REFUSED", "EXISTING_SET_STILL_BEING_ISSUED"},
            // the old set is revoked, but on this same phone its applet could not be removed to make room
            END_EVENT_OLD_APPLET_STILL_ON_PHONE, new String[] {"CANCELLED", "OLD_APPLET_STILL_ON_PHONE"});

    static ApplicationStatus running(String applicationId, Collection<String> activeIds, boolean delayed) {
        if (activeIds.contains(CALL_ACTIVITY_REVOKE_REPLACED_SET)) {
            return new ApplicationStatus(applicationId, "REVOKING_OLD_SET", null, null, delayed);
        }
        return new ApplicationStatus(applicationId, "CHECKING_APPLICATION", null, null, delayed);
    }

    static ApplicationStatus ended(String applicationId, String endActivityId) {
        String[] outcome = OUTCOMES.getOrDefault(endActivityId, new String[] {"CANCELLED", "ENDED_BY_OPERATOR"});
        return new ApplicationStatus(applicationId, outcome[0], null, outcome[1], false);
    }
}
