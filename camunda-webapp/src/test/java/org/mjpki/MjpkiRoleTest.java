package org.mjpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which application {@code java -jar mjpki-server.jar} starts. */
class MjpkiRoleTest {

    @Test
    void theServerUnlessAnotherRoleIsAskedFor() {
        assertThat(MjpkiRole.of(new String[0], null)).as("the server by default").isEqualTo(MjpkiRole.SERVER);
        assertThat(MjpkiRole.of(new String[] {"--mjpki.role=workers"}, null)).isEqualTo(MjpkiRole.WORKERS);
        assertThat(MjpkiRole.of(new String[0], "workers")).isEqualTo(MjpkiRole.WORKERS);
        assertThat(MjpkiRole.of(new String[] {"--mjpki.role=world"}, null)).isEqualTo(MjpkiRole.WORLD);
        assertThat(MjpkiRole.of(new String[] {"--mjpki.role=server"}, null)).isEqualTo(MjpkiRole.SERVER);
        assertThat(MjpkiRole.of(new String[] {"--mjpki.role=server"}, "workers"))
                .as("the command line wins over the environment").isEqualTo(MjpkiRole.SERVER);
    }

    @Test
    void refusesARoleThatIsNoneOfThem() {
        assertThatThrownBy(() -> MjpkiRole.of(new String[] {"--mjpki.role=worker"}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown mjpki.role 'worker'");
        assertThatThrownBy(() -> MjpkiRole.of(new String[0], "ca")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MjpkiRole.of(new String[] {"--mjpki.role=WORLD"}, null))
                .as("spelled as documented").isInstanceOf(IllegalArgumentException.class);
    }
}
