package org.mjpki.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletCommand.Kind;
import org.mjpki.applet.client.AppletCommand;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.SecretKind;

/** The presets carry seed 004's figures, and the SE charges each command the time its work takes. */
class SimulatedTimingsTest {

    @Test
    void presetsAreFoundByNameAndAnUnknownOneIsRefused() {
        assertThat(SimulatedTimings.Preset.named("none")).isSameAs(SimulatedTimings.Preset.NONE);
        assertThat(SimulatedTimings.Preset.named(" Seed-004 ")).isSameAs(SimulatedTimings.Preset.SEED_004);
        assertThatThrownBy(() -> SimulatedTimings.Preset.named("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none or seed-004");
        assertThatThrownBy(() -> SimulatedTimings.Preset.named(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seed004HolderInputAndJpkiTimesAreTheSeedsAverages() {
        HolderPace pace = HolderPace.SEED_004;
        assertThat(pace.secretsInput()).as("13.1 s + 10.3 s").isEqualTo(Duration.ofMillis(23_400));
        Duration holderInput = pace.applicationInput().plus(pace.secretsInput()).plus(pace.signingCheckInput())
                .plus(pace.userAuthCheckInput());
        assertThat(holderInput).as("seed 004: 55.7 s of user input in all").isEqualTo(Duration.ofMillis(55_700));
        assertThat(JpkiLatency.SEED_004.smartphoneCertificate()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theSecureElementIsBusyAsLongAsTheWorkOfTheCommand() {
        PhoneLatency seed = PhoneLatency.SEED_004;
        assertThat(seed.seProcessing(new AppletCommand(Kind.GENERATE_KEY_PAIR, AppletKey.SIGNING, null))).isEqualTo(Duration.ofMillis(3900));
        assertThat(seed.seProcessing(new AppletCommand(Kind.GENERATE_KEY_PAIR, AppletKey.USER_AUTH, null))).isEqualTo(Duration.ofMillis(2800));
        assertThat(seed.seProcessing(new AppletCommand(Kind.STORE_CERTIFICATE, AppletKey.SIGNING, null))).isEqualTo(Duration.ofMillis(1900));
        assertThat(seed.seProcessing(new AppletCommand(Kind.STORE_CERTIFICATE, AppletKey.USER_AUTH, null))).isEqualTo(Duration.ofMillis(2300));
        assertThat(seed.seProcessing(new AppletCommand(Kind.SET_INITIAL_SECRET, null, SecretKind.SIGNING_PASSWORD))).isEqualTo(Duration.ofMillis(700));
        assertThat(seed.seProcessing(new AppletCommand(Kind.SET_INITIAL_SECRET, null, SecretKind.USER_AUTH_PIN))).isEqualTo(Duration.ofMillis(600));
        assertThat(seed.seProcessing(new AppletCommand(Kind.SIGN, AppletKey.USER_AUTH, null))).isEqualTo(Duration.ofMillis(1200));
        assertThat(seed.seProcessing(new AppletCommand(Kind.OTHER, null, null))).isZero();
        assertThat(PhoneLatency.NONE.seProcessing(new AppletCommand(Kind.GENERATE_KEY_PAIR, AppletKey.SIGNING, null))).isZero();
    }

    @Test
    void switchingAppliesToWhatComesNext() {
        SimulatedTimings timings = new SimulatedTimings(SimulatedTimings.Preset.NONE);
        assertThat(timings.phones()).isEqualTo(PhoneLatency.NONE);
        timings.use(SimulatedTimings.Preset.SEED_004);
        assertThat(timings.phones()).isEqualTo(PhoneLatency.SEED_004);
        assertThat(timings.holders()).isEqualTo(HolderPace.SEED_004);
        assertThatThrownBy(() -> timings.use(null)).isInstanceOf(NullPointerException.class);
        assertThat(timings.current()).isSameAs(SimulatedTimings.Preset.SEED_004);
    }
}
