package org.mjpki.simulator.card;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.mjpki.ca.Holder;

/**
 * Test cards and certificates without the embedded CA: a card whose signing certificate a throw-away test CA
 * signed, for tests that need a {@link org.mjpki.simulator.app.SimulatedHolder} but never send an application.
 */
public final class TestCards {

    private static final KeyPair CA_KEY = rsa();

    private TestCards() {
    }

    /** A card for a new test holder (personal data made up; the holder ref is random). */
    public static TestMyNumberCard card() {
        Holder holder = new Holder("holder-" + UUID.randomUUID(), "試験 太郎", LocalDate.of(1980, 4, 1), "1",
                "東京都千代田区霞が関二丁目1番2号");
        KeyPair key = rsa();
        KeyPair userAuth = rsa();
        return new TestMyNumberCard(holder, key, certificate(key.getPublic(), "CN=test card"), userAuth,
                certificate(userAuth.getPublic(), "CN=test card user auth"));
    }

    /** A certificate for {@code key} signed by the throw-away test CA (DER through {@code getEncoded()}). */
    public static X509Certificate certificate(PublicKey key, String subject) {
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=mjpki simulator test CA"),
                    new BigInteger(64, new java.security.SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)), new X500Name(subject), key);
            PrivateKey signer = CA_KEY.getPrivate();
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
