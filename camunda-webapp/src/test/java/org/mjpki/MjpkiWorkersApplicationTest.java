package org.mjpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which application {@code java -jar mjpki-server.jar} starts. */
class MjpkiWorkersApplicationTest {

    @Test
    void startsTheWorkersAloneOnlyWhenAskedTo() {
        assertThat(MjpkiWorkersApplication.requested(new String[] {"--mjpki.role=workers"}, null)).isTrue();
        assertThat(MjpkiWorkersApplication.requested(new String[0], "workers")).isTrue();
        assertThat(MjpkiWorkersApplication.requested(new String[0], null)).as("the server by default").isFalse();
        assertThat(MjpkiWorkersApplication.requested(new String[] {"--mjpki.role=server"}, null)).isFalse();
        assertThat(MjpkiWorkersApplication.requested(new String[] {"--mjpki.role=server"}, "workers"))
                .as("the command line wins over the environment").isFalse();
    }

    @Test
    void refusesARoleThatIsNeither() {
        assertThatThrownBy(() -> MjpkiWorkersApplication.requested(new String[] {"--mjpki.role=worker"}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown mjpki.role 'worker'");
        assertThatThrownBy(() -> MjpkiWorkersApplication.requested(new String[0], "ca"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
