package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mjpki.ca.CardCertificateCheck;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateRequestRejectedException;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.JpkiHolderFacts;
import org.mjpki.ca.Revocation;
import org.mjpki.ca.RevocationOrder;
import org.mjpki.ca.RevocationReason;
import org.mjpki.ca.embedded.CertificateRepository.StatusChange;
import org.mjpki.ca.embedded.CertificateRepository.StatusRequest;
import org.mjpki.ca.embedded.CertificateRepository.StatusRequest.Operation;
import org.mjpki.ca.embedded.StoredCertificate.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded Bouncy Castle CA: the two JPKI issuing CAs behind the {@link CertificateAuthority} port. */
public final class EmbeddedCertificateAuthority implements CertificateAuthority {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCertificateAuthority.class);
    static final int MAX_REQUEST_ID = 200;
    private static final int MAX_TEXT = 400;
    private static final int ISSUE_ATTEMPTS = 16;
    /** Product of the odd primes below 1000: a real RSA modulus shares no factor with it. */
    private static final BigInteger SMALL_PRIMES = smallPrimeProduct();

    private final CaPolicy policy;
    private final CertificateProfiles profiles;
    private final CaKeyRing keys;
    private final CertificateRepository repository;
    private final SerialNumberPolicy serials;
    private final Clock clock;
    private final CertificateStatusListener statusListener;

    /** @param statusListener told of every status change once committed (OCSP's pre-produced responses) */
    public EmbeddedCertificateAuthority(CaPolicy policy, CertificateProfiles profiles, CaKeyRing keys,
                                        CertificateRepository repository, SerialNumberPolicy serials, Clock clock,
                                        CertificateStatusListener statusListener) {
        this.policy = policy;
        this.profiles = profiles;
        this.keys = keys;
        this.repository = repository;
        this.serials = serials;
        this.clock = clock;
        this.statusListener = statusListener;
    }

    // ---------------------------------------------------------------- issuance

    /**
     * Reserves, signs and records in one transaction (ADR 0006): the row (serial, partition slot, request id) is
     * written before anything is signed, so a full partition, a serial collision and a concurrent twin (who waits on
     * the request id for this transaction's commit) never cost a signature, and the certificate leaves the CA only once
     * that transaction has committed. A signature whose transaction failed never left the process; the retry with the
     * same request id signs anew. A reservation committed unsigned (by versions that reserved in a transaction of its
     * own) is signed by the retry: same serial, same content.
     */
    @Override
    public IssuedCertificate issue(IssueRequest request) {
        Instant now = clock.instant();
        Instant notAfter = validate(request, now);
        String hash = requestHash(request, notAfter);
        Optional<StoredCertificate> known = repository.findByRequestId(request.requestId());
        if (known.isPresent()) {
            return delivered(sameRequest(known.get(), hash), request);
        }
        return signNew(request, hash, now, notAfter);
    }

    /** A certificate this request id already has, or its reservation signed now. */
    private IssuedCertificate delivered(StoredCertificate record, IssueRequest request) {
        if (!record.issued()) {
            record = signReservation(request);
        }
        return new IssuedCertificate(new CertificateRef(record.ca(), record.serial()), X509.parse(record.der()));
    }

    /** Thrown inside the issuing transaction to roll it back: the serial's partition has no free slot. */
    private static final class PartitionFull extends RuntimeException {
        PartitionFull() { super(null, null, false, false); }
    }

    private IssuedCertificate signNew(IssueRequest request, String hash, Instant now, Instant notAfter) {
        CertificateProfile profile = request.profile();
        IssuingCa ca = profile.issuingCa();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        int partitions = policy.partitions(profile.medium());
        int full = 0;
        for (int attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
            BigInteger serial = serials.next();
            CrlScope scope = new CrlScope(ca, profile.medium(), SerialNumberPolicy.partitionOf(serial, partitions));
            StoredCertificate reservation = StoredCertificate.reserved(ca, serial, request.requestId(), hash,
                    StoredCertificate.Kind.HOLDER, profile, scope.partition(), request.holder().holderRef(), notBefore,
                    notAfter, now);
            X509Certificate cert;
            try {
                cert = repository.inTransaction(() -> {
                    // the row first: a twin blocks here, on the request id, not on the partition's counter; the
                    // counter's row lock is then held only while this one signs and commits
                    repository.insert(reservation);
                    if (!repository.reservePartitionSlot(scope, policy.maxEntriesPerCrl())) {
                        throw new PartitionFull();
                    }
                    X509Certificate signed = profiles.holderCertificate(profile, serial, request.subjectPublicKey(),
                            request.holder(), notBefore, notAfter, scope, keys.ca(ca));
                    repository.recordSigned(ca, serial, CertificateProfiles.encoded(signed));
                    return signed;
                });
            } catch (PartitionFull e) {
                full++;                                        // another serial lands in another partition
                continue;
            } catch (CertificateRepository.DuplicateException e) {
                Optional<StoredCertificate> raced = repository.findByRequestId(request.requestId());
                if (raced.isPresent()) {
                    return delivered(sameRequest(raced.get(), hash), request);   // a twin's, committed while this one waited
                }
                log.warn("Serial number collision in the {} CA; drawing another", ca);
                continue;
            }
            log.info("Issued {} certificate {} for request {}, notAfter {}", profile, new CertificateRef(ca, serial),
                    request.requestId(), notAfter);
            return new IssuedCertificate(new CertificateRef(ca, serial), cert);
        }
        if (full > 0) {
            throw new CertificateAuthorityException("CRL partitions of the " + ca + " CA for " + profile.medium()
                    + " certificates are full (" + policy.maxEntriesPerCrl() + " unexpired certificates each): raise "
                    + "mjpki.ca." + CaPolicy.mediumPath(profile.medium()) + ".crl-partitions; request "
                    + request.requestId() + " was not issued, retrying after the change issues it");
        }
        throw new CertificateAuthorityException("no unused serial number after " + ISSUE_ATTEMPTS + " attempts for request "
                + request.requestId());
    }

    /**
     * Signs a reservation committed unsigned and records it, under the row's lock: a twin waiting for the lock finds
     * it signed. The certificate leaves this method only once recorded.
     */
    private StoredCertificate signReservation(IssueRequest request) {
        boolean[] signedHere = {false};
        StoredCertificate record = repository.inTransaction(() -> {
            StoredCertificate row = repository.lockByRequestId(request.requestId()).orElseThrow(() ->
                    new CertificateAuthorityException("reservation of request " + request.requestId() + " disappeared"));
            if (row.issued()) {
                return row;                                    // signed by a twin while this one waited for the lock
            }
            X509Certificate cert = profiles.holderCertificate(row.profile(), row.serial(), request.subjectPublicKey(),
                    request.holder(), row.notBefore(), row.notAfter(), row.scope(), keys.ca(row.ca()));
            byte[] der = CertificateProfiles.encoded(cert);
            repository.recordSigned(row.ca(), row.serial(), der);
            signedHere[0] = true;
            return row.signed(der);
        });
        if (signedHere[0]) {
            log.info("Issued {} certificate {} for request {}, notAfter {}", record.profile(),
                    new CertificateRef(record.ca(), record.serial()), request.requestId(), record.notAfter());
        }
        return record;
    }

    private StoredCertificate sameRequest(StoredCertificate stored, String hash) {
        if (stored.kind() != StoredCertificate.Kind.HOLDER || !stored.requestHash().equals(hash)) {
            throw new CertificateRequestRejectedException("request id " + stored.requestId()
                    + " was already used for a different issuance request");
        }
        return stored;
    }

    private Instant validate(IssueRequest r, Instant now) {
        if (r == null) {
            throw new CertificateRequestRejectedException("no issuance request");
        }
        requireRequestId(r.requestId());
        if (r.profile() == null) {
            throw new CertificateRequestRejectedException("no certificate profile");
        }
        Holder h = r.holder();
        if (h == null || blank(h.holderRef()) || h.holderRef().length() > MAX_REQUEST_ID) {
            throw new CertificateRequestRejectedException("a holder reference (1.." + MAX_REQUEST_ID + " characters) is required");
        }
        if (r.profile().carriesHolderFacts()) {
            if (blank(h.name()) || h.name().length() > MAX_TEXT) {
                throw new CertificateRequestRejectedException("a signing certificate needs the holder's name (1.." + MAX_TEXT + " characters)");
            }
            if (blank(h.address()) || h.address().length() > MAX_TEXT) {
                throw new CertificateRequestRejectedException("a signing certificate needs the holder's address (1.." + MAX_TEXT + " characters)");
            }
            if (h.birthDate() == null || h.birthDate().isAfter(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC))
                    || h.birthDate().isBefore(LocalDate.of(1868, 10, 23))) {
                throw new CertificateRequestRejectedException("a signing certificate needs a plausible birth date");
            }
            if (JpkiHolderFacts.sexCode(h.sex()) == null) {
                throw new CertificateRequestRejectedException("sex must be 1/M/MALE, 2/F/FEMALE or 3/X/OTHER");
            }
        }
        checkKey(r.subjectPublicKey(), r.profile().issuingCa());
        if (r.notAfter() == null) {
            throw new CertificateRequestRejectedException("notAfter is required (the linked card certificate's)");
        }
        Instant notAfter = r.notAfter().truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(now)) {
            throw new CertificateRequestRejectedException("notAfter " + notAfter + " is not in the future");
        }
        Instant caNotAfter = keys.ca(r.profile().issuingCa()).certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            throw new CertificateRequestRejectedException("notAfter " + notAfter + " is after the " + r.profile().issuingCa()
                    + " CA certificate's notAfter " + caNotAfter);
        }
        return notAfter;
    }

    private void checkKey(PublicKey key, IssuingCa ca) {
        if (key == null) {
            throw new CertificateRequestRejectedException("no subject public key");
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            BigInteger e = rsa.getPublicExponent();
            if (bits < 2048 || bits > 4096) {
                throw new CertificateRequestRejectedException("RSA key of " + bits + " bits: 2048 to 4096 required");
            }
            if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 256) {
                throw new CertificateRequestRejectedException("RSA public exponent is not an odd number from 3 up");
            }
            if (!rsa.getModulus().testBit(0) || !rsa.getModulus().gcd(SMALL_PRIMES).equals(BigInteger.ONE)) {
                throw new CertificateRequestRejectedException("RSA modulus has a small factor: not a valid key");
            }
        } else if (key instanceof ECPublicKey ec) {
            int size = ec.getParams().getCurve().getField().getFieldSize();
            if (size != 256 && size != 384) {
                throw new CertificateRequestRejectedException("EC key on a " + size + "-bit curve: P-256 or P-384 required");
            }
        } else {
            throw new CertificateRequestRejectedException("unsupported key algorithm " + key.getAlgorithm() + ": RSA or EC required");
        }
        for (IssuingCa any : IssuingCa.values()) {
            if (Arrays.equals(keys.ca(any).certificate().getPublicKey().getEncoded(), key.getEncoded())
                    || Arrays.equals(keys.ocspSigner(any).certificate().getPublicKey().getEncoded(), key.getEncoded())) {
                throw new CertificateRequestRejectedException("the subject key is a key of this CA");
            }
        }
    }

    static String requestHash(IssueRequest r, Instant notAfter) {
        Holder h = r.holder();
        String canonical = String.join("\u0000", r.profile().name(),
                Base64.getEncoder().encodeToString(r.subjectPublicKey().getEncoded()), h.holderRef(),
                String.valueOf(h.name()), String.valueOf(h.birthDate()), String.valueOf(JpkiHolderFacts.sexCode(h.sex())),
                String.valueOf(h.address()), String.valueOf(notAfter.getEpochSecond()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- status changes

    @Override
    public Revocation revoke(String requestId, CertificateRef certificate, RevocationReason reason) {
        if (reason == null) {
            throw new CertificateRequestRejectedException("a revocation reason is required");
        }
        if (reason == RevocationReason.CERTIFICATE_HOLD || reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new CertificateRequestRejectedException(reason + " is not a revocation: use placeOnHold / releaseHold");
        }
        StoredCertificate after = change(requestId, certificate, Operation.REVOKE, reason);
        return new Revocation(after.revocationRequestId(), certificate, after.reason(), after.revokedAt());
    }

    @Override
    public void placeOnHold(String requestId, CertificateRef certificate) {
        change(requestId, certificate, Operation.HOLD, null);
    }

    @Override
    public void releaseHold(String requestId, CertificateRef certificate) {
        change(requestId, certificate, Operation.RELEASE, null);
    }

    private StoredCertificate change(String requestId, CertificateRef ref, Operation op, RevocationReason reason) {
        requireRequestId(requestId);
        if (ref == null || ref.ca() == null || ref.serial() == null) {
            throw new CertificateRequestRejectedException("no certificate reference");
        }
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    return repository.inTransaction(() -> applyChange(requestId, ref, op, reason));
                } catch (CertificateRepository.DuplicateException e) {
                    if (attempt >= 2) {
                        throw new CertificateAuthorityException("request " + requestId + " keeps colliding with itself", e);
                    }
                    // the same request id performed concurrently: the next pass finds it
                }
            }
        } finally {
            // also after a failure: a commit whose answer was lost may have changed the row
            statusListener.statusChanged(ref.ca(), List.of(ref.serial()));
        }
    }

    private StoredCertificate applyChange(String requestId, CertificateRef ref, Operation op, RevocationReason reason) {
        Optional<StatusRequest> done = repository.findStatusRequest(requestId);
        if (done.isPresent()) {
            StatusRequest d = done.get();
            if (d.operation() != op || d.ca() != ref.ca() || !d.serial().equals(ref.serial()) || d.reason() != reason) {
                throw new CertificateRequestRejectedException("request id " + requestId + " was already used for "
                        + d.operation() + " of " + new CertificateRef(d.ca(), d.serial()));
            }
            return repository.find(ref.ca(), ref.serial()).orElseThrow();
        }
        StoredCertificate cert = repository.lock(ref.ca(), ref.serial())
                .filter(c -> c.kind() == StoredCertificate.Kind.HOLDER && c.issued())
                .orElseThrow(() -> new CertificateRequestRejectedException("certificate " + ref + " was not issued by this CA"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        StoredCertificate after = cert;
        switch (op) {
            case REVOKE -> {
                if (cert.state() != State.REVOKED) {
                    after = apply(cert, State.REVOKED, now, reason, requestId, cert.holdReleasedAt());
                    log.info("Revoked {} ({}) by request {}", ref, reason, requestId);
                }
            }
            case HOLD -> {
                if (cert.state() == State.REVOKED) {
                    throw new CertificateRequestRejectedException("certificate " + ref + " is revoked: it cannot be put on hold");
                }
                if (cert.state() == State.GOOD) {
                    after = apply(cert, State.ON_HOLD, now, RevocationReason.CERTIFICATE_HOLD, requestId, cert.holdReleasedAt());
                    log.info("Put {} on hold by request {}", ref, requestId);
                }
            }
            case RELEASE -> {
                if (cert.state() == State.REVOKED) {
                    throw new CertificateRequestRejectedException("certificate " + ref + " is revoked: a revocation cannot be released");
                }
                if (cert.state() == State.ON_HOLD) {
                    after = apply(cert, State.GOOD, null, null, null, now);
                    log.info("Released the hold on {} by request {}", ref, requestId);
                }
            }
        }
        repository.insertStatusRequest(new StatusRequest(requestId, op, ref.ca(), ref.serial(), reason, now));
        return after;
    }

    private StoredCertificate apply(StoredCertificate c, State state, Instant revokedAt, RevocationReason reason,
                                    String revocationRequestId, Instant holdReleasedAt) {
        long seq = repository.nextStatusVersion(c.scope());
        repository.updateStatus(c.ca(), c.serial(), state, revokedAt, reason, revocationRequestId, holdReleasedAt, seq);
        return withStatus(c, state, revokedAt, reason, revocationRequestId, holdReleasedAt, seq);
    }

    /**
     * Set-wise: one transaction for the whole batch, a handful of statements (the request ids performed already, the
     * certificates locked in serial order, one status-version bump per CRL scope, the updates and the request rows as
     * JDBC batches) instead of a transaction per certificate. The outcome is what {@link #revoke} would give one by one.
     */
    @Override
    public List<Revocation> revokeAll(List<RevocationOrder> orders) {
        if (orders == null) {
            throw new CertificateRequestRejectedException("no revocation orders");
        }
        for (RevocationOrder order : orders) {
            if (order == null) {
                throw new CertificateRequestRejectedException("a revocation order is missing");
            }
            requireRequestId(order.requestId());
            CertificateRef ref = order.certificate();
            if (ref == null || ref.ca() == null || ref.serial() == null) {
                throw new CertificateRequestRejectedException("no certificate reference in request " + order.requestId());
            }
            if (order.reason() == null) {
                throw new CertificateRequestRejectedException("a revocation reason is required (request " + order.requestId() + ")");
            }
            if (order.reason() == RevocationReason.CERTIFICATE_HOLD || order.reason() == RevocationReason.REMOVE_FROM_CRL) {
                throw new CertificateRequestRejectedException(order.reason() + " is not a revocation: use placeOnHold / releaseHold");
            }
        }
        if (orders.isEmpty()) {
            return List.of();
        }
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    return repository.inTransaction(() -> applyRevocations(orders));
                } catch (CertificateRepository.DuplicateException e) {
                    if (attempt >= 2) {
                        throw new CertificateAuthorityException("a batch of " + orders.size() + " revocations keeps colliding", e);
                    }
                    // some of the same request ids performed concurrently: the next pass finds them done
                }
            }
        } finally {
            Map<IssuingCa, List<BigInteger>> byCa = new EnumMap<>(IssuingCa.class);
            for (RevocationOrder order : orders) {
                byCa.computeIfAbsent(order.certificate().ca(), ca -> new ArrayList<>()).add(order.certificate().serial());
            }
            byCa.forEach(statusListener::statusChanged);
        }
    }

    private List<Revocation> applyRevocations(List<RevocationOrder> orders) {
        Map<String, StatusRequest> done = new HashMap<>();
        for (StatusRequest d : repository.findStatusRequests(orders.stream().map(RevocationOrder::requestId).distinct().toList())) {
            done.put(d.requestId(), d);
        }
        Map<String, RevocationOrder> byRequest = new HashMap<>();
        Map<IssuingCa, List<BigInteger>> toLock = new EnumMap<>(IssuingCa.class);
        for (RevocationOrder order : orders) {
            RevocationOrder same = byRequest.putIfAbsent(order.requestId(), order);
            if (same != null && !same.equals(order)) {
                throw new CertificateRequestRejectedException("request id " + order.requestId() + " is used twice in the batch");
            }
            StatusRequest d = done.get(order.requestId());
            if (d != null && (d.operation() != Operation.REVOKE || d.ca() != order.certificate().ca()
                    || !d.serial().equals(order.certificate().serial()) || d.reason() != order.reason())) {
                throw new CertificateRequestRejectedException("request id " + order.requestId() + " was already used for "
                        + d.operation() + " of " + new CertificateRef(d.ca(), d.serial()));
            }
            toLock.computeIfAbsent(order.certificate().ca(), ca -> new ArrayList<>()).add(order.certificate().serial());
        }
        Map<CertificateRef, StoredCertificate> certs = new HashMap<>();
        toLock.forEach((ca, serials) -> repository.lockAll(ca, serials)
                .forEach(c -> certs.put(new CertificateRef(c.ca(), c.serial()), c)));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // what each certificate becomes, in order: a second order for a certificate finds it revoked by the first
        Map<CertificateRef, StoredCertificate> after = new LinkedHashMap<>();
        Map<CrlScope, List<CertificateRef>> changedByScope = new LinkedHashMap<>();
        List<StatusRequest> performed = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (RevocationOrder order : orders) {
            CertificateRef ref = order.certificate();
            StoredCertificate cert = after.containsKey(ref) ? after.get(ref) : certs.get(ref);
            if (cert == null || cert.kind() != StoredCertificate.Kind.HOLDER || !cert.issued()) {
                throw new CertificateRequestRejectedException("certificate " + ref + " was not issued by this CA");
            }
            if (done.containsKey(order.requestId()) || !recorded.add(order.requestId())) {
                continue;
            }
            if (cert.state() != State.REVOKED) {
                after.put(ref, withStatus(cert, State.REVOKED, now, order.reason(), order.requestId(), cert.holdReleasedAt(), 0));
                changedByScope.computeIfAbsent(cert.scope(), scope -> new ArrayList<>()).add(ref);
            }
            performed.add(new StatusRequest(order.requestId(), Operation.REVOKE, ref.ca(), ref.serial(), order.reason(), now));
        }
        List<StatusChange> changes = new ArrayList<>();
        // each scope's versions for this batch, taken at once: delta CRLs read the changes after a version
        Map<CrlScope, Integer> counts = new HashMap<>();
        changedByScope.forEach((scope, refs) -> counts.put(scope, refs.size()));
        Map<CrlScope, Long> lastVersions = changedByScope.isEmpty() ? Map.of() : repository.nextStatusVersions(counts);
        changedByScope.forEach((scope, refs) -> {
            long seq = lastVersions.get(scope) - refs.size();
            for (CertificateRef ref : refs) {
                StoredCertificate c = after.get(ref);
                seq++;
                after.put(ref, withStatus(c, c.state(), c.revokedAt(), c.reason(), c.revocationRequestId(), c.holdReleasedAt(), seq));
                changes.add(new StatusChange(c.ca(), c.serial(), c.state(), c.revokedAt(), c.reason(), c.revocationRequestId(),
                        c.holdReleasedAt(), seq));
            }
        });
        if (!changes.isEmpty()) {
            repository.updateStatuses(changes);
        }
        if (!performed.isEmpty()) {
            repository.insertStatusRequests(performed);
        }
        if (!changes.isEmpty()) {
            log.info("Revoked {} certificates in a batch of {} requests", changes.size(), orders.size());
        }
        List<Revocation> revocations = new ArrayList<>(orders.size());
        for (RevocationOrder order : orders) {
            StoredCertificate c = after.containsKey(order.certificate()) ? after.get(order.certificate()) : certs.get(order.certificate());
            revocations.add(new Revocation(c.revocationRequestId(), order.certificate(), c.reason(), c.revokedAt()));
        }
        return revocations;
    }

    private static StoredCertificate withStatus(StoredCertificate c, State state, Instant revokedAt, RevocationReason reason,
                                                String revocationRequestId, Instant holdReleasedAt, long seq) {
        return new StoredCertificate(c.ca(), c.serial(), c.requestId(), c.requestHash(), c.kind(), c.profile(), c.partition(),
                c.holderRef(), c.notBefore(), c.notAfter(), c.issuedAt(), state, revokedAt, reason, revocationRequestId,
                holdReleasedAt, seq, c.der());
    }

    // ---------------------------------------------------------------- queries

    @Override
    public CertificateStatus status(CertificateRef ref) {
        if (ref == null || ref.ca() == null || ref.serial() == null) {
            throw new CertificateRequestRejectedException("no certificate reference");
        }
        return repository.find(ref.ca(), ref.serial())
                .filter(c -> c.kind() == StoredCertificate.Kind.HOLDER && c.issued())
                .map(c -> new CertificateStatus(ref, state(c), c.profile(), c.holderRef(), c.notAfter(), c.revokedAt(), c.reason()))
                .orElse(CertificateStatus.unknown(ref));
    }

    private CertificateStatus.State state(StoredCertificate c) {
        return switch (c.state()) {
            case RESERVED -> CertificateStatus.State.UNKNOWN;          // never delivered
            case REVOKED -> CertificateStatus.State.REVOKED;
            case ON_HOLD -> c.notAfter().isBefore(clock.instant()) ? CertificateStatus.State.EXPIRED : CertificateStatus.State.ON_HOLD;
            case GOOD -> c.notAfter().isBefore(clock.instant()) ? CertificateStatus.State.EXPIRED : CertificateStatus.State.GOOD;
        };
    }

    @Override
    public CardCertificateCheck checkCardCertificate(X509Certificate cardCertificate) {
        if (cardCertificate == null) {
            throw new CertificateRequestRejectedException("no card certificate");
        }
        Instant notAfter = cardCertificate.getNotAfter().toInstant();
        CardCertificateCheck unknown = new CardCertificateCheck(CardCertificateCheck.Status.UNKNOWN, null, notAfter, null);
        IssuingCa ca = null;
        for (IssuingCa candidate : IssuingCa.values()) {
            X509Certificate caCert = keys.ca(candidate).certificate();
            if (caCert.getSubjectX500Principal().equals(cardCertificate.getIssuerX500Principal())) {
                try {
                    cardCertificate.verify(caCert.getPublicKey());
                    ca = candidate;
                } catch (Exception e) {
                    return unknown;                                  // right name, wrong signature: not ours
                }
            }
        }
        if (ca == null) {
            return unknown;
        }
        Optional<StoredCertificate> stored = repository.find(ca, cardCertificate.getSerialNumber());
        if (stored.isEmpty() || !Arrays.equals(stored.get().der(), CertificateProfiles.encoded(cardCertificate))) {
            return unknown;
        }
        StoredCertificate c = stored.get();
        if (c.kind() != StoredCertificate.Kind.HOLDER || c.profile().medium() != CertificateMedium.CARD) {
            throw new CertificateRequestRejectedException("certificate " + new CertificateRef(ca, c.serial())
                    + " is a " + (c.profile() == null ? "CA-internal" : c.profile().name()) + " certificate, not a card certificate");
        }
        CardCertificateCheck.Status status = switch (state(c)) {
            case GOOD -> CardCertificateCheck.Status.GOOD;
            case ON_HOLD -> CardCertificateCheck.Status.ON_HOLD;
            case REVOKED -> CardCertificateCheck.Status.REVOKED;
            case EXPIRED -> CardCertificateCheck.Status.EXPIRED;
            case UNKNOWN -> CardCertificateCheck.Status.UNKNOWN;
        };
        return new CardCertificateCheck(status, c.holderRef(), c.notAfter(), new CertificateRef(ca, c.serial()));
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return List.of(keys.ca(IssuingCa.SIGNING).certificate(), keys.ca(IssuingCa.USER_AUTH).certificate());
    }

    // ---------------------------------------------------------------- helpers

    private static void requireRequestId(String requestId) {
        if (blank(requestId) || requestId.length() > MAX_REQUEST_ID) {
            throw new CertificateRequestRejectedException("a request id of 1.." + MAX_REQUEST_ID + " characters is required");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static BigInteger smallPrimeProduct() {
        BigInteger p = BigInteger.ONE;
        for (int i = 3; i < 1000; i += 2) {
            if (BigInteger.valueOf(i).isProbablePrime(30)) {
                p = p.multiply(BigInteger.valueOf(i));
            }
        }
        return p;
    }
}
