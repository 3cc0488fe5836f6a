package org.mjpki.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;

/** A verified login is remembered for a while; a failed one never is, and another password is never taken for it. */
class VerifiedCredentialsTest {

    private final IdentityService identity = mock(IdentityService.class, RETURNS_DEEP_STUBS);

    VerifiedCredentialsTest() {
        when(identity.checkPassword("worker", "right")).thenReturn(true);
        when(identity.checkPassword("worker", "wrong")).thenReturn(false);
        Group workers = mock(Group.class);
        when(workers.getId()).thenReturn("mjpkiWorkers");
        when(identity.createGroupQuery().groupMember(anyString()).list()).thenReturn(List.of(workers));
        when(identity.createTenantQuery().userMember(anyString()).includingGroupsOfUser(true).list()).thenReturn(List.of());
    }

    @Test
    void aVerifiedLoginIsRememberedWithItsGroups() {
        VerifiedCredentials credentials = new VerifiedCredentials(Duration.ofMinutes(1));
        assertThat(credentials.verify("worker", "right", identity)).hasValueSatisfying(v -> {
            assertThat(v.user()).isEqualTo("worker");
            assertThat(v.groups()).containsExactly("mjpkiWorkers");
        });
        assertThat(credentials.verify("worker", "right", identity)).isPresent();
        verify(identity, times(1)).checkPassword("worker", "right");
    }

    @Test
    void aWrongPasswordIsNeverRememberedNorTakenForTheRightOne() {
        VerifiedCredentials credentials = new VerifiedCredentials(Duration.ofMinutes(1));
        credentials.verify("worker", "right", identity);
        assertThat(credentials.verify("worker", "wrong", identity)).isEmpty();
        assertThat(credentials.verify("worker", "wrong", identity)).isEmpty();
        verify(identity, times(2)).checkPassword("worker", "wrong");
        assertThat(credentials.verify("other", "right", identity)).as("another user with that password").isEmpty();
    }

    @Test
    void aZeroTtlVerifiesEveryTimeAndAnExpiredLoginIsVerifiedAgain() throws Exception {
        VerifiedCredentials never = new VerifiedCredentials(Duration.ZERO);
        never.verify("worker", "right", identity);
        never.verify("worker", "right", identity);
        verify(identity, times(2)).checkPassword("worker", "right");

        VerifiedCredentials brief = new VerifiedCredentials(Duration.ofMillis(20));
        brief.verify("worker", "right", identity);
        Thread.sleep(50);
        brief.verify("worker", "right", identity);
        verify(identity, times(4)).checkPassword("worker", "right");
    }

    @Test
    void basicCredentialsAreReadOrRefusedWhenMalformed() {
        String header = "Basic " + Base64.getEncoder().encodeToString("worker:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(VerifiedCredentials.basic(header)).containsExactly("worker", "pa:ss");
        assertThat(VerifiedCredentials.basic(null)).isNull();
        assertThat(VerifiedCredentials.basic("Bearer abc")).isNull();
        assertThat(VerifiedCredentials.basic("Basic !!!")).isNull();
        assertThat(VerifiedCredentials.basic("Basic " + Base64.getEncoder().encodeToString(":x".getBytes()))).isNull();
    }

    /** Found by the app API fuzzing: a NUL in the user name reached the database, which refused it, and the login got a 500. */
    @Test
    void aUserNameWithAControlCharacterIsMalformed() {
        for (String pair : new String[] {"work\u0000er:right", "worker\u0000:right", "\u0001worker:right", "work\ter:right"}) {
            assertThat(VerifiedCredentials.basic("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))))
                    .as(pair.replaceAll("\\p{Cntrl}", "?")).isNull();
        }
        // the password is never looked up in the database: any character of it is the caller's to choose
        String header = "Basic " + Base64.getEncoder().encodeToString("worker:pa\u0000ss".getBytes(StandardCharsets.UTF_8));
        assertThat(VerifiedCredentials.basic(header)).containsExactly("worker", "pa\u0000ss");
    }
}
