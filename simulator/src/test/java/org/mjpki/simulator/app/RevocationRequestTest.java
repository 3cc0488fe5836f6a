package org.mjpki.simulator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mjpki.simulator.app.RevocationRequest.Reason;

/** The revocation request the phone signs: the contract's fields, in its form and bounds, as UTF-8 JSON. */
class RevocationRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    @Test
    void isJsonWithExactlyTheContractsFields() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T09:15:30.750Z"), ZoneOffset.UTC);
        RevocationRequest request = RevocationRequest.fresh("CS-0001", Reason.PHONE_COMPROMISED, clock, random);

        JsonNode json = JSON.readTree(request.toJson());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("type", "credentialSetId", "reason", "nonce", "expiresAt");
        json.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey() + " is a string").isTrue());
        assertThat(json.get("type").asText()).isEqualTo("REVOCATION");
        assertThat(json.get("credentialSetId").asText()).isEqualTo("CS-0001");
        assertThat(json.get("reason").asText()).isEqualTo("PHONE_COMPROMISED");
        assertThat(json.get("nonce").asText()).isEqualTo(request.nonce());
        assertThat(json.get("expiresAt").asText()).as("ISO-8601, five minutes on from now (whole seconds)")
                .isEqualTo("2026-03-01T09:20:30Z");
        assertThat(Instant.parse(json.get("expiresAt").asText())).isEqualTo(request.expiresAt());
    }

    @Test
    void isUtf8AndTheSameBytesEachTime() {
        RevocationRequest request = new RevocationRequest("CS-テスト-1", Reason.OTHER, "n".repeat(32),
                Instant.parse("2026-03-01T09:20:30Z"));
        byte[] bytes = request.toJson();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"REVOCATION\",\"credentialSetId\":"
                + "\"CS-テスト-1\",\"reason\":\"OTHER\",\"nonce\":\"" + "n".repeat(32) + "\",\"expiresAt\":\"2026-03-01T09:20:30Z\"}");
        assertThat(request.toJson()).isEqualTo(bytes);
    }

    @Test
    void aFreshRequestHasAFreshUrlSafeNonceAndExpiresWithinFiveMinutes() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Instant before = Instant.now();
            RevocationRequest request = RevocationRequest.fresh("CS-1", Reason.NO_LONGER_USED, Clock.systemUTC(), random);
            Instant after = Instant.now();
            assertThat(request.nonce()).matches("[A-Za-z0-9_-]{32}");
            assertThat(nonces.add(request.nonce())).as("a nonce is never repeated").isTrue();
            assertThat(request.expiresAt()).isAfter(before.plusSeconds(4 * 60))
                    .isBeforeOrEqualTo(after.plus(RevocationRequest.VALIDITY));
        }
    }

    @Test
    void knowsTheAppsReasonsAndNoOthers() {
        assertThat(Reason.values()).extracting(Enum::name).containsExactly("NO_LONGER_USED", "PHONE_COMPROMISED", "OTHER");
        assertThat(Reason.named(null)).isEqualTo(Reason.NO_LONGER_USED);
        assertThat(Reason.named("")).isEqualTo(Reason.NO_LONGER_USED);
        assertThat(Reason.named("OTHER")).isEqualTo(Reason.OTHER);
        assertThatThrownBy(() -> Reason.named("KEY_COMPROMISE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reason.named("other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void needsEveryField() {
        Instant at = Instant.now();
        assertThatThrownBy(() -> new RevocationRequest(null, Reason.OTHER, "n", at)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RevocationRequest("CS", null, "n", at)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RevocationRequest("CS", Reason.OTHER, null, at)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RevocationRequest("CS", Reason.OTHER, "n", null)).isInstanceOf(NullPointerException.class);
    }
}
