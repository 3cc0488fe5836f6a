package org.mjpki.webapp.revocation;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.lifecycle.revocation.PhoneSignedRequest;
import org.mjpki.processes.CaseVariables;
import org.mjpki.processes.revocation.RevocationProcess;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialRegistry.RevocationClaim;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.HolderRequest;
import org.mjpki.registry.RequestReplayedException;
import org.mjpki.registry.caller.CallerCapabilities;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holder revokes their set with the phone alone (R9): a request signed on the phone by the set's signing key is
 * checked here — the signature against the set's signing certificate in the registry, that certificate this CA's and not
 * revoked, fresh, not replayed, the set live and not already being revoked — and only then is a {@code revocation}
 * started. A refusal changes nothing (one transaction: the request record, the set's claim and the instance, or none).
 */
@Service
public class HolderRevocations {

    /** What a holder whose signing password is blocked can do instead (ADR 0015). */
    static final String BLOCKED_PASSWORD_HINT = "if the signing password is blocked the phone cannot sign: release the lock "
            + "with the card first, or call the JPKI call center to put the set on hold";

    private final CredentialRegistry registry;
    private final CallerCapabilities callers;
    private final CertificateAuthority ca;
    private final RuntimeService runtime;
    private final RevocationProperties properties;
    private final Clock clock;

    public HolderRevocations(CredentialRegistry registry, CallerCapabilities callers, CertificateAuthority ca,
                             RuntimeService runtime, RevocationProperties properties, Clock clock) {
        this.registry = registry;
        this.callers = callers;
        this.ca = ca;
        this.runtime = runtime;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public RevocationStatus request(PhoneSignedRequest signed, String callerSha256) {
        PhoneSignedRequest.Revocation content = signed.content();
        Instant now = clock.instant();
        if (content.expiresAt().isBefore(now.minus(properties.clockSkew()))) {
            throw new RevocationRefusedException(HttpStatus.BAD_REQUEST, "expired_request", "the request has expired");
        }
        if (content.expiresAt().isAfter(now.plus(properties.maxRequestValidity()).plus(properties.clockSkew()))) {
            throw new RevocationRefusedException(HttpStatus.BAD_REQUEST, "invalid_request",
                    "expiresAt lies more than " + properties.maxRequestValidity() + " ahead");
        }
        CredentialSet set = registry.set(content.credentialSetId()).orElseThrow(() -> new RevocationRefusedException(HttpStatus.NOT_FOUND, "not_found", "no such credential set"));
        Optional<String> earlier = callers.startedBefore(CallerCapabilities.Operation.REVOCATION, null, content.nonce(), callerSha256);
        if (earlier.isPresent()) {
            // the same app instance sends the same request again (the answer to the first was lost): where it stands
            return status(earlier.get());
        }
        refuseUnlessRevocable(set);
        X509Certificate signing = signingCertificate(set);
        if (!signed.verifies(signing.getPublicKey())) {
            throw new RevocationRefusedException(HttpStatus.FORBIDDEN, "signature_invalid",
                    "the request is not signed by this credential set's signing key; " + BLOCKED_PASSWORD_HINT);
        }
        if (set.revocationCaseId() != null) {
            throw alreadyRevoking();
        }
        CertificateStatus status = ca.status(new CertificateRef(IssuingCa.SIGNING, signing.getSerialNumber()));
        if (status.state() != CertificateStatus.State.GOOD && status.state() != CertificateStatus.State.ON_HOLD) {
            throw new RevocationRefusedException(HttpStatus.CONFLICT, "certificate_not_good",
                    "the set's signing certificate is " + status.state() + " at the CA");
        }
        String revocationId = "rev-" + UUID.randomUUID();
        RevocationClaim claim;
        try {
            claim = registry.acceptRevocationRequest(new HolderRequest(revocationId, HolderRequest.Kind.REVOCATION,
                    set.credentialSetId(), content.nonce(), content.reason().name(), content.expiresAt(), now));
        } catch (RequestReplayedException e) {
            throw new RevocationRefusedException(HttpStatus.CONFLICT, "replayed_request", e.getMessage());
        }
        switch (claim) {
            case CLAIMED -> { }
            case ALREADY_BEING_REVOKED -> throw alreadyRevoking();
            case NOT_YET_ACTIVE -> throw notYetIssued();
            case NO_LONGER_LIVE -> throw noLongerLive(set);
        }
        callers.bind(CallerCapabilities.Operation.REVOCATION, revocationId, callerSha256);
        Map<String, Object> variables = new HashMap<>();
        variables.put(CaseVariables.CREDENTIAL_SET_ID, set.credentialSetId());
        variables.put(CaseVariables.REVOCATION_REASON, content.reason().rfc5280Reason());
        variables.put(CaseVariables.ACTOR, Actor.HOLDER.name());
        variables.put(CaseVariables.APPLET_DELETE_PERIOD, properties.appletDeletePeriod().toString());
        variables.put(CaseVariables.APPLET_DELETE_RECHECK_INTERVAL, properties.appletDeleteRecheckInterval().toString());
        runtime.createProcessInstanceByKey(RevocationProcess.PROCESS_KEY)
                .businessKey(revocationId)
                .setVariables(variables)
                .execute();
        return new RevocationStatus(revocationId, set.credentialSetId(), content.reason().name(), "REVOKING", false, false);
    }

    /** Where a revocation stands, read from the registry (the set's state and its applet's), and whether it is held up. */
    @Transactional(readOnly = true) // its queries in one transaction (ADR 0035)
    public RevocationStatus status(String revocationId) {
        HolderRequest request = registry.holderRequest(revocationId)
                .filter(r -> r.kind() == HolderRequest.Kind.REVOCATION)
                .orElseThrow(() -> new RevocationRefusedException(HttpStatus.NOT_FOUND, "not_found", "no such revocation"));
        CredentialSet set = registry.set(request.credentialSetId()).orElseThrow();
        // the revocation and the "Revoke credential set" it calls share the business key
        List<String> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(revocationId).list().stream()
                .map(ProcessInstance::getId).toList();
        boolean running = !instances.isEmpty();
        boolean delayed = instances.stream().anyMatch(id -> runtime.createIncidentQuery().processInstanceId(id).count() > 0);
        String stage;
        if (set.state().isLive()) {
            stage = "REVOKING";
        } else if (set.appletState() == AppletState.LEFT_ON_PHONE) {
            stage = "APPLET_LEFT_ON_PHONE";
        } else if (set.appletState() == AppletState.DELETED || set.appletState() == AppletState.NONE) {
            stage = "COMPLETED";
        } else {
            stage = "DELETING_APPLET";
        }
        boolean finished = !running && !set.state().isLive();
        return new RevocationStatus(revocationId, set.credentialSetId(), request.reason(), stage, finished, delayed);
    }

    private static void refuseUnlessRevocable(CredentialSet set) {
        if (set.state() == CredentialState.RESERVED || set.state() == CredentialState.PERSONALIZING) {
            throw notYetIssued();
        }
        if (!set.state().isLive()) {
            throw noLongerLive(set);
        }
    }

    private static RevocationRefusedException alreadyRevoking() {
        return new RevocationRefusedException(HttpStatus.CONFLICT, "already_revoking",
                "a revocation of this credential set is already under way or done");
    }

    private static RevocationRefusedException notYetIssued() {
        return new RevocationRefusedException(HttpStatus.CONFLICT, "not_yet_issued",
                "the credential set is still being issued; it can be revoked once it is active");
    }

    private static RevocationRefusedException noLongerLive(CredentialSet set) {
        return new RevocationRefusedException(HttpStatus.CONFLICT, "already_ended",
                "the credential set is already " + set.state() + "; there is nothing to revoke");
    }

    private X509Certificate signingCertificate(CredentialSet set) {
        CredentialKey key = registry.key(set.credentialSetId(), KeyRole.SIGNING)
                .filter(k -> k.certificate() != null)
                .orElseThrow(HolderRevocations::notYetIssued);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(key.certificate()));
        } catch (CertificateException e) {
            throw new IllegalStateException("the registry holds an unreadable signing certificate for a set", e);
        }
    }
}
