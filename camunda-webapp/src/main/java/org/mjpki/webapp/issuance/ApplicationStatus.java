package org.mjpki.webapp.issuance;

/**
 * Where an application stands, in the holder's terms (never Camunda ids).
 *
 * @param stage      RECEIVED, CHECKING_APPLICATION, REVOKING_OLD_SET (a device change), INSTALLING_APPLET,
 *                   PREPARING_CERTIFICATES, OPERATION_CHECK, FINISHING, CANCELLING — or, once over, COMPLETED, REFUSED,
 *                   CANCELLED
 * @param nextAction what the app should do now, if anything: SET_PASSWORD_AND_PIN, SIGN_CHALLENGE; once refused
 *                   because a set exists on another phone, APPLY_WITH_CONSENT_TO_REVOKE_EXISTING_SET
 * @param reason     why it was refused or cancelled, a stable code the app can show text for
 * @param delayed    true while a technical problem holds it up; it continues by itself when resolved
 * @param biometricsAllowed once COMPLETED: whether the app may offer biometric activation on this phone's model (R7,
 *                   R14; a model can be restricted from biometrics remotely); absent before
 * @param credentialSetId once COMPLETED: the id of the set the application made, which the app names in later requests
 *                   (revocation, its validity check); absent before
 * @param existingSet once refused because the holder has a live set: which phone it is on and when it was issued,
 *                   masked (nothing that identifies the person); absent otherwise
 * @param replacesCredentialSetId once over, for a device change: the holder's old set, which it revoked (it stays
 *                   revoked even if the new set could not be issued); absent otherwise
 */
public record ApplicationStatus(String applicationId, String stage, String nextAction, String reason, boolean delayed,
                                Boolean biometricsAllowed, String credentialSetId, ExistingSet existingSet,
                                String replacesCredentialSetId) {

    public ApplicationStatus(String applicationId, String stage, String nextAction, String reason, boolean delayed) {
        this(applicationId, stage, nextAction, reason, delayed, null, null, null, null);
    }

    /** Over: COMPLETED, REFUSED or CANCELLED (not serialized: the stage says it). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean finished() {
        return "COMPLETED".equals(stage) || "REFUSED".equals(stage) || "CANCELLED".equals(stage);
    }

    ApplicationStatus withSet(Boolean allowed, String credentialSetId) {
        return new ApplicationStatus(applicationId, stage, nextAction, reason, delayed, allowed, credentialSetId,
                existingSet, replacesCredentialSetId);
    }

    ApplicationStatus withExistingSet(ExistingSet existing, String action) {
        return new ApplicationStatus(applicationId, stage, action, reason, delayed, biometricsAllowed, credentialSetId,
                existing, replacesCredentialSetId);
    }

    ApplicationStatus replacing(String replacedSetId) {
        return new ApplicationStatus(applicationId, stage, nextAction, reason, delayed, biometricsAllowed, credentialSetId,
                existingSet, replacedSetId);
    }

    /**
     * The holder's live set on another phone, as the app may show it to the holder who applied with the card: the
     * phone's maker and model and the day it was issued (Japan time). No id, no holder data.
     */
    public record ExistingSet(String deviceManufacturer, String deviceModel, java.time.LocalDate issuedOn) {}
}
