package org.mjpki.lifecycle.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A device-integrity attestation verdict (R15), as the phone's platform integrity service issues it: a compact
 * JWS (ES256) whose payload names the SE id, the application nonce it answers and the integrity verdicts.
 * The signature must verify against one of the configured trust anchors.
 */
public record DeviceAttestation(String seId, String nonce, Set<String> verdicts) {

    /** The verdict a phone must carry: not rooted, not tampered, a genuine device. */
    public static final String MEETS_DEVICE_INTEGRITY = "MEETS_DEVICE_INTEGRITY";
    static final int MAX_TOKEN_LENGTH = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean meetsDeviceIntegrity() {
        return verdicts.contains(MEETS_DEVICE_INTEGRITY);
    }

    /** Verifies and reads a token; throws {@link InvalidAttestationException} for anything not trustworthy. */
    public static DeviceAttestation verify(String token, List<PublicKey> trustAnchors) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidAttestationException("the attestation token is missing or too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidAttestationException("the attestation token is not a compact JWS");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            if (!"ES256".equals(header.path("alg").asText())) {
                throw new InvalidAttestationException("the attestation token must be signed with ES256");
            }
            byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = b64.decode(parts[2]);
            if (!verifiedByAny(signingInput, signature, trustAnchors)) {
                throw new InvalidAttestationException("the attestation token is not signed by a trusted attestation service");
            }
            JsonNode payload = JSON.readTree(b64.decode(parts[1]));
            Set<String> verdicts = new HashSet<>();
            payload.path("deviceIntegrity").forEach(v -> verdicts.add(v.asText()));
            String seId = payload.path("seId").asText(null);
            String nonce = payload.path("nonce").asText(null);
            if (seId == null || nonce == null) {
                throw new InvalidAttestationException("the attestation token names no SE id or nonce");
            }
            return new DeviceAttestation(seId, nonce, Set.copyOf(verdicts));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InvalidAttestationException("the attestation token is malformed", e);
        }
    }

    private static boolean verifiedByAny(byte[] input, byte[] joseSignature, List<PublicKey> anchors) {
        byte[] der;
        try {
            der = EcdsaSignatures.joseToDer(joseSignature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (PublicKey anchor : anchors) {
            try {
                Signature verifier = Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(anchor);
                verifier.update(input);
                if (verifier.verify(der)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // not this anchor's key type or a broken signature: try the next anchor
            }
        }
        return false;
    }
}
