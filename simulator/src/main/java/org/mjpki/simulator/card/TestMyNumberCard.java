package org.mjpki.simulator.card;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.mjpki.ca.Holder;
import org.mjpki.lifecycle.jpki.ApplicationContent;

/**
 * A simulated My Number card: the holder's card signing key and certificate, issued by the embedded CA with
 * the card profile. It signs applications as the real card does through the app (CMS SignedData, SHA256withRSA).
 * The private key stays in this object, as it stays on a real card.
 */
public final class TestMyNumberCard {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final Holder holder;
    private final KeyPair signingKey;
    private final X509Certificate signingCertificate;

    TestMyNumberCard(Holder holder, KeyPair signingKey, X509Certificate signingCertificate) {
        this.holder = holder;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
    }

    public Holder holder() {
        return holder;
    }

    public X509Certificate signingCertificate() {
        return signingCertificate;
    }

    /** A bare SHA256withRSA signature with the card signing key over {@code data}, as a phone-signed request's would be. */
    public byte[] signRaw(byte[] data) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(signingKey.getPrivate());
            signer.update(data);
            return signer.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the test card cannot sign", e);
        }
    }

    /** Signs an application with the card signing key: what R1 requires of every issuance application. */
    public byte[] signApplication(ApplicationContent content) {
        try {
            return signDocument(JSON.writeValueAsBytes(content));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the simulated card could not sign the application", e);
        }
    }

    /** Signs {@code content} with the card signing key as CMS SignedData with the content attached (an application, a hold release). */
    public byte[] signDocument(byte[] content) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey.getPrivate()), signingCertificate));
            generator.addCertificates(new JcaCertStore(List.of(signingCertificate)));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("the simulated card could not sign the document", e);
        }
    }
}
