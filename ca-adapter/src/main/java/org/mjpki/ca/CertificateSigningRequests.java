package org.mjpki.ca;

import java.io.IOException;
import java.security.PublicKey;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Reads a PKCS#10 certificate signing request from outside (a phone, a test card) into the
 * public key an {@link IssueRequest} needs, after checking its proof of possession.
 */
public final class CertificateSigningRequests {
    /** Larger than any sane CSR for the supported keys. */
    public static final int MAX_CSR_BYTES = 16 * 1024;

    private CertificateSigningRequests() {}

    /**
     * @param der a DER-encoded PKCS#10 request
     * @return its public key, once its self-signature verified
     * @throws CertificateRequestRejectedException when the bytes are not a well-formed request or its signature does not verify
     */
    public static PublicKey verifiedPublicKey(byte[] der) {
        if (der == null || der.length == 0) {
            throw new CertificateRequestRejectedException("empty certificate signing request");
        }
        if (der.length > MAX_CSR_BYTES) {
            throw new CertificateRequestRejectedException("certificate signing request larger than " + MAX_CSR_BYTES + " bytes");
        }
        JcaPKCS10CertificationRequest csr;
        try {
            csr = new JcaPKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new CertificateRequestRejectedException("malformed certificate signing request (not PKCS#10 DER)", e);
        }
        PublicKey key;
        try {
            key = csr.getPublicKey();
        } catch (Exception e) {
            throw new CertificateRequestRejectedException("certificate signing request has an unreadable public key", e);
        }
        boolean valid;
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(key);
            valid = csr.isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new CertificateRequestRejectedException("certificate signing request signature cannot be checked", e);
        }
        if (!valid) {
            throw new CertificateRequestRejectedException("certificate signing request signature does not verify (no proof of possession)");
        }
        return key;
    }
}
