package org.mjpki.simulator.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssueRequest;

/**
 * Test-controlled refusals of certificate issuance, simulating the JPKI system turning a request down (a
 * business refusal: {@link org.mjpki.ca.CertificateRequestRejectedException}, which the issuance process
 * models as {@code CERTIFICATE_REFUSED}), and its outages ({@link #beginOutage()}: every request of the issuing path
 * answered unavailable until it ends). Off by default: with no rule armed every request goes to the CA. Each rule
 * fires once and is then gone. Thread-safe.
 */
public final class CertificateAuthorityFaults {

    private final List<Rule> rules = new ArrayList<>();
    private int refusals;
    private boolean outage;
    private int turnedAway;

    /**
     * The JPKI system goes away (an outage, as in October 2025): every request of the issuing path — issue, revoke,
     * hold, release — is answered "unavailable" until {@link #endOutage()}. Verification (status, CRLs, OCSP, the card
     * check) goes on: it never waits on the issuing path.
     */
    public synchronized void beginOutage() {
        outage = true;
    }

    public synchronized void endOutage() {
        outage = false;
    }

    public synchronized boolean inOutage() {
        return outage;
    }

    /** How many requests the outage turned away so far. */
    public synchronized int turnedAway() {
        return turnedAway;
    }

    /** Called before a request of the issuing path: fails while the JPKI system is away. */
    synchronized void requireUp(String what) {
        if (outage) {
            turnedAway++;
            throw new org.mjpki.ca.CertificateAuthorityUnavailableException("the JPKI system is unavailable (simulated outage): "
                    + what + " not done");
        }
    }

    /** Refuses the next issue request of {@code profile}, for any holder. */
    public synchronized void refuseNextIssue(CertificateProfile profile) {
        rules.add(new Rule(Objects.requireNonNull(profile), null, 0));
    }

    /**
     * Refuses the next smartphone certificate for {@code holderRef} once {@code issuedFirst} other smartphone
     * certificates (distinct requests) have been issued for that holder since this call. With 1: the CA
     * issues the first certificate of the set and refuses the second, whichever key role comes first.
     */
    public synchronized void refuseSmartphoneCertificateAfter(String holderRef, int issuedFirst) {
        if (issuedFirst < 0) {
            throw new IllegalArgumentException("issuedFirst must not be negative");
        }
        rules.add(new Rule(null, Objects.requireNonNull(holderRef), issuedFirst));
    }

    /** Disarms every rule not yet fired, and ends an outage. */
    public synchronized void clear() {
        rules.clear();
        outage = false;
    }

    /** How many requests were refused so far. */
    public synchronized int refusals() {
        return refusals;
    }

    /** Rules armed and not yet fired. */
    public synchronized int armed() {
        return rules.size();
    }

    /** Called before a request reaches the CA: the reason to refuse it, or null to let it through. */
    synchronized String refusalFor(IssueRequest request) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.refuses(request)) {
                it.remove();
                refusals++;
                return "simulated JPKI system refusal (fault injection) of " + request.profile() + " request "
                        + request.requestId();
            }
        }
        return null;
    }

    /** Called after the CA issued for {@code request}. */
    synchronized void issued(IssueRequest request) {
        for (Rule rule : rules) {
            rule.count(request);
        }
    }

    private static final class Rule {
        private final CertificateProfile profile;
        private final String holderRef;
        private final int issuedFirst;
        private final Set<String> issuedRequests = new HashSet<>();

        Rule(CertificateProfile profile, String holderRef, int issuedFirst) {
            this.profile = profile;
            this.holderRef = holderRef;
            this.issuedFirst = issuedFirst;
        }

        private boolean matches(IssueRequest request) {
            if (profile != null) {
                return request.profile() == profile;
            }
            return request.profile().medium() == CertificateMedium.SMARTPHONE && request.holder() != null
                    && holderRef.equals(request.holder().holderRef());
        }

        boolean refuses(IssueRequest request) {
            // a repeat of a request already issued (a worker's retry) gets its certificate back, never a refusal
            return matches(request) && !issuedRequests.contains(request.requestId()) && issuedRequests.size() >= issuedFirst;
        }

        void count(IssueRequest request) {
            if (matches(request)) {
                issuedRequests.add(request.requestId());
            }
        }
    }
}
