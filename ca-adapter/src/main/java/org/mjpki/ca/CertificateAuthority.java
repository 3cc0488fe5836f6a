package org.mjpki.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate authority port: the JPKI signing CA and user-authentication CA, as seen by
 * the rest of mjpki.
 *
 * <p>Every state-changing call is idempotent under the caller's request id: repeating a call
 * with the same request id and the same content returns the same certificate or the same
 * revocation and never creates a second one; the same request id with different content is
 * refused with {@link CertificateRequestRejectedException}.
 *
 * <p>Failures: {@link CertificateRequestRejectedException} for bad input or a refused
 * request (never worth retrying); {@link CertificateAuthorityException} for a technical
 * failure (retry later with the same request id).
 */
public interface CertificateAuthority {

    /** Issues a certificate of the request's profile, signed by the profile's issuing CA. */
    IssuedCertificate issue(IssueRequest request);

    /**
     * Revokes a certificate for good (also a held one). Revoking an already revoked
     * certificate returns the existing revocation unchanged. {@link RevocationReason#CERTIFICATE_HOLD}
     * and {@link RevocationReason#REMOVE_FROM_CRL} are refused: use {@link #placeOnHold} and
     * {@link #releaseHold}.
     */
    Revocation revoke(String requestId, CertificateRef certificate, RevocationReason reason);

    /**
     * Revokes many certificates, each under its own request id exactly as {@link #revoke} would (a bulk step such as the
     * linked-revocation sweep). Each order is idempotent as a single revocation is, so a batch that failed may always be
     * sent again. A refused order fails the batch with {@link CertificateRequestRejectedException}; the embedded CA then
     * performs none of it (one transaction), this default one by one has performed the orders before it.
     *
     * @return one revocation per order, in the order given
     */
    default List<Revocation> revokeAll(List<RevocationOrder> orders) {
        return orders.stream().map(o -> revoke(o.requestId(), o.certificate(), o.reason())).toList();
    }

    /** Suspends a certificate (CRL/OCSP reason certificateHold). A no-op on a held certificate; refused on a revoked one. */
    void placeOnHold(String requestId, CertificateRef certificate);

    /** Lifts a hold (delta CRL reason removeFromCRL). A no-op on a good certificate; refused on a revoked one. */
    void releaseHold(String requestId, CertificateRef certificate);

    /** The current status of a certificate of this CA; state {@code UNKNOWN} when this CA never issued it. */
    CertificateStatus status(CertificateRef certificate);

    /**
     * Checks a card certificate (a {@code CARD_*} profile) presented by a holder: is it one this CA
     * issued (signature and stored copy), and is it good, on hold, revoked or expired.
     * A smartphone certificate is refused with {@link CertificateRequestRejectedException}.
     */
    CardCertificateCheck checkCardCertificate(X509Certificate cardCertificate);

    /** The issuing CA certificates (trust anchors): signing CA first, then user-authentication CA. */
    List<X509Certificate> caCertificates();
}
