package org.mjpki.lifecycle.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;

/** A phone-signed revocation request: strict parsing of hostile bytes, and the signature over bytes ‖ identification. */
class PhoneSignedRequestTest {

    private static final String GOOD = "{\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\","
            + "\"reason\":\"NO_LONGER_USED\",\"nonce\":\"abcdefghijklmnop_QRSTU-1234567890\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}";
    private static final byte[] IDENTIFICATION = {0x01, 0x02, 0x03};
    private static KeyPair phone;
    private static KeyPair other;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        phone = rsa.generateKeyPair();
        other = rsa.generateKeyPair();
    }

    private static byte[] sign(KeyPair key, byte[] request) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.getPrivate());
        signer.update(request);
        signer.update(IDENTIFICATION);
        return signer.sign();
    }

    @Test
    void readsAGoodRequestAndVerifiesItOnlyWithThePhonesKey() throws Exception {
        byte[] bytes = GOOD.getBytes(StandardCharsets.UTF_8);
        PhoneSignedRequest request = PhoneSignedRequest.revocation(bytes, sign(phone, bytes), IDENTIFICATION);
        assertThat(request.content().credentialSetId()).isEqualTo("cs-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertThat(request.content().reason()).isEqualTo(HolderRevocationReason.NO_LONGER_USED);
        assertThat(request.content().reason().rfc5280Reason()).isEqualTo("CESSATION_OF_OPERATION");
        assertThat(request.verifies(phone.getPublic())).isTrue();
        assertThat(request.verifies(other.getPublic())).as("another set's key").isFalse();

        byte[] tampered = GOOD.replace("NO_LONGER_USED", "OTHER").getBytes(StandardCharsets.UTF_8);
        assertThat(PhoneSignedRequest.revocation(tampered, sign(phone, bytes), IDENTIFICATION).verifies(phone.getPublic()))
                .as("bytes changed under the signature").isFalse();
        assertThat(PhoneSignedRequest.revocation(bytes, sign(phone, bytes), new byte[] {9}).verifies(phone.getPublic()))
                .as("another identification").isFalse();
        byte[] truncated = java.util.Arrays.copyOf(sign(phone, bytes), 100);
        assertThat(PhoneSignedRequest.revocation(bytes, truncated, IDENTIFICATION).verifies(phone.getPublic())).isFalse();
    }

    @Test
    void theReasonsMapToRfc5280() {
        assertThat(HolderRevocationReason.PHONE_COMPROMISED.rfc5280Reason()).isEqualTo("KEY_COMPROMISE");
        assertThat(HolderRevocationReason.OTHER.rfc5280Reason()).isEqualTo("UNSPECIFIED");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[]", "null", "\"REVOCATION\"",
            "{\"type\":\"REVOCATION\"}",
            "{\"type\":\"APPLICATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"LOST\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":\"../etc\",\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"OTHER\",\"nonce\":\"short\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"tomorrow\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":1,\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\",\"pin\":\"1234\"}",
            "{\"type\":\"REVOCATION\",\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}",
            "{\"type\":\"REVOCATION\",\"credentialSetId\":\"cs-1\",\"reason\":\"OTHER\",\"nonce\":\"abcdefghijklmnop\",\"expiresAt\":\"2026-12-02T10:00:00Z\"} {}"})
    void refusesMalformedRequests(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PhoneSignedRequest.revocation(bytes, new byte[256], IDENTIFICATION))
                .isInstanceOf(InvalidApplicationException.class);
    }

    @Test
    void refusesOversizedPartsBeforeParsing() {
        byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PhoneSignedRequest.revocation(new byte[PhoneSignedRequest.MAX_REQUEST_BYTES + 1], new byte[256], IDENTIFICATION))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("request is larger");
        assertThatThrownBy(() -> PhoneSignedRequest.revocation(good, new byte[PhoneSignedRequest.MAX_SIGNATURE_BYTES + 1], IDENTIFICATION))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("signature is larger");
        assertThatThrownBy(() -> PhoneSignedRequest.revocation(good, new byte[256], new byte[PhoneSignedRequest.MAX_IDENTIFICATION_BYTES + 1]))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("identification is larger");
        assertThatThrownBy(() -> PhoneSignedRequest.revocation(good, new byte[0], IDENTIFICATION))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("signature is required");
    }
}
