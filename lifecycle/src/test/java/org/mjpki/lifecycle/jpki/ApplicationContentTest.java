package org.mjpki.lifecycle.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signed JSON content as an app sends it: consent to revoke an existing set is opt-in and strictly typed. */
class ApplicationContentTest {

    private static final String BASE = "\"applicationId\":\"APP-content-test\",\"seId\":\"SE-0001\","
            + "\"nonce\":\"nonce-0123456789abcdef\",\"issuedAt\":\"2026-12-02T10:00:00Z\",\"expiresAt\":\"2026-12-02T10:10:00Z\","
            + "\"deviceManufacturer\":\"Acme\",\"deviceModel\":\"A1\",\"osVersion\":14,\"seType\":\"GP-SE-JAVACARD\"";

    private static ApplicationContent parse(String json) throws Exception {
        return SignedApplication.JSON.readValue(json.getBytes(StandardCharsets.UTF_8), ApplicationContent.class);
    }

    @Test
    void anApplicationWithoutTheFieldGivesNoConsent() throws Exception {
        assertThat(parse("{" + BASE + "}").consentsToRevokeExistingSet()).isFalse();
        assertThat(parse("{" + BASE + ",\"consentToRevokeExistingSet\":null}").consentsToRevokeExistingSet()).isFalse();
    }

    @Test
    void consentIsGivenOnlyByTrue() throws Exception {
        assertThat(parse("{" + BASE + ",\"consentToRevokeExistingSet\":true}").consentsToRevokeExistingSet()).isTrue();
        assertThat(parse("{" + BASE + ",\"consentToRevokeExistingSet\":false}").consentsToRevokeExistingSet()).isFalse();
    }

    @Test
    void anythingButABooleanIsRefused() {
        assertThatThrownBy(() -> parse("{" + BASE + ",\"consentToRevokeExistingSet\":\"maybe\"}"))
                .isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> parse("{" + BASE + ",\"consentToRevokeExistingSet\":{}}"))
                .isInstanceOf(JsonMappingException.class);
    }

    @Test
    void theShortConstructorGivesNoConsent() {
        ApplicationContent content = new ApplicationContent("APP-content-test", "SE-0001", "nonce-0123456789abcdef",
                java.time.Instant.parse("2026-12-02T10:00:00Z"), java.time.Instant.parse("2026-12-02T10:10:00Z"),
                "Acme", "A1", 14, "GP-SE-JAVACARD");
        assertThat(content.consentsToRevokeExistingSet()).isFalse();
        assertThat(content.consentToRevokeExistingSet()).isFalse();
    }
}
