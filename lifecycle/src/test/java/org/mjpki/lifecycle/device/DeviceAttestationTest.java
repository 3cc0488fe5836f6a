package org.mjpki.lifecycle.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R15: only a verdict signed by a trusted attestation service counts, and only one that says "meets integrity". */
class DeviceAttestationTest {

    private static final KeyPair TRUSTED = ec();
    private static final KeyPair OTHER = ec();

    @Test
    void readsATrustedVerdict() {
        DeviceAttestation a = DeviceAttestation.verify(token(TRUSTED, "ES256", "[\"MEETS_DEVICE_INTEGRITY\"]"),
                List.of(OTHER.getPublic(), TRUSTED.getPublic()));
        assertThat(a.seId()).isEqualTo("SE-1");
        assertThat(a.nonce()).isEqualTo("n-123");
        assertThat(a.meetsDeviceIntegrity()).isTrue();
    }

    @Test
    void aRootedPhonesVerdictDoesNotMeetIntegrity() {
        assertThat(DeviceAttestation.verify(token(TRUSTED, "ES256", "[\"MEETS_BASIC_INTEGRITY\"]"),
                List.of(TRUSTED.getPublic())).meetsDeviceIntegrity()).isFalse();
    }

    @Test
    void refusesAVerdictSignedByAnyoneElse() {
        assertThatThrownBy(() -> DeviceAttestation.verify(token(OTHER, "ES256", "[\"MEETS_DEVICE_INTEGRITY\"]"),
                List.of(TRUSTED.getPublic()))).isInstanceOf(InvalidAttestationException.class).hasMessageContaining("trusted");
    }

    @Test
    void refusesAnotherAlgorithmAndUnsignedTokens() {
        assertThatThrownBy(() -> DeviceAttestation.verify(token(TRUSTED, "none", "[\"MEETS_DEVICE_INTEGRITY\"]"),
                List.of(TRUSTED.getPublic()))).isInstanceOf(InvalidAttestationException.class);
        String valid = token(TRUSTED, "ES256", "[\"MEETS_DEVICE_INTEGRITY\"]");
        String unsigned = valid.substring(0, valid.lastIndexOf('.') + 1);
        assertThatThrownBy(() -> DeviceAttestation.verify(unsigned, List.of(TRUSTED.getPublic())))
                .isInstanceOf(InvalidAttestationException.class);
    }

    @Test
    void refusesMalformedTokens() {
        for (String bad : new String[] {null, "", "a.b", "a.b.c.d", "!!.??.%%", "x".repeat(9000)}) {
            assertThatThrownBy(() -> DeviceAttestation.verify(bad, List.of(TRUSTED.getPublic())))
                    .as(String.valueOf(bad).length() > 20 ? "long token" : String.valueOf(bad))
                    .isInstanceOf(InvalidAttestationException.class);
        }
    }

    @Test
    void aTamperedPayloadBreaksTheSignature() {
        String valid = token(TRUSTED, "ES256", "[\"MEETS_BASIC_INTEGRITY\"]");
        String[] parts = valid.split("\\.");
        String lifted = b64("{\"seId\":\"SE-1\",\"nonce\":\"n-123\",\"deviceIntegrity\":[\"MEETS_DEVICE_INTEGRITY\"]}");
        assertThatThrownBy(() -> DeviceAttestation.verify(parts[0] + "." + lifted + "." + parts[2], List.of(TRUSTED.getPublic())))
                .isInstanceOf(InvalidAttestationException.class);
    }

    private static String token(KeyPair key, String alg, String verdicts) {
        String header = b64("{\"alg\":\"" + alg + "\"}");
        String payload = b64("{\"seId\":\"SE-1\",\"nonce\":\"n-123\",\"deviceIntegrity\":" + verdicts + "}");
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(EcdsaSignatures.derToJose(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
