package org.mjpki.webapp.revocation;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.lifecycle.jpki.SignedApplication;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.revocation.RevokeCredentialSetProcess;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialTransition;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** The holder's view of a set, and the app's delete-complete notice for its applet. */
@Service
public class CredentialSets {

    private final CredentialRegistry registry;
    private final CertificateAuthority ca;
    private final RuntimeService runtime;
    private final org.mjpki.registry.followup.HolderFollowUpQueue followUps;

    public CredentialSets(CredentialRegistry registry, CertificateAuthority ca, RuntimeService runtime,
                          org.mjpki.registry.followup.HolderFollowUpQueue followUps) {
        this.registry = registry;
        this.ca = ca;
        this.runtime = runtime;
        this.followUps = followUps;
    }

    public CredentialSetView view(String credentialSetId) {
        CredentialSet set = require(credentialSetId);
        List<CredentialSetView.Certificate> certificates = new ArrayList<>();
        for (CredentialKey key : registry.keys(set.credentialSetId())) {
            if (key.certificate() == null) {
                continue;
            }
            X509Certificate x509 = parse(key.certificate());
            CertificateStatus status = ca.status(new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial()));
            certificates.add(new CredentialSetView.Certificate(key.role().name(), key.serial().toString(16),
                    status.state().name(), status.reason() == null ? null : status.reason().name(),
                    x509.getNotBefore().toInstant(), x509.getNotAfter().toInstant(),
                    key.replacesSerial() == null ? null : key.replacesSerial().toString(16)));
        }
        List<CredentialSetView.Event> history = new ArrayList<>();
        Instant issuedAt = null;
        for (CredentialTransition t : registry.transitions(set.credentialSetId())) {
            String event = event(t);
            if ("ISSUED".equals(event) && issuedAt == null) {
                issuedAt = t.at();
            }
            history.add(new CredentialSetView.Event(t.at(), event, t.actor().name(), t.reason()));
        }
        return new CredentialSetView(set.credentialSetId(), set.state().name(), set.appletState().name(), phone(set),
                issuedAt, certificates, history);
    }

    /**
     * The app's delete-complete notice (seed 004's 削除完了通知): not trusted as such, it only wakes a remote delete
     * waiting for this set, which asks the SEI-TSM again whether the applet is gone. A notice nobody waits for is
     * harmless.
     */
    public void appletDeleteReported(String credentialSetId) {
        require(credentialSetId);
        // a set the sweep ended: its queued remote delete asks the SEI-TSM again now
        followUps.retryNow(credentialSetId, org.mjpki.registry.followup.HolderFollowUp.Kind.DELETE_APPLET);
        runtime.createMessageCorrelation(RevokeCredentialSetProcess.Messages.APPLET_DELETE_REPORTED)
                .processInstanceVariableEquals(CaseVariables.CREDENTIAL_SET_ID, credentialSetId)
                .correlateAllWithResult();
    }

    private CredentialSet require(String credentialSetId) {
        return registry.set(credentialSetId)
                .orElseThrow(() -> new RevocationRefusedException(HttpStatus.NOT_FOUND, "not_found", "no such credential set"));
    }

    /** Maker and model from the application as the card signed it; nothing else of it. */
    private CredentialSetView.Phone phone(CredentialSet set) {
        return registry.application(set.applicationId()).map(application -> {
            try {
                ApplicationContent content = SignedApplication.parse(application.signedApplication()).content();
                return new CredentialSetView.Phone(content.deviceManufacturer(), content.deviceModel());
            } catch (InvalidApplicationException e) {
                return null;
            }
        }).orElse(null);
    }

    private static String event(CredentialTransition t) {
        if (t.aspect() == CredentialTransition.Aspect.APPLET) {
            return "APPLET_" + t.to();
        }
        if (t.aspect() == CredentialTransition.Aspect.KEY && CredentialTransition.REVOKED.equals(t.to())) {
            // one certificate alone (a per-kind linked revocation): SIGNING_REVOKED or USER_AUTH_REVOKED
            return t.from() + "_REVOKED";
        }
        return switch (t.to()) {
            case "RESERVED" -> "APPLIED";
            case "ACTIVE" -> "ON_HOLD".equals(t.from()) ? "RELEASED" : "ISSUED";
            case "ON_HOLD" -> "HELD";
            case "ABANDONED" -> "CANCELLED";
            default -> t.to();
        };
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("the registry holds an unreadable certificate", e);
        }
    }
}
