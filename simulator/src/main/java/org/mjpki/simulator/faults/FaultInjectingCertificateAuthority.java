package org.mjpki.simulator.faults;

import java.security.cert.X509Certificate;
import java.util.List;
import org.mjpki.ca.CardCertificateCheck;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.Revocation;
import org.mjpki.ca.RevocationReason;

/**
 * The CA port as the simulator presents it: the embedded CA behind {@link CertificateAuthorityFaults}.
 * A request that an armed rule matches is refused as the JPKI system would refuse it; everything else,
 * and every other operation, goes to the CA unchanged. Only in simulation ({@code mjpki.simulator.enabled}).
 */
public final class FaultInjectingCertificateAuthority implements CertificateAuthority {

    private final CertificateAuthority ca;
    private final CertificateAuthorityFaults faults;

    public FaultInjectingCertificateAuthority(CertificateAuthority ca, CertificateAuthorityFaults faults) {
        this.ca = ca;
        this.faults = faults;
    }

    @Override
    public IssuedCertificate issue(IssueRequest request) {
        String refusal = faults.refusalFor(request);
        if (refusal != null) {
            throw new CertificateRequestRejectedException(refusal);
        }
        IssuedCertificate issued = ca.issue(request);
        faults.issued(request);
        return issued;
    }

    @Override
    public Revocation revoke(String requestId, CertificateRef certificate, RevocationReason reason) {
        return ca.revoke(requestId, certificate, reason);
    }

    @Override
    public void placeOnHold(String requestId, CertificateRef certificate) {
        ca.placeOnHold(requestId, certificate);
    }

    @Override
    public void releaseHold(String requestId, CertificateRef certificate) {
        ca.releaseHold(requestId, certificate);
    }

    @Override
    public CertificateStatus status(CertificateRef certificate) {
        return ca.status(certificate);
    }

    @Override
    public CardCertificateCheck checkCardCertificate(X509Certificate cardCertificate) {
        return ca.checkCardCertificate(cardCertificate);
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return ca.caCertificates();
    }
}
