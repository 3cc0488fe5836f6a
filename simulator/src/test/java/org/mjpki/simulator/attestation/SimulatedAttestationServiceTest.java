package org.mjpki.simulator.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.lifecycle.device.DeviceAttestation;

/** The simulated attestation service's key in the data folder: the same after a restart, trusted by its PEM. */
class SimulatedAttestationServiceTest {

    @TempDir Path folder;

    @Test
    void keepsItsKeyAcrossRestartsAndLeavesItsPublicKeyBesideIt() throws Exception {
        SimulatedAttestationService first = SimulatedAttestationService.inFolder(folder);
        SimulatedAttestationService again = SimulatedAttestationService.inFolder(folder);
        PublicKey published = readPem(folder.resolve(SimulatedAttestationService.TRUST_ANCHOR_FILE));

        assertThat(again.trustAnchor().key()).isEqualTo(first.trustAnchor().key());
        assertThat(published).isEqualTo(first.trustAnchor().key());
        // a verdict signed after the restart verifies with the key published before it
        String verdict = again.attest("SE-1", "nonce-1", false);
        DeviceAttestation verified = DeviceAttestation.verify(verdict, java.util.List.of(published));
        assertThat(verified.seId()).isEqualTo("SE-1");
        assertThat(verified.meetsDeviceIntegrity()).isTrue();
    }

    @Test
    void refusesAKeyFileThatIsNotAnEcKey() throws Exception {
        Files.write(folder.resolve("attestation-key.p8"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SimulatedAttestationService.inFolder(folder))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a PKCS#8 EC P-256 key");
    }

    private static PublicKey readPem(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
