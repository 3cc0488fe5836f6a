package org.mjpki.simulator.faults;

import java.security.cert.X509Certificate;
import java.util.List;
import org.mjpki.ca.CardCertificateCheck;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.Revocation;
import org.mjpki.ca.RevocationReason;
import org.mjpki.simulator.timing.JpkiLatency;
import org.mjpki.simulator.timing.SimulatedTimings;

/**
 * The CA port as the simulator presents it: the embedded CA behind {@link CertificateAuthorityFaults}.
 * A request that an armed rule matches is refused as the JPKI system would refuse it; everything else,
 * and every other operation, goes to the CA unchanged. Smartphone certificates and card checks take as long as
 * {@link JpkiLatency} says the JPKI system does (nothing, unless a benchmark asks). Only in simulation
 * ({@code mjpki.simulator.enabled}).
 */
public final class FaultInjectingCertificateAuthority implements CertificateAuthority {

    private final CertificateAuthority ca;
    private final CertificateAuthorityFaults faults;
    private final java.util.function.Supplier<JpkiLatency> latency;

    public FaultInjectingCertificateAuthority(CertificateAuthority ca, CertificateAuthorityFaults faults,
                                              java.util.function.Supplier<JpkiLatency> latency) {
        this.ca = ca;
        this.faults = faults;
        this.latency = latency;
    }

    @Override
    public IssuedCertificate issue(IssueRequest request) {
        faults.requireUp("issue " + request.profile());
        if (request.profile().medium() == CertificateMedium.SMARTPHONE) {
            SimulatedTimings.pass(latency.get().smartphoneCertificate());
        }
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
        faults.requireUp("revoke");
        return ca.revoke(requestId, certificate, reason);
    }

    @Override
    public java.util.List<Revocation> revokeAll(java.util.List<org.mjpki.ca.RevocationOrder> orders) {
        faults.requireUp("revoke");
        return ca.revokeAll(orders);
    }

    @Override
    public void placeOnHold(String requestId, CertificateRef certificate) {
        faults.requireUp("hold");
        ca.placeOnHold(requestId, certificate);
    }

    @Override
    public void releaseHold(String requestId, CertificateRef certificate) {
        faults.requireUp("release a hold");
        ca.releaseHold(requestId, certificate);
    }

    @Override
    public CertificateStatus status(CertificateRef certificate) {
        return ca.status(certificate);
    }

    @Override
    public CardCertificateCheck checkCardCertificate(X509Certificate cardCertificate) {
        SimulatedTimings.pass(latency.get().cardCertificateCheck());
        return ca.checkCardCertificate(cardCertificate);
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return ca.caCertificates();
    }
}
