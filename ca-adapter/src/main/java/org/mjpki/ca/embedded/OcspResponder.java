package org.mjpki.ca.embedded;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.IssuingCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6960 OCSP responder for one CA and medium per URL, signed by the CA's delegated OCSP signer.
 * Bytes in, bytes out: whatever arrives, the answer is an OCSPResponse, never an exception.
 *
 * <ul>
 *   <li>good: issued by this CA for this medium and not revoked or held (also after notAfter: RFC 6960 "good" means not revoked);</li>
 *   <li>revoked: with revocation time and reason; a hold is revoked with reason certificateHold;</li>
 *   <li>unknown: another issuer, another medium's certificate, a serial this CA never issued (or only reserved), a
 *       serial no CA may issue (not positive, over 20 octets: RFC 5280 4.1.2.2), or a CertID whose hash algorithm
 *       this responder cannot compute: such a CertID is well-formed but cannot name an issuer we serve, which is
 *       what "unknown" means (RFC 6960 2.2); the other CertIDs of the request are still answered.</li>
 * </ul>
 * How (ADR 0030): a request for one certificate this CA issued, in a CertID of SHA-1 or SHA-256, gets its
 * {@link PreproducedOcspResponses pre-produced response}: signed when first asked for, kept, signed anew after
 * {@code ocsp.refresh-after}, and dropped the moment the certificate's status changes, so a status change shows in the
 * very next response. thisUpdate is when it was signed, nextUpdate thisUpdate + {@code ocsp.validity}. Everything else
 * (several CertIDs, unknown serials, other issuers and hash algorithms) is signed on demand with thisUpdate now,
 * within {@link SigningBudget ocsp.on-demand-signatures-per-second}; past that budget it is answered tryLater (ADR 0034).
 * The nonce (RFC 8954: 1..32 octets) is echoed in a response signed on demand, within {@link SigningBudget
 * ocsp.nonce-signatures-per-second}; past that budget a request with a nonce gets the pre-produced response, without
 * the nonce (RFC 5019 2.2, RFC 8954 3). A request for a certificate without a pre-produced response echoes it, from
 * the on-demand budget.
 * Response statuses: malformedRequest for anything that does not parse (RFC 6960 2.3), and for requests over the
 * limits below; tryLater when the database is unreachable and the answer is not kept, or past the on-demand budget; internalError only for a fault
 * of the responder itself (signing failed), the one case logged at ERROR. Nothing a client sends is logged above DEBUG.
 * Limits: {@link #MAX_REQUEST_BYTES} bytes of DER, nested at most {@link #MAX_NESTING} deep (deeper DER overflows the
 * parser's stack before it fails), {@link #MAX_CERTIFICATES_PER_REQUEST} CertIDs per request.
 */
public final class OcspResponder {
    private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);
    /** Largest request accepted (DER bytes); a request for 20 certificates with SHA-512 CertIDs is about 4 KiB. */
    public static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** Most CertIDs in one request: each costs a database lookup, and real clients ask for one. */
    public static final int MAX_CERTIFICATES_PER_REQUEST = 20;
    /** Deepest nesting of a request's elements: a real one nests about 10 deep, a signed one with certificates ~12. */
    public static final int MAX_NESTING = 32;
    private static final int MAX_NONCE = 32;

    private final CaKeyRing keys;
    private final CertificateRepository repository;
    private final Clock clock;
    private final DigestCalculatorProvider digests;
    private final OcspResponseSigner signer;
    private final PreproducedOcspResponses preproduced;
    private final SigningBudget nonceBudget;
    private final SigningBudget onDemandBudget;

    public OcspResponder(CaPolicy policy, CaKeyRing keys, CertificateRepository repository, Clock clock,
                         PreproducedOcspResponses preproduced, SigningBudget nonceBudget,
                         SigningBudget onDemandBudget) {
        this.keys = keys;
        this.repository = repository;
        this.clock = clock;
        this.signer = new OcspResponseSigner(policy, keys);
        this.preproduced = preproduced;
        this.nonceBudget = nonceBudget;
        this.onDemandBudget = onDemandBudget;
        this.digests = signer.digests();
    }

    /** Answers one DER-encoded OCSPRequest for the CA and medium of the URL it came to. */
    public byte[] respond(IssuingCa ca, CertificateMedium medium, byte[] requestDer) {
        OCSPReq request;
        Req[] requests;
        Extension nonce;
        try {
            if (requestDer == null || requestDer.length == 0 || requestDer.length > MAX_REQUEST_BYTES
                    || DerNesting.deeperThan(requestDer, MAX_NESTING)) {
                return status(OCSPResponseStatus.MALFORMED_REQUEST);
            }
            request = new OCSPReq(requestDer);
            requests = request.getRequestList();
            nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (requests.length == 0 || requests.length > MAX_CERTIFICATES_PER_REQUEST) {
                return status(OCSPResponseStatus.MALFORMED_REQUEST);
            }
            if (nonce != null && !validNonce(nonce)) {
                return status(OCSPResponseStatus.MALFORMED_REQUEST);
            }
            for (Req r : requests) {
                r.getCertID().getSerialNumber();
                r.getCertID().getHashAlgOID();
            }
        } catch (IOException | RuntimeException e) {
            return status(OCSPResponseStatus.MALFORMED_REQUEST);
        }
        try {
            boolean forTheNonce = requests.length == 1 && nonce != null && nonceBudget.tryTake();
            if (requests.length == 1 && !forTheNonce) {
                Optional<byte[]> kept = preproduced.find(ca, medium, requests[0].getCertID());
                if (kept.isPresent()) {
                    return kept.get();
                }
            }
            if (!forTheNonce && !onDemandBudget.tryTake()) {
                // nothing pre-produced answers it (an unknown serial, several CertIDs, another issuer) and this node has
                // signed its share of those this second: a flood of them must not take the CPU issuance needs
                log.debug("OCSP request for {}/{} answered tryLater: on-demand signing budget spent", ca, medium);
                return status(OCSPResponseStatus.TRY_LATER);
            }
            X509CertificateHolder caHolder = keys.ca(ca).certificateHolder();
            List<OcspResponseSigner.Answer> answers = new ArrayList<>(requests.length);
            for (Req r : requests) {
                CertificateID id = r.getCertID();
                answers.add(new OcspResponseSigner.Answer(id, statusOf(ca, medium, caHolder, id)));
            }
            return signer.sign(ca, answers, nonce, clock.instant().truncatedTo(ChronoUnit.SECONDS)).der();
        } catch (OCSPException | OperatorCreationException | IOException | PreproducedOcspResponses.SigningFailed e) {
            // only our own side gets here (signer, encoder): whatever the request holds was answered above
            log.error("OCSP response for {}/{} could not be built", ca, medium, e);
            return status(OCSPResponseStatus.INTERNAL_ERROR);
        } catch (RuntimeException e) {
            log.warn("OCSP response for {}/{} deferred: {}", ca, medium, e.toString());
            return status(OCSPResponseStatus.TRY_LATER);
        }
    }

    private CertificateStatus statusOf(IssuingCa ca, CertificateMedium medium, X509CertificateHolder caHolder,
                                       CertificateID id) {
        if (!namesIssuer(id, caHolder)) {
            return new UnknownStatus();
        }
        BigInteger serial = id.getSerialNumber();
        if (serial.signum() <= 0 || serial.bitLength() > PreproducedOcspResponses.MAX_SERIAL_BITS) {
            return new UnknownStatus();                     // no CA issues it; not worth a database lookup
        }
        Optional<StoredCertificate> found = repository.find(ca, serial);
        if (found.isEmpty() || found.get().kind() != StoredCertificate.Kind.HOLDER || found.get().medium() != medium) {
            return new UnknownStatus();
        }
        return OcspResponseSigner.statusOf(found.get());
    }

    /**
     * Whether the CertID names this CA. The client chooses the hash algorithm: one this responder cannot compute
     * (an OID no provider knows, or parameters that do not fit it) cannot name our CA, so the CertID is answered unknown
     * instead of failing the request. Bouncy Castle reports the first as an OCSPException but the second as a
     * RuntimeException (SHAKE128 with an output length that is NULL: a NullPointerException, found by the fuzzing), which
     * had the whole request answered tryLater.
     */
    private boolean namesIssuer(CertificateID id, X509CertificateHolder caHolder) {
        try {
            return id.matchesIssuer(caHolder, digests);
        } catch (OCSPException | RuntimeException e) {
            log.debug("CertID hash algorithm {} cannot be computed: unknown", id.getHashAlgOID());
            return false;
        }
    }

    private static boolean validNonce(Extension nonce) {
        byte[] value = nonce.getExtnValue().getOctets();
        if (value.length > MAX_NONCE + 2) {
            // longer than an OCTET STRING of MAX_NONCE octets: not parsed (it could nest deep enough to overflow the parser)
            return false;
        }
        try {
            byte[] inner = org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets();
            return inner.length >= 1 && inner.length <= MAX_NONCE;
        } catch (RuntimeException e) {
            // some clients put the raw nonce in extnValue (pre-RFC 8954)
            return value.length >= 1 && value.length <= MAX_NONCE;
        }
    }

    /** An unsigned response carrying only an error status. */
    public static byte[] status(int responseStatus) {
        try {
            return new OCSPResp(new OCSPResponse(new OCSPResponseStatus(responseStatus), null)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
