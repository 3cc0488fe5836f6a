package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;

/** Persistence port of the embedded CA (the {@code ca} schema). */
public interface CertificateRepository {

    /** Thrown by inserts that hit a unique constraint (request id or serial). */
    final class DuplicateException extends RuntimeException {
        public DuplicateException(String message, Throwable cause) { super(message, cause); }
    }

    /** Runs {@code work} in a new transaction, committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Supplier<T> work);

    Optional<StoredCertificate> findByRequestId(String requestId);

    Optional<StoredCertificate> find(IssuingCa ca, BigInteger serial);

    /** Like {@link #find}, and locks the row until the transaction ends. */
    Optional<StoredCertificate> lock(IssuingCa ca, BigInteger serial);

    /** Counts one more unexpired certificate in the partition, unless it already holds {@code max}. */
    boolean reservePartitionSlot(CrlScope scope, long max);

    /** @throws DuplicateException when the request id or the (CA, serial) is taken */
    void insert(StoredCertificate certificate);

    /** Like {@link #findByRequestId}, and locks the row until the transaction ends (the one signing of a reservation). */
    Optional<StoredCertificate> lockByRequestId(String requestId);

    /** Completes a {@link StoredCertificate.State#RESERVED} row with the signed certificate (status GOOD). */
    void recordSigned(IssuingCa ca, BigInteger serial, byte[] der);

    /** One certificate (holder or OCSP signer) recorded as signed by the CA, to check a key against older records. */
    Optional<byte[]> anySignedBy(IssuingCa ca);

    /** The key the CA's records belong to; empty before the first start against this schema. */
    Optional<IssuingKey> issuingKey(IssuingCa ca);

    /** @throws DuplicateException when the CA's key was recorded already (concurrently, by another node) */
    void insertIssuingKey(IssuingKey key);

    /** Takes the next status version of the scope (locks the scope row until the transaction ends). */
    long nextStatusVersion(CrlScope scope);

    void updateStatus(IssuingCa ca, BigInteger serial, StoredCertificate.State state, Instant revokedAt,
                      RevocationReason reason, String revocationRequestId, Instant holdReleasedAt, long statusSeq);

    Optional<StatusRequest> findStatusRequest(String requestId);

    // ---- set-wise, for batches (a few statements per batch, not per certificate)

    /** The status requests among these ids that were performed already. */
    List<StatusRequest> findStatusRequests(Collection<String> requestIds);

    /** Like {@link #lock} for many certificates of one CA, locked in serial order (two batches cannot deadlock). */
    List<StoredCertificate> lockAll(IssuingCa ca, Collection<BigInteger> serials);

    /**
     * Takes the next {@code count} status versions of each scope (its value) and returns the last one taken per scope;
     * locks the scope rows until the transaction ends. One statement per CA and medium, not per scope.
     */
    Map<CrlScope, Long> nextStatusVersions(Map<CrlScope, Integer> counts);

    /** One certificate's new status ({@link #updateStatus}'s arguments). */
    record StatusChange(IssuingCa ca, BigInteger serial, StoredCertificate.State state, Instant revokedAt,
                        RevocationReason reason, String revocationRequestId, Instant holdReleasedAt, long statusSeq) {}

    /** {@link #updateStatus} for many certificates, in one round trip. */
    void updateStatuses(List<StatusChange> changes);

    /** @throws DuplicateException when a request id is taken */
    void insertStatusRequests(List<StatusRequest> requests);

    /** @throws DuplicateException when the request id is taken */
    void insertStatusRequest(StatusRequest request);

    /** Creates the scope rows that do not exist yet. */
    void ensureScopes(Collection<CrlScope> scopes);

    List<CrlScope> scopes();

    Optional<ScopeState> scopeState(CrlScope scope);

    /** Takes the next CRL number of the scope (shared by its complete and delta CRLs). */
    long nextCrlNumber(CrlScope scope);

    /** Every revoked or held certificate of the scope whose notAfter is after {@code notAfterFrom}. */
    void streamRevoked(CrlScope scope, Instant notAfterFrom, Consumer<CrlEntry> sink);

    /** Every certificate of the scope changed after status version {@code afterVersion} (notAfter after {@code notAfterFrom}). */
    void streamChanged(CrlScope scope, long afterVersion, Instant notAfterFrom, Consumer<CrlEntry> sink);

    /** Every scope's status version, in one statement. */
    Map<CrlScope, Long> statusVersions();

    /** The serial of every certificate of the scope whose status changed after status version {@code afterVersion}. */
    void streamChangedSerials(CrlScope scope, long afterVersion, Consumer<BigInteger> sink);

    void saveCrl(PublishedCrl crl);

    /**
     * Deletes the records of superseded CRLs published before {@code before}; the newest complete and delta CRL of
     * each scope (the ones whose DER is kept) are never deleted. Returns how many went.
     */
    int pruneCrls(Instant before);

    /** The newest CRL of the kind, with its DER when {@code withDer}. */
    Optional<PublishedCrl> latestCrl(CrlScope scope, PublishedCrl.Kind kind, boolean withDer);

    /** Recomputes each scope's count of unexpired certificates (notAfter after {@code notAfterFrom}). */
    void recountLive(Instant notAfterFrom);

    /**
     * The key a CA's records belong to.
     *
     * @param publicKeySha256 lowercase hex SHA-256 of the CA's SubjectPublicKeyInfo
     * @param serial          its CA certificate (a row of kind CA)
     */
    record IssuingKey(IssuingCa ca, String publicKeySha256, BigInteger serial, String subject, Instant recordedAt) {}

    /** A scope's counters. */
    record ScopeState(long liveCount, long statusVersion, long lastCrlNumber) {}

    /** A status request already performed. */
    record StatusRequest(String requestId, Operation operation, IssuingCa ca, BigInteger serial,
                         RevocationReason reason, Instant performedAt) {
        public enum Operation { REVOKE, HOLD, RELEASE }
    }

    /**
     * One CRL entry as read from the database.
     * @param state REVOKED, ON_HOLD, or GOOD (a released hold: removeFromCRL at {@code holdReleasedAt})
     */
    record CrlEntry(BigInteger serial, StoredCertificate.State state, Instant revokedAt, RevocationReason reason,
                    Instant holdReleasedAt) {}
}
