package org.mjpki.registry;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.persistence.RegistryMapper;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credential registry: applications as received, each holder's single smartphone set, its keys and
 * certificates, and an audit row for every state change. Every operation that a retried worker may repeat
 * is idempotent: repeating it finds the earlier result instead of acting twice.
 */
public class CredentialRegistry {

    private final RegistryMapper mapper;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public CredentialRegistry(RegistryMapper mapper, Clock clock, PlatformTransactionManager transactionManager) {
        this.mapper = mapper;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Records a received application; a repeated id or nonce is a replay and is refused. */
    @Transactional
    public void recordApplication(SmartphoneApplication application) {
        try {
            mapper.insertApplication(application);
        } catch (DuplicateKeyException e) {
            throw new ApplicationReplayedException(application.applicationId());
        }
    }

    public Optional<SmartphoneApplication> application(String applicationId) {
        return Optional.ofNullable(mapper.findApplication(applicationId));
    }

    /** Notes whose application it is, once the card signature was verified. */
    @Transactional
    public void recordVerifiedHolder(String applicationId, String holderRef, Instant cardNotAfter) {
        if (mapper.updateApplicationHolder(applicationId, holderRef, cardNotAfter) != 1) {
            throw new UnknownApplicationException(applicationId);
        }
    }

    /**
     * Reserves the holder's single slot for this application (R2). Idempotent for the same application;
     * refused with {@link AlreadyIssuedException} when another live set exists, which the database's
     * unique index decides even under concurrent reservations.
     */
    @Transactional
    public SmartphoneCredential reserveSlot(String applicationId) {
        SmartphoneCredential existing = mapper.findCredential(applicationId);
        if (existing != null) {
            if (existing.state().isLive()) {
                return existing;
            }
            throw new IllegalTransitionException(applicationId, existing.state(), CredentialState.RESERVED);
        }
        SmartphoneApplication application = application(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        if (application.holderRef() == null) {
            throw new IllegalStateException("application " + applicationId + " has no verified holder yet");
        }
        Instant now = clock.instant();
        SmartphoneCredential credential = new SmartphoneCredential(applicationId, application.holderRef(),
                application.seId(), CredentialState.RESERVED, AppletState.NONE, application.cardNotAfter(), now, now, null);
        try {
            mapper.insertCredential(credential);
        } catch (DuplicateKeyException e) {
            throw new AlreadyIssuedException(applicationId);
        }
        mapper.insertTransition(new CredentialTransition(applicationId, null, CredentialState.RESERVED, "slot reserved", now));
        return credential;
    }

    public Optional<SmartphoneCredential> credential(String applicationId) {
        return Optional.ofNullable(mapper.findCredential(applicationId));
    }

    public Optional<SmartphoneCredential> liveCredentialOf(String holderRef) {
        return Optional.ofNullable(mapper.findLiveCredentialOfHolder(holderRef));
    }

    /**
     * Moves a credential to {@code to}; a repeat of a move already made is a no-op, so retries are safe.
     * Returns the credential as it stands afterwards.
     */
    @Transactional
    public SmartphoneCredential moveTo(String applicationId, CredentialState to, String reason) {
        // lock first: state changes and certificate recording on one credential happen one after the other
        if (mapper.lockCredentialState(applicationId) == null) {
            throw new UnknownApplicationException(applicationId);
        }
        SmartphoneCredential current = credential(applicationId).orElseThrow();
        if (current.state() == to) {
            return current;
        }
        if (!current.state().canMoveTo(to)) {
            throw new IllegalTransitionException(applicationId, current.state(), to);
        }
        Instant now = clock.instant();
        if (mapper.updateState(applicationId, current.state(), to, now) != 1) {
            // somebody else moved it between our read and our write: let the caller retry on fresh state
            throw new ConcurrentCredentialUpdateException(applicationId);
        }
        mapper.insertTransition(new CredentialTransition(applicationId, current.state(), to, reason, now));
        return credential(applicationId).orElseThrow();
    }

    @Transactional
    public void recordAppletState(String applicationId, AppletState state) {
        if (mapper.updateAppletState(applicationId, state, clock.instant()) != 1) {
            throw new UnknownApplicationException(applicationId);
        }
    }

    /**
     * R7: records whether biometrics may stand in for the user-auth PIN on this set's phone (the device eligibility
     * decision's {@code biometricsAllowed}), so whoever serves the holder's app can tell it. Safe to repeat.
     */
    @Transactional
    public void recordBiometricsAllowed(String applicationId, boolean allowed) {
        if (mapper.updateBiometricsAllowed(applicationId, allowed, clock.instant()) != 1) {
            throw new UnknownApplicationException(applicationId);
        }
    }

    /** Records the public key the applet generated; the same key again is a no-op, a different one is refused. */
    @Transactional
    public CredentialKey recordPublicKey(String applicationId, KeyRole role, byte[] publicKey) {
        CredentialKey existing = mapper.findKey(applicationId, role);
        if (existing != null) {
            if (!java.util.Arrays.equals(existing.publicKey(), publicKey)) {
                throw new IllegalStateException("application " + applicationId + " already has a different "
                        + role + " public key on record");
            }
            return existing;
        }
        mapper.insertKey(applicationId, role, publicKey);
        return mapper.findKey(applicationId, role);
    }

    /**
     * Records an issued certificate, only while the credential is being personalized. A rolled-back credential
     * refuses it with {@link CredentialNoLongerLiveException}, so whoever issued it revokes it at once. The row
     * lock orders this against {@link #moveTo}: a release either sees this certificate or refuses it.
     */
    @Transactional
    public void recordCertificate(String applicationId, KeyRole role, String issuingCa, BigInteger serial, byte[] certificate) {
        CredentialState state = mapper.lockCredentialState(applicationId);
        if (state == null) {
            throw new UnknownApplicationException(applicationId);
        }
        if (state != CredentialState.RESERVED && state != CredentialState.PERSONALIZING) {
            throw new CredentialNoLongerLiveException(applicationId, state);
        }
        if (mapper.updateKeyCertificate(applicationId, role, issuingCa, serial, certificate) != 1) {
            throw new IllegalStateException("application " + applicationId + " has no " + role + " key on record");
        }
    }

    /** Both keys of a set as far as they exist, with their certificates once issued. */
    public java.util.List<CredentialKey> keys(String applicationId) {
        java.util.List<CredentialKey> keys = new java.util.ArrayList<>();
        for (KeyRole role : KeyRole.values()) {
            key(applicationId, role).ifPresent(keys::add);
        }
        return keys;
    }

    public Optional<CredentialKey> key(String applicationId, KeyRole role) {
        return Optional.ofNullable(mapper.findKey(applicationId, role));
    }

    /** The server challenge of the operation check: created once, the same on every later call. */
    @Transactional
    public byte[] operationChallenge(String applicationId, java.util.function.Supplier<byte[]> fresh) {
        RegistryMapper.Bytes existing = mapper.findOperationChallenge(applicationId);
        if (existing != null) {
            return existing.value();
        }
        if (mapper.setOperationChallenge(applicationId, fresh.get()) != 1 && application(applicationId).isEmpty()) {
            throw new UnknownApplicationException(applicationId);
        }
        return mapper.findOperationChallenge(applicationId).value();
    }

    public Optional<byte[]> existingOperationChallenge(String applicationId) {
        return Optional.ofNullable(mapper.findOperationChallenge(applicationId)).map(RegistryMapper.Bytes::value);
    }

    @Transactional
    public void recordOperationCheck(OperationCheckSignature signature) {
        if (mapper.findOperationCheck(signature.applicationId(), signature.role()) != null) {
            return; // a resubmission after a dropped connection: the first one counts
        }
        mapper.insertOperationCheck(signature, clock.instant());
    }

    public Optional<OperationCheckSignature> operationCheck(String applicationId, KeyRole role) {
        return Optional.ofNullable(mapper.findOperationCheck(applicationId, role));
    }

    public List<CredentialTransition> transitions(String applicationId) {
        return mapper.findTransitions(applicationId);
    }

    /**
     * R3: moves live credentials whose card certificate expired to EXPIRED, at most {@code batch} of them;
     * returns how many moved. Safe to run on several nodes at once: a credential moved by another is skipped.
     */
    public int expireDue(Instant now, int batch) {
        int moved = 0;
        for (String applicationId : mapper.findDueForExpiry(now, batch)) {
            try {
                // one transaction per credential (a call on this, not through the proxy, would have none)
                transactions.executeWithoutResult(tx -> moveTo(applicationId, CredentialState.EXPIRED, "card certificate expired"));
                moved++;
            } catch (ConcurrentCredentialUpdateException | IllegalTransitionException e) {
                // another node or process moved it first
            }
        }
        return moved;
    }
}
