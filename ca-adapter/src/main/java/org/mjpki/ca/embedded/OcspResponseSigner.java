package org.mjpki.ca.embedded;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;

/**
 * Signs OCSP responses with a CA's delegated OCSP signer: responder id by key, the signer's certificate included,
 * producedAt = thisUpdate = {@code now}, nextUpdate = now + {@code ocsp.validity}. The one place an OCSP response is
 * signed, whether on demand or pre-produced.
 */
final class OcspResponseSigner {

    /** One CertID and what to say about it. */
    record Answer(CertificateID id, CertificateStatus status) {}

    /** A signed OCSPResponse (status successful) with the dates it carries and the signer that signed it. */
    record Signed(byte[] der, Instant thisUpdate, Instant nextUpdate, SigningKey signer) {}

    private final CaPolicy policy;
    private final CaKeyRing keys;
    private final DigestCalculatorProvider digests;

    OcspResponseSigner(CaPolicy policy, CaKeyRing keys) {
        this.policy = policy;
        this.keys = keys;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-1 and SHA-256 calculators for CertIDs and responder ids: one provider for the responder and its store. */
    DigestCalculatorProvider digests() {
        return digests;
    }

    /**
     * @param nonce the request's nonce extension to echo, or null
     * @param now   truncated to the second by the caller
     */
    Signed sign(IssuingCa ca, List<Answer> answers, Extension nonce, Instant now)
            throws OCSPException, OperatorCreationException, IOException {
        SigningKey signer = keys.ocspSigner(ca);
        Instant nextUpdate = now.plus(policy.ocspValidity());
        Date thisUpdateDate = Date.from(now);
        Date nextUpdateDate = Date.from(nextUpdate);
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                SubjectPublicKeyInfo.getInstance(signer.certificate().getPublicKey().getEncoded()), digests.get(RespID.HASH_SHA1));
        for (Answer a : answers) {
            builder.addResponse(a.id(), a.status(), thisUpdateDate, nextUpdateDate, null);
        }
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    nonce.getExtnValue())));
        }
        BasicOCSPResp basic = builder.build(signer.newSigner(), new X509CertificateHolder[] {signer.certificateHolder()},
                thisUpdateDate);
        return new Signed(new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded(), now, nextUpdate, signer);
    }

    /**
     * What OCSP says about a certificate this CA recorded: good, revoked with time and reason (a hold is revoked with
     * certificateHold), unknown while only reserved (not signed yet, or signed and never delivered: ADR 0006).
     */
    static CertificateStatus statusOf(StoredCertificate c) {
        return switch (c.state()) {
            case RESERVED -> new UnknownStatus();
            case GOOD -> CertificateStatus.GOOD;
            case ON_HOLD -> new RevokedStatus(Date.from(c.revokedAt()), RevocationReason.CERTIFICATE_HOLD.code());
            case REVOKED -> c.reason() == null || c.reason() == RevocationReason.UNSPECIFIED
                    ? new RevokedStatus(new RevokedInfo(new ASN1GeneralizedTime(Date.from(c.revokedAt())), null))
                    : new RevokedStatus(Date.from(c.revokedAt()), c.reason().code());
        };
    }
}
