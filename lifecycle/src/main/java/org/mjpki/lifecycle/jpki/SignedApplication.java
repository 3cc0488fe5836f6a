package org.mjpki.lifecycle.jpki;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A card-signed application: CMS SignedData (RFC 5652) with the {@link ApplicationContent} as attached JSON
 * content and the card signing certificate among its certificates. Parsing checks structure only;
 * {@link #verifySignature(List)} checks the signature and that the signer chains to a trusted CA.
 */
public final class SignedApplication {

    /** Large enough for a JSON application and a 2 KB certificate; a bigger body is refused unread. */
    public static final int MAX_ENCODED_SIZE = 32 * 1024;

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final byte[] encoded;
    private final ApplicationContent content;
    private final SignerInformation signer;
    private final X509Certificate signerCertificate;

    private SignedApplication(byte[] encoded, ApplicationContent content, SignerInformation signer,
                              X509Certificate signerCertificate) {
        this.encoded = encoded;
        this.content = content;
        this.signer = signer;
        this.signerCertificate = signerCertificate;
    }

    public static SignedApplication parse(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidApplicationException("the signed application is empty");
        }
        if (encoded.length > MAX_ENCODED_SIZE) {
            throw new InvalidApplicationException("the signed application is larger than " + MAX_ENCODED_SIZE + " bytes");
        }
        try {
            CMSSignedData cms = new CMSSignedData(encoded);
            if (cms.getSignedContent() == null) {
                throw new InvalidApplicationException("the signed application has no attached content");
            }
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new InvalidApplicationException("the signed application must have exactly one signer");
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.size() != 1) {
                throw new InvalidApplicationException("the signer's certificate is not in the signed application");
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
            byte[] json = (byte[]) cms.getSignedContent().getContent();
            ApplicationContent content = JSON.readValue(json, ApplicationContent.class);
            return new SignedApplication(encoded.clone(), content, signer, certificate);
        } catch (CMSException | CertificateException | IOException | ClassCastException e) {
            throw new InvalidApplicationException("the signed application is not well-formed CMS with JSON content", e);
        } catch (IllegalArgumentException e) {
            // Jackson wraps constructor validation in value-instantiation exceptions (IOException above);
            // BC throws IllegalArgumentException for some malformed encodings
            throw new InvalidApplicationException("the signed application is malformed", e);
        }
    }

    /**
     * Checks the signature, and that the signer certificate was issued by one of {@code trustedCas}; returns
     * that issuing CA's certificate.
     */
    public X509Certificate verifySignature(List<X509Certificate> trustedCas) {
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signerCertificate))) {
                throw new InvalidApplicationException("the card signature does not verify");
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new InvalidApplicationException("the card signature does not verify", e);
        }
        for (X509Certificate ca : trustedCas) {
            if (ca.getSubjectX500Principal().equals(signerCertificate.getIssuerX500Principal())) {
                try {
                    signerCertificate.verify(ca.getPublicKey());
                    return ca;
                } catch (GeneralSecurityException e) {
                    throw new InvalidApplicationException("the card certificate is not signed by the JPKI CA", e);
                }
            }
        }
        throw new InvalidApplicationException("the card certificate was not issued by a trusted JPKI CA");
    }

    public ApplicationContent content() {
        return content;
    }

    public X509Certificate signerCertificate() {
        return signerCertificate;
    }

    public byte[] encoded() {
        return encoded.clone();
    }
}
