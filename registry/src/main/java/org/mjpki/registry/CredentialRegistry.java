package org.mjpki.registry;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.persistence.RegistryMapper;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credential registry: applications as received, each holder's single credential set (R2) with its own id and its
 * link to the card certificate it follows, its keys and certificates, and an audit row for every change saying who
 * caused it, in which case and why. Every operation that a retried worker may repeat is idempotent: repeating it finds
 * the earlier result instead of acting twice.
 */
public class CredentialRegistry {

    private final RegistryMapper mapper;
    private final org.mjpki.registry.followup.HolderFollowUpQueue followUps;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public CredentialRegistry(RegistryMapper mapper, org.mjpki.registry.followup.HolderFollowUpQueue followUps, Clock clock,
                              PlatformTransactionManager transactionManager) {
        this.mapper = mapper;
        this.followUps = followUps;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    // ------------------------------------------------------------------ applications

    /** Records a received application; a repeated id or nonce is a replay and is refused. */
    @Transactional
    public void recordApplication(SmartphoneApplication application) {
        try {
            mapper.insertApplication(application);
        } catch (DuplicateKeyException e) {
            throw new ApplicationReplayedException(application.applicationId());
        }
    }

    /**
     * Notes that the application's case waits for the JPKI system now (the CA away): its personalization deadline does
     * not count that time (issue 16).
     */
    public void recordWaitForTheJpkiSystem(String applicationId) {
        mapper.updateJpkiWaitedAt(applicationId, clock.instant());
    }

    /** When the application's case last waited for the JPKI system, if it ever did. */
    public Optional<Instant> lastWaitForTheJpkiSystem(String applicationId) {
        return Optional.ofNullable(mapper.findJpkiWaitedAt(applicationId));
    }

    public Optional<SmartphoneApplication> application(String applicationId) {
        return Optional.ofNullable(mapper.findApplication(applicationId));
    }

    /** Notes whose application it is and which card certificate signed it, once the card signature was verified. */
    @Transactional
    public void recordVerifiedHolder(String applicationId, String holderRef, Instant cardNotAfter, CardCertificateLink card) {
        if (mapper.updateApplicationHolder(applicationId, holderRef, cardNotAfter, card) != 1) {
            throw new UnknownApplicationException(applicationId);
        }
    }

    /** The server challenge of the operation check: created once, the same on every later call. */
    @Transactional
    public byte[] operationChallenge(String applicationId, Supplier<byte[]> fresh) {
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

    // ------------------------------------------------------------------ credential sets

    /**
     * Reserves the holder's single slot for a new set made by this application (R2), linked to the application's card
     * certificate. Idempotent for the same application; refused with {@link AlreadyIssuedException} when another live
     * set exists, which the database's unique index decides even under concurrent reservations.
     *
     * @param replacesSetId lineage: the set the new one replaces (device change), or {@code null}
     */
    @Transactional
    public CredentialSet reserveSlot(String applicationId, String replacesSetId, Cause cause) {
        String existingId = mapper.findSetIdOfApplication(applicationId);
        if (existingId != null) {
            CredentialSet existing = requireSet(existingId);
            if (existing.state().isLive()) {
                return existing;
            }
            throw new IllegalTransitionException(existingId, existing.state(), CredentialState.RESERVED);
        }
        SmartphoneApplication application = application(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        if (application.holderRef() == null) {
            throw new IllegalStateException("application " + applicationId + " has no verified holder yet");
        }
        Instant now = clock.instant();
        CredentialSet set = new CredentialSet(newSetId(), applicationId, application.holderRef(), application.seId(),
                CredentialState.RESERVED, AppletState.NONE, application.cardNotAfter(), application.cardCertificate(),
                replacesSetId, null, null, now, now);
        try {
            mapper.insertSet(set);
        } catch (DuplicateKeyException e) {
            throw new AlreadyIssuedException(applicationId);
        }
        mapper.insertTransition(CredentialTransition.ofSet(set.credentialSetId(), null, CredentialState.RESERVED, cause, now));
        // R4, per kind: the phone signing certificate follows the card signing certificate the application was signed with
        if (application.cardCertificate() != null) {
            mapper.insertCardLink(set.credentialSetId(), KeyRole.SIGNING, application.cardCertificate(),
                    application.cardCertificate().serialHex(), null, now);
        }
        // and the phone user-auth certificate the card user-auth certificate whose key countersigned the application
        java.util.Map<String, Object> userAuth = mapper.findApplicationUserAuthCard(applicationId);
        if (userAuth != null) {
            CardCertificateLink card = new CardCertificateLink(value(userAuth, "card_user_auth_issuing_ca"),
                    new BigInteger(value(userAuth, "card_user_auth_serial"), 16));
            mapper.insertCardLink(set.credentialSetId(), KeyRole.USER_AUTH, card, card.serialHex(), null, now);
        }
        return set;
    }

    /** The card user-auth certificate that countersigned the application (R4 per kind); before the slot is reserved. */
    public void recordApplicationUserAuthCard(String applicationId, CardCertificateLink card) {
        if (mapper.updateApplicationUserAuthCard(applicationId, card, card.serialHex()) != 1) {
            throw new UnknownApplicationException(applicationId);
        }
    }

    /**
     * Links the set's {@code role} certificate to a card certificate of the same kind (R4). The signing link is made
     * with the slot, from the application's signer; a user-auth link from the card's user-auth certificate. A second
     * link of the same role replaces the first (a signing certificate registered again under a new card certificate).
     */
    @Transactional
    public void recordCardLink(String credentialSetId, KeyRole role, CardCertificateLink card) {
        recordCardLink(credentialSetId, role, card, null);
    }

    /** As {@link #recordCardLink(String, KeyRole, CardCertificateLink)}, keeping the card certificate (DER) with the link. */
    @Transactional
    public void recordCardLink(String credentialSetId, KeyRole role, CardCertificateLink card, byte[] cardCertificate) {
        if (mapper.lockState(credentialSetId) == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        mapper.deleteCardLink(credentialSetId, role);
        mapper.insertCardLink(credentialSetId, role, card, card.serialHex(), cardCertificate, clock.instant());
    }

    /**
     * The card certificate (DER) the set's {@code role} certificate is linked to, when the link was made from it (a
     * signing certificate registered again): its facts are what a re-issued phone certificate states.
     */
    public Optional<byte[]> linkedCardCertificate(String credentialSetId, KeyRole role) {
        java.util.Map<String, Object> row = mapper.findLinkedCardCertificate(credentialSetId, role);
        if (row == null) {
            return Optional.empty();
        }
        Object der = row.containsKey("card_certificate") ? row.get("card_certificate") : row.get("CARD_CERTIFICATE");
        return der instanceof byte[] bytes ? Optional.of(bytes) : Optional.empty();
    }

    /** The card certificates the set's phone certificates follow, by the phone certificate's role (R4). */
    public java.util.Map<KeyRole, CardCertificateLink> cardLinks(String credentialSetId) {
        java.util.Map<KeyRole, CardCertificateLink> links = new java.util.EnumMap<>(KeyRole.class);
        for (java.util.Map<String, Object> row : mapper.findCardLinks(credentialSetId)) {
            links.put(KeyRole.valueOf(value(row, "key_role")), new CardCertificateLink(value(row, "card_issuing_ca"),
                    new BigInteger(value(row, "card_serial"), 16)));
        }
        return links;
    }

    private static String value(java.util.Map<String, Object> row, String column) {
        // H2 reports column labels in upper case, PostgreSQL in lower case
        Object v = row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase(java.util.Locale.ROOT));
        return String.valueOf(v);
    }

    /** The roles of the set whose certificates were revoked on their own (a per-kind linked revocation). */
    public java.util.Set<KeyRole> revokedKeyRoles(String credentialSetId) {
        java.util.Set<KeyRole> roles = java.util.EnumSet.noneOf(KeyRole.class);
        roles.addAll(mapper.findRevokedKeyRoles(credentialSetId));
        return roles;
    }

    /** Set ids are random: they cannot be guessed or enumerated from another one. */
    private static String newSetId() {
        return "cs-" + UUID.randomUUID();
    }

    public Optional<CredentialSet> set(String credentialSetId) {
        RegistryMapper.SetRow row = credentialSetId == null ? null : mapper.findSet(credentialSetId);
        return Optional.ofNullable(row).map(RegistryMapper.SetRow::toSet);
    }

    /** The set an application made, once its slot was reserved. */
    public Optional<CredentialSet> setOfApplication(String applicationId) {
        return Optional.ofNullable(mapper.findSetIdOfApplication(applicationId)).flatMap(this::set);
    }

    public Optional<CredentialSet> liveSetOf(String holderRef) {
        return Optional.ofNullable(mapper.findLiveSetIdOfHolder(holderRef)).flatMap(this::set);
    }

    /** The live sets that follow this card certificate (at most one by R2, but a card may have been re-linked). */
    public List<CredentialSet> liveSetsLinkedTo(CardCertificateLink card) {
        return mapper.findLiveSetIdsLinkedTo(card).stream().map(this::requireSet).toList();
    }

    private CredentialSet requireSet(String credentialSetId) {
        return set(credentialSetId).orElseThrow(() -> new UnknownCredentialSetException(credentialSetId));
    }

    /**
     * Moves a set to {@code to}; a repeat of a move already made is a no-op, so retries are safe. Returns the set as it
     * stands afterwards.
     */
    @Transactional
    public CredentialSet moveTo(String credentialSetId, CredentialState to, Cause cause) {
        // lock first: state changes and certificate recording on one set happen one after the other
        if (mapper.lockState(credentialSetId) == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        CredentialSet current = requireSet(credentialSetId);
        if (current.state() == to) {
            return current;
        }
        if (!current.state().canMoveTo(to)) {
            throw new IllegalTransitionException(credentialSetId, current.state(), to);
        }
        Instant now = clock.instant();
        if (mapper.updateState(credentialSetId, current.state(), to, now) != 1) {
            // somebody else moved it between our read and our write: let the caller retry on fresh state
            throw new ConcurrentCredentialUpdateException(credentialSetId);
        }
        mapper.insertTransition(CredentialTransition.ofSet(credentialSetId, current.state(), to, cause, now));
        return requireSet(credentialSetId);
    }

    /**
     * Takes an ACTIVE or ON_HOLD set for one revoking case, so that of two cases racing to end the same set only one
     * goes on (R2 stays simple: a set is revoked once). The same case again is told yes.
     */
    @Transactional
    public RevocationClaim claimForRevocation(String credentialSetId, String caseId) {
        if (mapper.lockState(credentialSetId) == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        CredentialSet set = requireSet(credentialSetId);
        if (caseId.equals(set.revocationCaseId())) {
            return RevocationClaim.CLAIMED;
        }
        if (set.revocationCaseId() != null) {
            return RevocationClaim.ALREADY_BEING_REVOKED;
        }
        if (set.state() != CredentialState.ACTIVE && set.state() != CredentialState.ON_HOLD) {
            return set.state().isLive() ? RevocationClaim.NOT_YET_ACTIVE : RevocationClaim.NO_LONGER_LIVE;
        }
        return mapper.claimForRevocation(credentialSetId, caseId, clock.instant()) == 1
                ? RevocationClaim.CLAIMED : RevocationClaim.ALREADY_BEING_REVOKED;
    }

    /**
     * Records a holder's revocation request and takes the set for it, in that order under the set's row lock (taken
     * first: the request row's reference to the set would otherwise hold a share lock that two concurrent requests
     * deadlock on). A replayed nonce is refused with {@link RequestReplayedException} before any claim.
     */
    @Transactional
    public RevocationClaim acceptRevocationRequest(HolderRequest request) {
        if (mapper.lockState(request.credentialSetId()) == null) {
            throw new UnknownCredentialSetException(request.credentialSetId());
        }
        recordHolderRequest(request);
        return claimForRevocation(request.credentialSetId(), request.requestId());
    }

    /** What {@link #claimForRevocation} decided. */
    public enum RevocationClaim { CLAIMED, ALREADY_BEING_REVOKED, NOT_YET_ACTIVE, NO_LONGER_LIVE }

    // ------------------------------------------------------------------ hold (lost phone, R10)

    /** What {@link #placeOnHold} and {@link #releaseHold} decided; only {@code DONE} changed (or had changed) the set. */
    public enum HoldDecision {
        /** Held (released) for this case, now or by an earlier call of the same case. */
        DONE,
        /** Another case holds it already. */
        ALREADY_ON_HOLD,
        /** Release asked of a set that is not on hold. */
        NOT_ON_HOLD,
        /** A case has taken it to revoke it. */
        BEING_REVOKED,
        NOT_YET_ACTIVE,
        NO_LONGER_LIVE
    }

    /**
     * Puts an ACTIVE set ON_HOLD for {@code cause}'s case (the audit row names it and the actor, the call center).
     * Safe to repeat for the same case; a set another case holds or is revoking is left as it is.
     */
    @Transactional
    public HoldDecision placeOnHold(String credentialSetId, Cause cause) {
        CredentialSet set = lockedSet(credentialSetId);
        if (set.state() == CredentialState.ON_HOLD) {
            return lastMoveTo(credentialSetId, CredentialState.ON_HOLD, cause.caseId()) ? HoldDecision.DONE
                    : HoldDecision.ALREADY_ON_HOLD;
        }
        HoldDecision refusal = refusalOf(set);
        if (refusal != null) {
            return refusal;
        }
        moveTo(credentialSetId, CredentialState.ON_HOLD, cause);
        return HoldDecision.DONE;
    }

    /**
     * Makes an ON_HOLD set ACTIVE again for {@code cause}'s case. Safe to repeat for the same case; a set taken for
     * revocation meanwhile stays on hold, so a release cannot undo a revocation under way.
     */
    @Transactional
    public HoldDecision releaseHold(String credentialSetId, Cause cause) {
        CredentialSet set = lockedSet(credentialSetId);
        if (set.state() == CredentialState.ACTIVE) {
            return lastMoveTo(credentialSetId, CredentialState.ACTIVE, cause.caseId()) ? HoldDecision.DONE
                    : HoldDecision.NOT_ON_HOLD;
        }
        if (set.state() != CredentialState.ON_HOLD) {
            return set.state().isLive() ? HoldDecision.NOT_YET_ACTIVE : HoldDecision.NO_LONGER_LIVE;
        }
        if (set.revocationCaseId() != null) {
            return HoldDecision.BEING_REVOKED;
        }
        moveTo(credentialSetId, CredentialState.ACTIVE, cause);
        return HoldDecision.DONE;
    }

    private CredentialSet lockedSet(String credentialSetId) {
        if (mapper.lockState(credentialSetId) == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        return requireSet(credentialSetId);
    }

    private static HoldDecision refusalOf(CredentialSet set) {
        if (!set.state().isLive()) {
            return HoldDecision.NO_LONGER_LIVE;
        }
        if (set.revocationCaseId() != null) {
            return HoldDecision.BEING_REVOKED;
        }
        return switch (set.state()) {
            case ACTIVE -> null;
            case RESERVED, PERSONALIZING -> HoldDecision.NOT_YET_ACTIVE;
            case ON_HOLD -> HoldDecision.ALREADY_ON_HOLD;
            default -> HoldDecision.NO_LONGER_LIVE;
        };
    }

    /** Whether the set's latest state change was to {@code state}, made by {@code caseId}: a repeat of that case's move. */
    private boolean lastMoveTo(String credentialSetId, CredentialState state, String caseId) {
        List<CredentialTransition> moves = mapper.findTransitions(credentialSetId).stream()
                .filter(t -> t.aspect() == CredentialTransition.Aspect.SET).toList();
        if (moves.isEmpty()) {
            return false;
        }
        CredentialTransition last = moves.get(moves.size() - 1);
        return state.name().equals(last.to()) && caseId != null && caseId.equals(last.caseId());
    }

    /** Records where the applet on the phone stands, with an audit row when it changed. Safe to repeat. */
    @Transactional
    public void recordAppletState(String credentialSetId, AppletState state, Cause cause) {
        if (mapper.lockState(credentialSetId) == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        AppletState before = requireSet(credentialSetId).appletState();
        if (before == state) {
            return;
        }
        Instant now = clock.instant();
        mapper.updateAppletState(credentialSetId, state, now);
        mapper.insertTransition(CredentialTransition.ofApplet(credentialSetId, before, state, cause, now));
    }

    /**
     * R7: records whether biometrics may stand in for the user-auth PIN on this set's phone (the device eligibility
     * decision's {@code biometricsAllowed}), so whoever serves the holder's app can tell it. Safe to repeat.
     */
    @Transactional
    public void recordBiometricsAllowed(String credentialSetId, boolean allowed) {
        if (mapper.updateBiometricsAllowed(credentialSetId, allowed, clock.instant()) != 1) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
    }

    // ------------------------------------------------------------------ keys and certificates

    /** Records the public key the applet generated; the same key again is a no-op, a different one is refused. */
    @Transactional
    public CredentialKey recordPublicKey(String credentialSetId, KeyRole role, byte[] publicKey) {
        CredentialKey existing = mapper.findKey(credentialSetId, role);
        if (existing != null) {
            if (!Arrays.equals(existing.publicKey(), publicKey)) {
                throw new IllegalStateException("credential set " + credentialSetId + " already has a different "
                        + role + " public key on record");
            }
            return existing;
        }
        mapper.insertKey(credentialSetId, role, publicKey);
        return mapper.findKey(credentialSetId, role);
    }

    /**
     * Records an issued certificate, only while the set is being personalized. A rolled-back set refuses it with
     * {@link CredentialNoLongerLiveException}, so whoever issued it revokes it at once. The row lock orders this against
     * {@link #moveTo}: a release either sees this certificate or refuses it.
     */
    @Transactional
    public void recordCertificate(String credentialSetId, KeyRole role, String issuingCa, BigInteger serial, byte[] certificate) {
        CredentialState state = mapper.lockState(credentialSetId);
        if (state == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        if (state != CredentialState.RESERVED && state != CredentialState.PERSONALIZING) {
            throw new CredentialNoLongerLiveException(credentialSetId, state);
        }
        if (mapper.updateKeyCertificate(credentialSetId, role, issuingCa, serial, certificate) != 1) {
            throw new IllegalStateException("credential set " + credentialSetId + " has no " + role + " key on record");
        }
    }

    /** Both keys of a set as far as they exist, with their certificates once issued. */
    public List<CredentialKey> keys(String credentialSetId) {
        List<CredentialKey> keys = new ArrayList<>();
        for (KeyRole role : KeyRole.values()) {
            key(credentialSetId, role).ifPresent(keys::add);
        }
        return keys;
    }

    public Optional<CredentialKey> key(String credentialSetId, KeyRole role) {
        return Optional.ofNullable(mapper.findKey(credentialSetId, role));
    }

    public List<CredentialTransition> transitions(String credentialSetId) {
        return mapper.findTransitions(credentialSetId);
    }

    // ------------------------------------------------------------------ re-issue of a key

    /**
     * Records the replacement key pair the applet made for a key of an ACTIVE or ON_HOLD set, for {@code caseId}. The
     * same key again is a no-op (a retried step); another case's replacement pending for the key is refused with
     * {@link KeyReplacementInProgressException}, a different key for the same case with {@link IllegalStateException}.
     */
    @Transactional
    public CredentialKeyReplacement recordReplacementKey(String credentialSetId, KeyRole role, String caseId, byte[] publicKey) {
        CredentialState state = mapper.lockState(credentialSetId);
        if (state == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        if (state != CredentialState.ACTIVE && state != CredentialState.ON_HOLD) {
            throw new CredentialNoLongerLiveException(credentialSetId, state);
        }
        CredentialKey current = mapper.findKey(credentialSetId, role);
        if (current == null || current.serial() == null) {
            throw new IllegalStateException("credential set " + credentialSetId + " has no " + role + " certificate to re-issue");
        }
        CredentialKeyReplacement pending = mapper.findReplacement(credentialSetId, role);
        if (pending != null) {
            if (!pending.caseId().equals(caseId)) {
                throw new KeyReplacementInProgressException(credentialSetId, role);
            }
            if (!Arrays.equals(pending.publicKey(), publicKey)) {
                throw new IllegalStateException("credential set " + credentialSetId + " already has a different " + role
                        + " replacement key on record for case " + caseId);
            }
            return pending;
        }
        mapper.insertReplacement(credentialSetId, role, caseId, publicKey, clock.instant());
        return mapper.findReplacement(credentialSetId, role);
    }

    public Optional<CredentialKeyReplacement> replacement(String credentialSetId, KeyRole role) {
        return Optional.ofNullable(mapper.findReplacement(credentialSetId, role));
    }

    /**
     * Records the certificate the CA issued for the replacement key, while the set is ACTIVE or ON_HOLD; a set that
     * ended meanwhile refuses it with {@link CredentialNoLongerLiveException}, so whoever issued it revokes it at once.
     */
    @Transactional
    public void recordReplacementCertificate(String credentialSetId, KeyRole role, String issuingCa, BigInteger serial,
                                             byte[] certificate) {
        CredentialState state = mapper.lockState(credentialSetId);
        if (state == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        if (state != CredentialState.ACTIVE && state != CredentialState.ON_HOLD) {
            throw new CredentialNoLongerLiveException(credentialSetId, state);
        }
        if (mapper.updateReplacementCertificate(credentialSetId, role, issuingCa, serial, certificate) != 1) {
            throw new IllegalStateException("credential set " + credentialSetId + " has no " + role + " replacement key on record");
        }
    }

    /**
     * The applet holds the replacement key and its certificate: they take the key's place in the registry, the old
     * certificate's serial is kept as lineage, and an audit row says who caused it. Safe to repeat: once completed there
     * is no replacement left and the key as it stands is answered.
     */
    @Transactional
    public CredentialKey completeReplacement(String credentialSetId, KeyRole role, Cause cause) {
        if (mapper.lockState(credentialSetId) == null) {
            throw new UnknownCredentialSetException(credentialSetId);
        }
        CredentialKeyReplacement replacement = mapper.findReplacement(credentialSetId, role);
        if (replacement == null) {
            return mapper.findKey(credentialSetId, role);
        }
        if (replacement.serial() == null) {
            throw new IllegalStateException("the " + role + " replacement of credential set " + credentialSetId
                    + " has no certificate yet");
        }
        mapper.replaceKey(replacement);
        mapper.deleteReplacement(credentialSetId, role);
        mapper.insertTransition(CredentialTransition.ofKeyReissued(credentialSetId, role, cause, clock.instant()));
        return mapper.findKey(credentialSetId, role);
    }

    /**
     * Drops {@code caseId}'s replacement of the key, which will not be completed (its re-issue was rolled back), never
     * another case's; safe to repeat.
     */
    @Transactional
    public void abandonReplacement(String credentialSetId, KeyRole role, String caseId) {
        CredentialKeyReplacement pending = mapper.findReplacement(credentialSetId, role);
        if (pending != null && pending.caseId().equals(caseId)) {
            mapper.deleteReplacement(credentialSetId, role);
        }
    }

    // ------------------------------------------------------------------ holder look-up (call center)

    /**
     * Records the keyed digest of the four facts of the holder's card ({@code org.mjpki.lifecycle.holder.HolderFactsDigest}),
     * replacing an earlier one (a renewed card may state a new address). The facts themselves are never stored.
     */
    @Transactional
    public void recordHolderLookup(String holderRef, String factsDigest) {
        if (factsDigest == null || !factsDigest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a holder look-up digest is 64 lower-case hex digits");
        }
        Instant now = clock.instant();
        if (mapper.updateHolderLookup(holderRef, factsDigest, now) == 0) {
            // two first recordings at once: one insert fails (DuplicateKeyException, the transaction is spoilt on
            // PostgreSQL), and its retry finds the row and updates it
            mapper.insertHolderLookup(holderRef, factsDigest, now);
        }
    }

    /** The live sets of the holder whose card states the facts with this digest (at most one by R2). */
    public List<CredentialSet> liveSetsOfHolderFacts(String factsDigest) {
        return mapper.findLiveSetIdsByFactsDigest(factsDigest).stream().map(this::requireSet).toList();
    }

    // ------------------------------------------------------------------ holder requests

    /** Records a request the holder signed; a repeated id or nonce is a replay and is refused. */
    @Transactional
    public void recordHolderRequest(HolderRequest request) {
        try {
            mapper.insertHolderRequest(request);
        } catch (DuplicateKeyException e) {
            throw new RequestReplayedException();
        }
    }

    public Optional<HolderRequest> holderRequest(String requestId) {
        return Optional.ofNullable(mapper.findHolderRequest(requestId));
    }

    // ------------------------------------------------------------------ expiry reminders

    /**
     * ACTIVE sets whose card certificate ends more than {@code nextDaysBefore} and at most {@code daysBefore} days after
     * {@code now} — the window of the reminder {@code daysBefore}, so that a set that entered a nearer window first is
     * reminded once, of the nearer one — and not yet reminded of it; keyset pages in set id order after {@code after}
     * ("" for the first page).
     */
    public List<ExpiryReminderDue> remindersDue(Instant now, int daysBefore, int nextDaysBefore, String after, int limit) {
        if (daysBefore <= nextDaysBefore || nextDaysBefore < 0) {
            throw new IllegalArgumentException("a reminder window needs 0 <= next < days, got " + nextDaysBefore + " and " + daysBefore);
        }
        return mapper.findRemindersDue(now.plus(Duration.ofDays(nextDaysBefore)), now.plus(Duration.ofDays(daysBefore)),
                daysBefore, after, limit);
    }

    /**
     * Claims reminder {@code daysBefore} of the set before it is pushed; a claim already there (a node or a run that
     * stopped before marking it sent) is kept, and the push is sent again under the same id.
     */
    public void claimReminder(String credentialSetId, int daysBefore) {
        try {
            mapper.insertReminderClaim(credentialSetId, daysBefore, clock.instant());
        } catch (DuplicateKeyException e) {
            // claimed before and not sent: the caller pushes again, idempotently
        }
    }

    /** The reminder was pushed; false if it was marked sent before (by another node). */
    public boolean markReminderSent(String credentialSetId, int daysBefore) {
        return mapper.markReminderSent(credentialSetId, daysBefore, clock.instant()) == 1;
    }

    // ------------------------------------------------------------------ expiry

    /**
     * R3: moves live sets whose card certificate expired to EXPIRED, at most {@code batch} of them, each with its audit
     * row and a push queued for the phone (CREDENTIAL_SET_EXPIRED); returns how many moved. Safe to run on several nodes at once: a set moved by another is skipped.
     */
    public int expireDue(Instant now, int batch) {
        int moved = 0;
        Cause cause = Cause.of(Actor.SCHEDULER, null, "card certificate expired");
        for (String setId : mapper.findDueForExpiry(now, batch)) {
            try {
                // one transaction per set (a call on this, not through the proxy, would have none); the push to the
                // phone is queued in it, so an expired set is never left untold
                transactions.executeWithoutResult(tx -> {
                    moveTo(setId, CredentialState.EXPIRED, cause);
                    followUps.queue(setId, org.mjpki.registry.followup.HolderFollowUp.Kind.PUSH, "expiry/" + setId,
                            org.mjpki.lifecycle.port.HolderNotification.CREDENTIAL_SET_EXPIRED.name());
                });
                moved++;
            } catch (ConcurrentCredentialUpdateException | IllegalTransitionException e) {
                // another node or process moved it first
            }
        }
        return moved;
    }
}
