package org.mjpki.simulator.attestation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.mjpki.lifecycle.device.AttestationTrustAnchor;
import org.mjpki.lifecycle.device.DeviceAttestation;
import org.mjpki.lifecycle.device.EcdsaSignatures;

/**
 * The phone platform's integrity service, simulated: signs verdicts (compact JWS, ES256) with a test key. The
 * server trusts it only because the simulator contributes its key as a trust anchor; workers in a process of
 * their own trust it through the public key the service leaves in the data folder ({@link #inFolder}).
 */
public final class SimulatedAttestationService {

    /** The file, in the simulator's folder, that workers elsewhere name in {@code mjpki.workers.attestation-trust-anchors}. */
    public static final String TRUST_ANCHOR_FILE = "attestation-trust-anchor.pem";
    private static final String KEY_FILE = "attestation-key.p8";

    private final KeyPair key;

    /** A service with a key of its own, made now and forgotten at exit (tests). */
    public SimulatedAttestationService() {
        this(newKeyPair());
    }

    private SimulatedAttestationService(KeyPair key) {
        this.key = key;
    }

    /**
     * The service whose test key is kept in {@code folder}: made on first start, the same after a restart, and its
     * public key written beside it as PEM so that workers running apart trust the same verdicts.
     */
    public static SimulatedAttestationService inFolder(Path folder) {
        Path keyFile = folder.resolve(KEY_FILE);
        try {
            Files.createDirectories(folder);
            KeyPair key;
            if (Files.exists(keyFile)) {
                key = read(Files.readAllBytes(keyFile));
            } else {
                key = newKeyPair();
                Path partial = folder.resolve(KEY_FILE + ".new");
                Files.write(partial, key.getPrivate().getEncoded());
                restrictToOwner(partial);
                Files.move(partial, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(folder.resolve(TRUST_ANCHOR_FILE), pem);
            return new SimulatedAttestationService(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the simulated attestation key in " + folder, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 on this JVM", e);
        }
    }

    private static KeyPair read(byte[] pkcs8) {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            // the public point is the generator times the private scalar
            org.bouncycastle.jce.spec.ECNamedCurveParameterSpec curve =
                    org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(privateKey.getS()).normalize();
            java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                    q.getAffineYCoord().toBigInteger());
            return new KeyPair(factory.generatePublic(new ECPublicKeySpec(w, privateKey.getParams())), privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("the simulated attestation key file is not a PKCS#8 EC P-256 key", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own permissions apply
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
