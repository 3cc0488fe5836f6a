package org.mjpki.lifecycle.unlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mjpki.lifecycle.HolderSecret;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;

/** The card-signed lock release is read strictly: its type, every field present and of its form, nothing else. */
class LockReleaseRequestTest {

    private static KeyPair key;
    private static X509Certificate certificate;

    @BeforeAll
    static void aCard() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        X500Name name = new X500Name("CN=test card");
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate());
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L), name, key.getPublic()).build(signer);
        certificate = new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static byte[] signed(String json) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate());
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(signer, certificate));
        generator.addCertificates(new JcaCertStore(List.of(certificate)));
        return generator.generate(new CMSProcessableByteArray(json.getBytes(StandardCharsets.UTF_8)), true).getEncoded();
    }

    private static String request(String secret, String seId, String extra) {
        return "{\"type\":\"LOCK_RELEASE\",\"credentialSetId\":\"cs-1\",\"seId\":\"" + seId + "\",\"secret\":\"" + secret
                + "\",\"nonce\":\"n0nce-0123456789abcdef\",\"expiresAt\":\"2026-12-02T10:00:00Z\"" + extra + "}";
    }

    @Test
    void aWellFormedRequestNamesTheSetThePhoneAndTheSecret() throws Exception {
        LockReleaseRequest request = LockReleaseRequest.parse(signed(request("USER_AUTH_PIN", "SE-0001", "")));
        assertThat(request.secret()).isEqualTo(HolderSecret.USER_AUTH_PIN);
        assertThat(request.seId()).isEqualTo("SE-0001");
        assertThat(request.signed().credentialSetId()).isEqualTo("cs-1");
        assertThat(request.signed().nonce()).isEqualTo("n0nce-0123456789abcdef");
        assertThat(request.signed().expiresAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(request.signed().cardCertificate()).isEqualTo(certificate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CARD_PIN", "signing_password", "", "SIGNING_PASSWORD "})
    void anUnknownSecretIsRefused(String secret) {
        assertThatThrownBy(() -> LockReleaseRequest.parse(signed(request(secret, "SE-0001", ""))))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SE", "SE 0001", "SE/0001", "\u30b9\u30de\u30db"})
    void aMalformedPhoneIsRefused(String seId) {
        assertThatThrownBy(() -> LockReleaseRequest.parse(signed(request("SIGNING_PASSWORD", seId, ""))))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("seId");
    }

    @Test
    void aNewSecretInTheRequestOrAnyOtherFieldIsRefusedUnread() {
        assertThatThrownBy(() -> LockReleaseRequest.parse(signed(request("SIGNING_PASSWORD", "SE-0001", ",\"newPassword\":\"ABC123\""))))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("unknown field").hasMessageNotContaining("ABC123");
    }

    @Test
    void aDuplicateFieldAMissingOneOrAnotherTypeIsRefused() {
        assertThatThrownBy(() -> LockReleaseRequest.parse(signed(request("SIGNING_PASSWORD", "SE-0001", ",\"secret\":\"USER_AUTH_PIN\""))))
                .isInstanceOf(InvalidApplicationException.class);
        assertThatThrownBy(() -> LockReleaseRequest.parse(signed("{\"type\":\"LOCK_RELEASE\",\"credentialSetId\":\"cs-1\","
                + "\"secret\":\"USER_AUTH_PIN\",\"nonce\":\"n0nce-0123456789abcdef\",\"expiresAt\":\"2026-12-02T10:00:00Z\"}")))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("seId");
        assertThatThrownBy(() -> LockReleaseRequest.parse(signed(request("SIGNING_PASSWORD", "SE-0001", "")
                .replace("LOCK_RELEASE", "HOLD_RELEASE"))))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("not a lock release");
        assertThatThrownBy(() -> LockReleaseRequest.parse(new byte[] {0x30, 0x03, 1, 2, 3}))
                .isInstanceOf(InvalidApplicationException.class);
        assertThatThrownBy(() -> LockReleaseRequest.parse(new byte[40_000]))
                .isInstanceOf(InvalidApplicationException.class).hasMessageContaining("larger than");
    }
}
