package org.mjpki.lifecycle.jpki;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A card-signed application: a {@link CardSignedDocument} with the {@link ApplicationContent} as attached JSON
 * content. Parsing checks structure only; {@link #verifySignature(List)} checks the signature and that the signer
 * chains to a trusted CA.
 */
public final class SignedApplication {

    /** Large enough for a JSON application and a 2 KB certificate; a bigger body is refused unread. */
    public static final int MAX_ENCODED_SIZE = CardSignedDocument.MAX_ENCODED_SIZE;

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final byte[] encoded;
    private final ApplicationContent content;
    private final CardSignedDocument document;

    private SignedApplication(byte[] encoded, ApplicationContent content, CardSignedDocument document) {
        this.encoded = encoded;
        this.content = content;
        this.document = document;
    }

    public static SignedApplication parse(byte[] encoded) {
        CardSignedDocument document = CardSignedDocument.parse(encoded, "the signed application");
        try {
            ApplicationContent content = JSON.readValue(document.content(), ApplicationContent.class);
            return new SignedApplication(encoded.clone(), content, document);
        } catch (IOException e) {
            throw new InvalidApplicationException("the signed application is not well-formed CMS with JSON content", e);
        } catch (IllegalArgumentException e) {
            // Jackson wraps constructor validation in value-instantiation exceptions (IOException above)
            throw new InvalidApplicationException("the signed application is malformed", e);
        }
    }

    /**
     * Checks the signature, and that the signer certificate was issued by one of {@code trustedCas}; returns
     * that issuing CA's certificate.
     */
    public X509Certificate verifySignature(List<X509Certificate> trustedCas) {
        return document.verifySignature(trustedCas);
    }

    /**
     * R4, per kind: the card's user-authentication certificate, whose key countersigned the card signature (both keys of
     * one card, both secrets typed by the holder). Unverified until {@link #verifyUserAuthCounterSignature}.
     */
    public java.util.Optional<X509Certificate> userAuthCertificate() {
        return document.counterSignerCertificate();
    }

    /** Checks the user-authentication countersignature and that its certificate chains to one of {@code trustedCas}. */
    public X509Certificate verifyUserAuthCounterSignature(List<X509Certificate> trustedCas) {
        return document.verifyCounterSignature(trustedCas);
    }

    public ApplicationContent content() {
        return content;
    }

    public X509Certificate signerCertificate() {
        return document.signerCertificate();
    }

    public byte[] encoded() {
        return encoded.clone();
    }
}
