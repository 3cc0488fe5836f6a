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
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.mjpki.ca.Holder;
import org.mjpki.lifecycle.jpki.ApplicationContent;

/**
 * A simulated My Number card: the holder's card signing and user-auth keys and certificates, issued by the embedded CA
 * with the card profiles. It signs applications as the real card does through the app (CMS SignedData, SHA256withRSA).
 * The private keys stay in this object, as they stay on a real card.
 */
public final class TestMyNumberCard {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final Holder holder;
    private final KeyPair signingKey;
    private final X509Certificate signingCertificate;
    private final KeyPair userAuthKey;
    private final X509Certificate userAuthCertificate;

    TestMyNumberCard(Holder holder, KeyPair signingKey, X509Certificate signingCertificate, KeyPair userAuthKey,
                     X509Certificate userAuthCertificate) {
        this.holder = holder;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
        this.userAuthKey = userAuthKey;
        this.userAuthCertificate = userAuthCertificate;
    }

    /** The same card with a new signing key and certificate (the facts changed at the town hall); user-auth unchanged. */
    TestMyNumberCard withSigning(Holder newHolder, KeyPair newSigningKey, X509Certificate newSigningCertificate) {
        return new TestMyNumberCard(newHolder, newSigningKey, newSigningCertificate, userAuthKey, userAuthCertificate);
    }

    public X509Certificate userAuthCertificate() {
        return userAuthCertificate;
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

    /**
     * Signs an application with the card signing key (R1), countersigned with the card's user-auth key so that the
     * phone's user-auth certificate is linked to the card's (R4 per kind, ADR 0022): the holder types both card secrets.
     */
    public byte[] signApplication(ApplicationContent content) {
        return signApplicationWithUserAuthOf(content, this);
    }

    /**
     * A forged application for tests of refusals: signed with this card's signing key and countersigned with {@code
     * other}'s user-auth key (the same card for an honest application).
     */
    public byte[] signApplicationWithUserAuthOf(ApplicationContent content, TestMyNumberCard other) {
        KeyPair userAuthKey = other.userAuthKey;
        X509Certificate userAuthCertificate = other.userAuthCertificate;
        try {
            CMSSignedData signed = new CMSSignedData(signDocument(JSON.writeValueAsBytes(content)));
            SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
            CMSSignedDataGenerator counter = new CMSSignedDataGenerator();
            counter.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(userAuthKey.getPrivate()), userAuthCertificate));
            SignerInformation countersigned = SignerInformation.addCounterSigners(signer, counter.generateCounterSigners(signer));
            CMSSignedData withCounter = CMSSignedData.replaceSigners(signed, new SignerInformationStore(countersigned));
            // the user-auth certificate travels with the signing one
            return CMSSignedData.replaceCertificatesAndCRLs(withCounter,
                    new JcaCertStore(List.of(signingCertificate, userAuthCertificate)), null, null).getEncoded();
        } catch (Exception e) {
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
