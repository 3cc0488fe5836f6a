package org.mjpki.lifecycle.jpki;

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
 * Something the holder signed with the My Number card: CMS SignedData (RFC 5652) with attached content and the card
 * signing certificate among its certificates, exactly one signer; optionally one countersignature of that signature by
 * a second card key (an application: the card's user-authentication key, ADR 0022), its certificate among them too. Parsing checks structure only;
 * {@link #verifySignature} checks the signature and that the signer chains to a trusted CA. An application
 * ({@link SignedApplication}) and the requests of {@link CardSignedRequest} are such documents.
 */
public final class CardSignedDocument {

    /** Large enough for a small JSON document and a 2 KB certificate; a bigger body is refused unread. */
    public static final int MAX_ENCODED_SIZE = 32 * 1024;

    private final byte[] content;
    private final SignerInformation signer;
    private final X509Certificate signerCertificate;
    /** A countersignature of the signer's signature (RFC 5652 section 11.4) by a second card key, if any. */
    private final SignerInformation counterSigner;
    private final X509Certificate counterSignerCertificate;

    private CardSignedDocument(byte[] content, SignerInformation signer, X509Certificate signerCertificate,
                               SignerInformation counterSigner, X509Certificate counterSignerCertificate) {
        this.content = content;
        this.signer = signer;
        this.signerCertificate = signerCertificate;
        this.counterSigner = counterSigner;
        this.counterSignerCertificate = counterSignerCertificate;
    }

    /** @param what the document in words for refusals, e.g. "the signed application" */
    public static CardSignedDocument parse(byte[] encoded, String what) {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidApplicationException(what + " is empty");
        }
        if (encoded.length > MAX_ENCODED_SIZE) {
            throw new InvalidApplicationException(what + " is larger than " + MAX_ENCODED_SIZE + " bytes");
        }
        try {
            // one DER object and nothing after it: the CMS parser would read the object and ignore bytes appended to it
            org.bouncycastle.asn1.ASN1Primitive.fromByteArray(encoded);
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidApplicationException(what + " is not one well-formed DER object (data after its end, or cut)");
        }
        try {
            CMSSignedData cms = new CMSSignedData(encoded);
            if (cms.getSignedContent() == null) {
                throw new InvalidApplicationException(what + " has no attached content");
            }
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new InvalidApplicationException(what + " must have exactly one signer");
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.size() != 1) {
                throw new InvalidApplicationException("the signer's certificate is not in " + what);
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
            Collection<SignerInformation> counters = signer.getCounterSignatures().getSigners();
            if (counters.size() > 1) {
                throw new InvalidApplicationException(what + " has more than one countersignature");
            }
            SignerInformation counter = counters.isEmpty() ? null : counters.iterator().next();
            X509Certificate counterCertificate = null;
            if (counter != null) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> counterMatches = cms.getCertificates().getMatches(counter.getSID());
                if (counterMatches.size() != 1) {
                    throw new InvalidApplicationException("the countersigner's certificate is not in " + what);
                }
                counterCertificate = new JcaX509CertificateConverter().getCertificate(counterMatches.iterator().next());
            }
            return new CardSignedDocument((byte[]) cms.getSignedContent().getContent(), signer, certificate, counter,
                    counterCertificate);
        } catch (CMSException | CertificateException | ClassCastException e) {
            throw new InvalidApplicationException(what + " is not well-formed CMS", e);
        } catch (IllegalArgumentException e) {
            // BC throws IllegalArgumentException for some malformed encodings
            throw new InvalidApplicationException(what + " is malformed", e);
        }
    }

    /**
     * Checks the signature, and that the signer certificate was issued by one of {@code trustedCas}; returns that
     * issuing CA's certificate.
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

    /**
     * Checks the countersignature over the signer's signature, and that its certificate was issued by one of
     * {@code trustedCas}; returns that issuing CA's certificate. Refused when there is none.
     */
    public X509Certificate verifyCounterSignature(List<X509Certificate> trustedCas) {
        if (counterSigner == null) {
            throw new InvalidApplicationException("there is no countersignature");
        }
        try {
            if (!counterSigner.verify(new JcaSimpleSignerInfoVerifierBuilder().build(counterSignerCertificate))) {
                throw new InvalidApplicationException("the countersignature does not verify");
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new InvalidApplicationException("the countersignature does not verify", e);
        }
        for (X509Certificate ca : trustedCas) {
            if (ca.getSubjectX500Principal().equals(counterSignerCertificate.getIssuerX500Principal())) {
                try {
                    counterSignerCertificate.verify(ca.getPublicKey());
                    return ca;
                } catch (GeneralSecurityException e) {
                    throw new InvalidApplicationException("the countersigner's certificate is not signed by the JPKI CA", e);
                }
            }
        }
        throw new InvalidApplicationException("the countersigner's certificate was not issued by a trusted JPKI CA");
    }

    /** The countersigner's certificate, unverified until {@link #verifyCounterSignature}. */
    public java.util.Optional<X509Certificate> counterSignerCertificate() {
        return java.util.Optional.ofNullable(counterSignerCertificate);
    }

    /** The signed content, as it was signed. */
    public byte[] content() {
        return content.clone();
    }

    public X509Certificate signerCertificate() {
        return signerCertificate;
    }
}
