package org.mjpki.webapp.issuance;

/**
 * Where an application stands, in the holder's terms (never Camunda ids).
 *
 * @param stage      RECEIVED, CHECKING_APPLICATION, INSTALLING_APPLET, PREPARING_CERTIFICATES, OPERATION_CHECK,
 *                   FINISHING, CANCELLING — or, once over, COMPLETED, REFUSED, CANCELLED
 * @param nextAction what the app should do now, if anything: SET_PASSWORD_AND_PIN, SIGN_CHALLENGE
 * @param reason     why it was refused or cancelled, a stable code the app can show text for
 * @param delayed    true while a technical problem holds it up; it continues by itself when resolved
 * @param biometricsAllowed once COMPLETED: whether the app may offer biometric activation on this phone's model (R7,
 *                   R14; a model can be restricted from biometrics remotely); absent before
 * @param credentialSetId once COMPLETED: the id of the set the application made, which the app names in later requests
 *                   (revocation, its validity check); absent before
 */
public record ApplicationStatus(String applicationId, String stage, String nextAction, String reason, boolean delayed,
                                Boolean biometricsAllowed, String credentialSetId) {

    public ApplicationStatus(String applicationId, String stage, String nextAction, String reason, boolean delayed) {
        this(applicationId, stage, nextAction, reason, delayed, null, null);
    }

    ApplicationStatus withSet(Boolean allowed, String credentialSetId) {
        return new ApplicationStatus(applicationId, stage, nextAction, reason, delayed, allowed, credentialSetId);
    }
}
