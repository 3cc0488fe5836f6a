package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PreferWaitTest {

    @Test
    void readsTheWaitPreferenceAmongOthers() {
        assertThat(PreferWait.parse(null)).isZero();
        assertThat(PreferWait.parse("")).isZero();
        assertThat(PreferWait.parse("wait=20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(PreferWait.parse("respond-async, WAIT = 5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(PreferWait.parse("return=minimal")).as("not ours to refuse").isZero();
    }

    @Test
    void capsLongWaitsAndRefusesMalformedOnes() {
        assertThat(PreferWait.parse("wait=3600")).isEqualTo(ApplicationStatusWaits.LONGEST_WAIT);
        assertThatThrownBy(() -> PreferWait.parse("wait=")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> PreferWait.parse("wait=-1")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> PreferWait.parse("wait=99999999999")).isInstanceOf(BadRequestException.class);
    }
}
