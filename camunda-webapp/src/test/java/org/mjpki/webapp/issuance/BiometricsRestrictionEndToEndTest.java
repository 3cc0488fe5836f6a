package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE;

import java.time.Duration;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.mjpki.processes.issuance.IssuanceProcess.EligibilityReasons;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialSet;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;

/**
 * R7, the other half of a remote restriction: a model restricted from biometrics only (device eligibility row 4)
 * is still issued a set, the credential records that biometrics may not stand in for the user-auth PIN on it, and
 * the app learns it from the application's status.
 */
class BiometricsRestrictionEndToEndTest extends EndToEndOnPostgres {

    @Test
    void aModelRestrictedFromBiometricsGetsASetThatRecordsBiometricsAsNotAllowed() {
        SimulatedHolder holder = world.newHolder(new DeviceFacts("ExampleCorp", "EX-2", 14, "GP-SE-JAVACARD", false));

        CredentialSet credential = issued(holder);

        HistoricProcessInstance instance = historicInstance(credential.applicationId());
        assertThat(historicVariable(instance.getId(), Variables.ELIGIBILITY_REASON)).isEqualTo(EligibilityReasons.BIOMETRICS_RESTRICTED);
        assertThat(credential.biometricsAllowed()).as("biometrics may not replace the PIN on this model").isFalse();
        assertThat(appStatus(credential.applicationId()).path("biometricsAllowed").asBoolean(true))
                .as("the app learns it, and offers no biometric activation").isFalse();
    }

    @Test
    void anUnrestrictedModelGetsASetThatRecordsBiometricsAsAllowed() {
        CredentialSet credential = issued(newHolder());

        assertThat(credential.biometricsAllowed()).isTrue();
        assertThat(appStatus(credential.applicationId()).path("biometricsAllowed").asBoolean(false)).isTrue();
    }

    private CredentialSet issued(SimulatedHolder holder) {
        ApplicationStatus done = world.app().issue(holder, DEADLINE);
        assertThat(done.stage()).as(done.toString()).isEqualTo("COMPLETED");
        assertEndedIn(done.applicationId(), END_EVENT_CREDENTIAL_ACTIVE);
        CredentialSet credential = registry.setOfApplication(done.applicationId()).orElseThrow();
        assertThat(credential.state()).isEqualTo(CredentialState.ACTIVE);
        return credential;
    }
}
