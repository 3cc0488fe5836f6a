package org.mjpki.simulator.attestation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.mjpki.workers.device.AttestationTrustAnchor;
import org.mjpki.workers.device.DeviceAttestation;
import org.mjpki.workers.device.EcdsaSignatures;

/**
 * The phone platform's integrity service, simulated: signs verdicts (compact JWS, ES256) with a test key made
 * at start-up. The server trusts it only because the simulator contributes its key as a trust anchor.
 */
public final class SimulatedAttestationService {

    private final KeyPair key;

    public SimulatedAttestationService() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 on this JVM", e);
        }
    }

    public AttestationTrustAnchor trustAnchor() {
        return new AttestationTrustAnchor("simulated attestation service", key.getPublic());
    }

    /** A verdict for {@code seId} answering {@code nonce}; a rooted phone's verdict lacks device integrity. */
    public String attest(String seId, String nonce, boolean rooted) {
        String verdicts = rooted ? "[\"MEETS_BASIC_INTEGRITY\"]" : "[\"" + DeviceAttestation.MEETS_DEVICE_INTEGRITY + "\"]";
        String header = b64("{\"alg\":\"ES256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"seId\":\"" + seId + "\",\"nonce\":\"" + nonce + "\",\"deviceIntegrity\":" + verdicts
                + ",\"iat\":" + (System.currentTimeMillis() / 1000) + "}");
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(EcdsaSignatures.derToJose(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an attestation verdict", e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
