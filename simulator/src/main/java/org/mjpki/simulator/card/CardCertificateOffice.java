package org.mjpki.simulator.card;

import java.security.cert.X509Certificate;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.RevocationReason;

/**
 * The card CA as the town hall's card office reaches it: write a card certificate, revoke one. In one process with the
 * server it is the embedded CA itself ({@link #of}); a simulated world in a process of its own reaches the server's
 * CA over HTTP ({@link HttpCardCertificateOffice}), as a real town hall reaches J-LIS — the card and the phone
 * certificates come from the same CA (R5).
 */
public interface CardCertificateOffice {

    /** Issues a card certificate (a card profile only). */
    X509Certificate issue(IssueRequest request);

    /** Revokes a card certificate. */
    void revoke(String requestId, CertificateRef certificate, RevocationReason reason);

    /** The office at the CA of this process. */
    static CardCertificateOffice of(CertificateAuthority ca) {
        return new CardCertificateOffice() {
            @Override
            public X509Certificate issue(IssueRequest request) {
                if (!request.profile().name().startsWith("CARD_")) {
                    throw new IllegalArgumentException("the card office writes card certificates only, not " + request.profile());
                }
                return ca.issue(request).certificate();
            }

            @Override
            public void revoke(String requestId, CertificateRef certificate, RevocationReason reason) {
                ca.revoke(requestId, certificate, reason);
            }
        };
    }
}
