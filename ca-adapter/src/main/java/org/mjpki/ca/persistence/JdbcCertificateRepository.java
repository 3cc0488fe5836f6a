package org.mjpki.ca.persistence;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.ca.embedded.CertificateRepository;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.PublishedCrl;
import org.mjpki.ca.embedded.StatusVersionWatch;
import org.mjpki.ca.embedded.StoredCertificate;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code ca} schema through Spring's JdbcTemplate (plain SQL that runs on PostgreSQL and H2).
 * Its transactions are its own ({@code REQUIRES_NEW} on the application's DataSource): what the CA
 * signed is recorded whatever the caller's transaction does afterwards. Database failures become
 * {@link CertificateAuthorityException} (retryable).
 */
public final class JdbcCertificateRepository implements CertificateRepository {
    private static final String CERT_COLUMNS = "issuing_ca, serial, request_id, request_hash, kind, profile, medium, "
            + "crl_partition, holder_ref, not_before, not_after, issued_at, status, revoked_at, revocation_reason, "
            + "revocation_request_id, hold_released_at, status_seq, der";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate tx;
    /** PostgreSQL: each status change notifies {@link StatusVersionWatch#CHANNEL} as it commits (ADR 0030). */
    private final boolean notifies;

    public JdbcCertificateRepository(DataSource dataSource, CaSchema schema) {
        if (schema == null) {
            throw new IllegalArgumentException("the ca schema must be migrated first");
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(10_000);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        boolean[] postgresAndReadCommitted = connectionDefaults(dataSource);
        this.notifies = postgresAndReadCommitted[0];
        // READ COMMITTED, which the CA's statements are written for: asked for only where the pool's connections do not
        // have it already, since Spring then asks each connection for its level first (a round trip on PostgreSQL's
        // driver, as often as the CA begins a transaction)
        if (!postgresAndReadCommitted[1]) {
            this.tx.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        }
    }

    /** {is PostgreSQL, connections are READ COMMITTED}. */
    private static boolean[] connectionDefaults(DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return new boolean[] {"PostgreSQL".equals(c.getMetaData().getDatabaseProductName()),
                    c.getTransactionIsolation() == java.sql.Connection.TRANSACTION_READ_COMMITTED};
        } catch (SQLException e) {
            throw new CertificateAuthorityException("cannot reach the CA database: " + e.getMessage(), e);
        }
    }

    /** Wakes every node's status watch once this transaction commits (nothing is sent if it rolls back). */
    private void notifyStatusChange() {
        if (notifies) {
            jdbc.execute("NOTIFY " + StatusVersionWatch.CHANNEL);
        }
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        try {
            return tx.execute(status -> work.get());
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("unique constraint", e);
        } catch (DataAccessException e) {
            throw failure(e);
        } catch (org.springframework.transaction.TransactionException e) {
            throw new CertificateAuthorityException("CA database transaction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredCertificate> findByRequestId(String requestId) {
        return query("SELECT " + CERT_COLUMNS + " FROM ca.certificate WHERE request_id = ?", CERTIFICATE, requestId);
    }

    @Override
    public Optional<StoredCertificate> find(IssuingCa ca, BigInteger serial) {
        return query("SELECT " + CERT_COLUMNS + " FROM ca.certificate WHERE issuing_ca = ? AND serial = ?", CERTIFICATE,
                ca.name(), hex(serial));
    }

    @Override
    public Optional<StoredCertificate> lock(IssuingCa ca, BigInteger serial) {
        return query("SELECT " + CERT_COLUMNS + " FROM ca.certificate WHERE issuing_ca = ? AND serial = ? FOR UPDATE",
                CERTIFICATE, ca.name(), hex(serial));
    }

    @Override
    public boolean reservePartitionSlot(CrlScope scope, long max) {
        String sql = "UPDATE ca.crl_scope SET live_count = live_count + 1 "
                + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? AND live_count < ?";
        try {
            if (jdbc.update(sql, scope.ca().name(), scope.medium().name(), scope.partition(), max) == 1) {
                return true;
            }
            if (scopeState(scope).isPresent()) {
                return false;                                 // full
            }
            ensureScopes(List.of(scope));
            return jdbc.update(sql, scope.ca().name(), scope.medium().name(), scope.partition(), max) == 1;
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("unique constraint", e);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public void insert(StoredCertificate c) {
        try {
            jdbc.update("INSERT INTO ca.certificate (" + CERT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    c.ca().name(), hex(c.serial()), c.requestId(), c.requestHash(), c.kind().name(),
                    c.profile() == null ? null : c.profile().name(), c.medium() == null ? null : c.medium().name(),
                    c.partition(), c.holderRef(), ts(c.notBefore()), ts(c.notAfter()), ts(c.issuedAt()), c.state().name(),
                    ts(c.revokedAt()), c.reason() == null ? null : c.reason().name(), c.revocationRequestId(),
                    ts(c.holdReleasedAt()), c.statusSeq(), c.der());
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("certificate request id or serial taken", e);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<StoredCertificate> lockByRequestId(String requestId) {
        return query("SELECT " + CERT_COLUMNS + " FROM ca.certificate WHERE request_id = ? FOR UPDATE", CERTIFICATE, requestId);
    }

    @Override
    public void recordSigned(IssuingCa ca, BigInteger serial, byte[] der) {
        try {
            int n = jdbc.update("UPDATE ca.certificate SET der = ?, status = 'GOOD' WHERE issuing_ca = ? AND serial = ? "
                    + "AND status = 'RESERVED'", der, ca.name(), hex(serial));
            if (n != 1) {
                throw new CertificateAuthorityException("certificate " + ca + ":" + hex(serial) + " is not reserved: not recorded");
            }
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<byte[]> anySignedBy(IssuingCa ca) {
        return query("SELECT der FROM ca.certificate WHERE issuing_ca = ? AND kind IN ('HOLDER', 'OCSP_SIGNER') "
                + "AND der IS NOT NULL FETCH FIRST 1 ROWS ONLY", (rs, i) -> rs.getBytes(1), ca.name());
    }

    @Override
    public Optional<IssuingKey> issuingKey(IssuingCa ca) {
        return query("SELECT public_key_sha256, serial, subject, recorded_at FROM ca.issuing_key WHERE issuing_ca = ?",
                (rs, i) -> new IssuingKey(ca, rs.getString(1), new BigInteger(rs.getString(2), 16), rs.getString(3),
                        instant(rs, 4)), ca.name());
    }

    @Override
    public void insertIssuingKey(IssuingKey k) {
        try {
            jdbc.update("INSERT INTO ca.issuing_key (issuing_ca, public_key_sha256, serial, subject, recorded_at) "
                    + "VALUES (?,?,?,?,?)", k.ca().name(), k.publicKeySha256(), hex(k.serial()), k.subject(), ts(k.recordedAt()));
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("issuing key of " + k.ca() + " recorded already", e);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public long nextStatusVersion(CrlScope scope) {
        return increment(scope, "status_version");
    }

    @Override
    public long nextCrlNumber(CrlScope scope) {
        return increment(scope, "last_crl_number");
    }

    private long increment(CrlScope scope, String column) {
        try {
            int n = jdbc.update("UPDATE ca.crl_scope SET " + column + " = " + column + " + 1 "
                    + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ?",
                    scope.ca().name(), scope.medium().name(), scope.partition());
            if (n != 1) {
                throw new CertificateAuthorityException("no CRL scope " + scope);
            }
            return jdbc.queryForObject("SELECT " + column + " FROM ca.crl_scope "
                    + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ?", Long.class,
                    scope.ca().name(), scope.medium().name(), scope.partition());
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public void updateStatus(IssuingCa ca, BigInteger serial, StoredCertificate.State state, Instant revokedAt,
                             RevocationReason reason, String revocationRequestId, Instant holdReleasedAt, long statusSeq) {
        try {
            notifyStatusChange();
            jdbc.update("UPDATE ca.certificate SET status = ?, revoked_at = ?, revocation_reason = ?, "
                    + "revocation_request_id = ?, hold_released_at = ?, status_seq = ? WHERE issuing_ca = ? AND serial = ?",
                    state.name(), ts(revokedAt), reason == null ? null : reason.name(), revocationRequestId,
                    ts(holdReleasedAt), statusSeq, ca.name(), hex(serial));
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<StatusRequest> findStatusRequest(String requestId) {
        return query("SELECT request_id, operation, issuing_ca, serial, reason, performed_at FROM ca.status_request "
                + "WHERE request_id = ?", STATUS_REQUEST, requestId);
    }

    @Override
    public void insertStatusRequest(StatusRequest r) {
        try {
            jdbc.update("INSERT INTO ca.status_request (request_id, operation, issuing_ca, serial, reason, performed_at) "
                    + "VALUES (?,?,?,?,?,?)", r.requestId(), r.operation().name(), r.ca().name(), hex(r.serial()),
                    r.reason() == null ? null : r.reason().name(), ts(r.performedAt()));
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("status request id taken", e);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public List<StatusRequest> findStatusRequests(Collection<String> requestIds) {
        List<StatusRequest> found = new ArrayList<>();
        for (List<String> chunk : chunks(new ArrayList<>(requestIds))) {
            try {
                // the ids as one array joined with the table, not an IN list: a prepared statement's generic plan
                // compares every row with every listed value when the table's statistics still call it small (a
                // table that grew by a 100,000-certificate sweep: 0.7 s a batch of 500); a join hashes or probes
                String[] ids = chunk.toArray(String[]::new);
                found.addAll(jdbc.query("SELECT request_id, operation, issuing_ca, serial, reason, performed_at FROM ca.status_request "
                        + "WHERE request_id IN (SELECT r.id FROM UNNEST(CAST(? AS VARCHAR ARRAY)) AS r (id))",
                        ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", ids)), STATUS_REQUEST));
            } catch (DataAccessException e) {
                throw failure(e);
            }
        }
        return found;
    }

    @Override
    public List<StoredCertificate> lockAll(IssuingCa ca, Collection<BigInteger> serials) {
        List<String> hexes = serials.stream().map(JdbcCertificateRepository::hex).sorted().distinct().toList();
        List<StoredCertificate> locked = new ArrayList<>();
        for (List<String> chunk : chunks(hexes)) {
            Object[] args = new Object[chunk.size() + 1];
            args[0] = ca.name();
            for (int i = 0; i < chunk.size(); i++) {
                args[i + 1] = chunk.get(i);
            }
            try {
                locked.addAll(jdbc.query("SELECT " + CERT_COLUMNS + " FROM ca.certificate WHERE issuing_ca = ? AND serial IN ("
                        + placeholders(chunk.size()) + ") ORDER BY serial FOR UPDATE", CERTIFICATE, args));
            } catch (DataAccessException e) {
                throw failure(e);
            }
        }
        return locked;
    }

    /** The CRL scopes of one CA and medium: one statement each in {@link #nextStatusVersions}, in this order. */
    private record CaAndMedium(IssuingCa ca, CertificateMedium medium) implements Comparable<CaAndMedium> {
        @Override
        public int compareTo(CaAndMedium other) {
            int byCa = ca.compareTo(other.ca);
            return byCa != 0 ? byCa : medium.compareTo(other.medium);
        }
    }

    @Override
    public Map<CrlScope, Long> nextStatusVersions(Map<CrlScope, Integer> counts) {
        Map<CaAndMedium, Map<Integer, Integer>> byCaAndMedium = new java.util.TreeMap<>();
        counts.forEach((scope, count) -> {
            if (count == null || count < 1) {
                throw new IllegalArgumentException("a positive count is required for " + scope);
            }
            byCaAndMedium.computeIfAbsent(new CaAndMedium(scope.ca(), scope.medium()), k -> new java.util.TreeMap<>())
                    .put(scope.partition(), count);
        });
        Map<CrlScope, Long> last = new java.util.HashMap<>();
        try {
            // in a fixed order (CA, medium, partition), so that two batches lock the scope rows without deadlocking
            for (Map.Entry<CaAndMedium, Map<Integer, Integer>> group : byCaAndMedium.entrySet()) {
                IssuingCa ca = group.getKey().ca();
                CertificateMedium medium = group.getKey().medium();
                Map<Integer, Integer> partitions = group.getValue();
                List<Object> args = new ArrayList<>();
                StringBuilder cases = new StringBuilder();
                for (Map.Entry<Integer, Integer> p : partitions.entrySet()) {
                    cases.append(" WHEN ? THEN ?");
                    args.add(p.getKey());
                    args.add(p.getValue());
                }
                args.add(ca.name());
                args.add(medium.name());
                args.addAll(partitions.keySet());
                int n = jdbc.update("UPDATE ca.crl_scope SET status_version = status_version + CASE crl_partition" + cases
                        + " END WHERE issuing_ca = ? AND medium = ? AND crl_partition IN (" + placeholders(partitions.size()) + ")",
                        args.toArray());
                if (n != partitions.size()) {
                    throw new CertificateAuthorityException("a CRL scope of " + ca + "/" + medium + " is missing");
                }
                List<Object> keys = new ArrayList<>(List.of(ca.name(), medium.name()));
                keys.addAll(partitions.keySet());
                jdbc.query("SELECT crl_partition, status_version FROM ca.crl_scope WHERE issuing_ca = ? AND medium = ? "
                        + "AND crl_partition IN (" + placeholders(partitions.size()) + ")", rs -> {
                            last.put(new CrlScope(ca, medium, rs.getInt(1)), rs.getLong(2));
                        }, keys.toArray());
            }
        } catch (DataAccessException e) {
            throw failure(e);
        }
        return last;
    }

    @Override
    public void updateStatuses(List<StatusChange> changes) {
        try {
            notifyStatusChange();
            jdbc.batchUpdate("UPDATE ca.certificate SET status = ?, revoked_at = ?, revocation_reason = ?, "
                    + "revocation_request_id = ?, hold_released_at = ?, status_seq = ? WHERE issuing_ca = ? AND serial = ?",
                    changes.stream().map(c -> new Object[] {c.state().name(), ts(c.revokedAt()),
                            c.reason() == null ? null : c.reason().name(), c.revocationRequestId(), ts(c.holdReleasedAt()),
                            c.statusSeq(), c.ca().name(), hex(c.serial())}).toList());
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public void insertStatusRequests(List<StatusRequest> requests) {
        try {
            jdbc.batchUpdate("INSERT INTO ca.status_request (request_id, operation, issuing_ca, serial, reason, performed_at) "
                    + "VALUES (?,?,?,?,?,?)", requests.stream().map(r -> new Object[] {r.requestId(), r.operation().name(),
                    r.ca().name(), hex(r.serial()), r.reason() == null ? null : r.reason().name(), ts(r.performedAt())}).toList());
        } catch (DuplicateKeyException e) {
            throw new DuplicateException("status request id taken", e);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    /** IN lists of at most this many values: well inside every driver's parameter limit. */
    private static final int IN_LIST = 1000;

    private static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += IN_LIST) {
            chunks.add(values.subList(i, Math.min(values.size(), i + IN_LIST)));
        }
        return chunks;
    }

    private static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    @Override
    public void ensureScopes(Collection<CrlScope> scopes) {
        try {
            Set<CrlScope> existing = new HashSet<>(scopes());
            for (CrlScope s : scopes) {
                if (!existing.contains(s)) {
                    try {
                        jdbc.update("INSERT INTO ca.crl_scope (issuing_ca, medium, crl_partition, live_count, status_version, "
                                + "last_crl_number) VALUES (?,?,?,0,0,0)", s.ca().name(), s.medium().name(), s.partition());
                    } catch (DuplicateKeyException raced) {
                        // created concurrently by another node
                    }
                }
            }
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public List<CrlScope> scopes() {
        try {
            return jdbc.query("SELECT issuing_ca, medium, crl_partition FROM ca.crl_scope ORDER BY issuing_ca, medium, crl_partition",
                    (rs, i) -> new CrlScope(IssuingCa.valueOf(rs.getString(1)), CertificateMedium.valueOf(rs.getString(2)),
                            rs.getInt(3)));
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<ScopeState> scopeState(CrlScope s) {
        return query("SELECT live_count, status_version, last_crl_number FROM ca.crl_scope "
                + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ?",
                (rs, i) -> new ScopeState(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                s.ca().name(), s.medium().name(), s.partition());
    }

    @Override
    public void streamRevoked(CrlScope s, Instant notAfterFrom, Consumer<CrlEntry> sink) {
        stream("SELECT serial, status, revoked_at, revocation_reason, hold_released_at FROM ca.certificate "
                + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? AND status IN ('REVOKED', 'ON_HOLD') "
                + "AND not_after > ?", sink, s.ca().name(), s.medium().name(), s.partition(), ts(notAfterFrom));
    }

    @Override
    public void streamChanged(CrlScope s, long afterVersion, Instant notAfterFrom, Consumer<CrlEntry> sink) {
        stream("SELECT serial, status, revoked_at, revocation_reason, hold_released_at FROM ca.certificate "
                + "WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? AND status_seq > ? "
                + "AND (status IN ('REVOKED', 'ON_HOLD') OR (status = 'GOOD' AND hold_released_at IS NOT NULL)) "
                + "AND not_after > ?",
                sink, s.ca().name(), s.medium().name(), s.partition(), afterVersion, ts(notAfterFrom));
    }

    @Override
    public Map<CrlScope, Long> statusVersions() {
        try {
            Map<CrlScope, Long> versions = new java.util.HashMap<>();
            jdbc.query("SELECT issuing_ca, medium, crl_partition, status_version FROM ca.crl_scope", rs -> {
                versions.put(new CrlScope(IssuingCa.valueOf(rs.getString(1)), CertificateMedium.valueOf(rs.getString(2)),
                        rs.getInt(3)), rs.getLong(4));
            });
            return versions;
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public void streamChangedSerials(CrlScope s, long afterVersion, Consumer<BigInteger> sink) {
        try {
            streaming.query("SELECT serial FROM ca.certificate WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? "
                    + "AND status_seq > ?", rs -> {
                        sink.accept(new BigInteger(rs.getString(1), 16));
                    }, s.ca().name(), s.medium().name(), s.partition(), afterVersion);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    private void stream(String sql, Consumer<CrlEntry> sink, Object... args) {
        try {
            streaming.query(sql, rs -> {
                String reason = rs.getString(4);
                sink.accept(new CrlEntry(new BigInteger(rs.getString(1), 16), StoredCertificate.State.valueOf(rs.getString(2)),
                        instant(rs, 3), reason == null ? null : RevocationReason.valueOf(reason), instant(rs, 5)));
            }, args);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public void saveCrl(PublishedCrl c) {
        CrlScope s = c.scope();
        try {
            jdbc.update("INSERT INTO ca.crl (issuing_ca, medium, crl_partition, crl_number, kind, base_crl_number, "
                    + "status_version, this_update, next_update, entries, der) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    s.ca().name(), s.medium().name(), s.partition(), c.crlNumber(), c.kind().name(), c.baseCrlNumber(),
                    c.statusVersion(), ts(c.thisUpdate()), ts(c.nextUpdate()), c.entries(), c.der());
            jdbc.update("UPDATE ca.crl SET der = NULL WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? "
                    + "AND kind = ? AND crl_number < ? AND der IS NOT NULL",
                    s.ca().name(), s.medium().name(), s.partition(), c.kind().name(), c.crlNumber());
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public int pruneCrls(Instant before) {
        // saveCrl keeps the DER of the newest CRL of each kind only: a row with DER is never a superseded one
        try {
            return jdbc.update("DELETE FROM ca.crl WHERE der IS NULL AND this_update < ?", ts(before));
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<PublishedCrl> latestCrl(CrlScope s, PublishedCrl.Kind kind, boolean withDer) {
        return query("SELECT crl_number, base_crl_number, status_version, this_update, next_update, entries, "
                + (withDer ? "der" : "NULL") + " FROM ca.crl WHERE issuing_ca = ? AND medium = ? AND crl_partition = ? "
                + "AND kind = ? ORDER BY crl_number DESC FETCH FIRST 1 ROWS ONLY",
                (rs, i) -> {
                    long base = rs.getLong(2);
                    Long baseNumber = rs.wasNull() ? null : base;
                    return new PublishedCrl(s, kind, rs.getLong(1), baseNumber, rs.getLong(3), instant(rs, 4),
                            instant(rs, 5), rs.getLong(6), withDer ? rs.getBytes(7) : null);
                }, s.ca().name(), s.medium().name(), s.partition(), kind.name());
    }

    @Override
    public void recountLive(Instant notAfterFrom) {
        try {
            jdbc.update("UPDATE ca.crl_scope s SET live_count = (SELECT COUNT(*) FROM ca.certificate c "
                    + "WHERE c.issuing_ca = s.issuing_ca AND c.medium = s.medium AND c.crl_partition = s.crl_partition "
                    + "AND c.not_after > ?)", ts(notAfterFrom));
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    // ---------------------------------------------------------------- mapping

    private static final RowMapper<StatusRequest> STATUS_REQUEST = (rs, i) -> new StatusRequest(rs.getString(1),
            StatusRequest.Operation.valueOf(rs.getString(2)), IssuingCa.valueOf(rs.getString(3)),
            new BigInteger(rs.getString(4), 16), rs.getString(5) == null ? null : RevocationReason.valueOf(rs.getString(5)),
            instant(rs, 6));

    private static final RowMapper<StoredCertificate> CERTIFICATE = (rs, i) -> {
        String profile = rs.getString("profile");
        String reason = rs.getString("revocation_reason");
        return new StoredCertificate(IssuingCa.valueOf(rs.getString("issuing_ca")), new BigInteger(rs.getString("serial"), 16),
                rs.getString("request_id"), rs.getString("request_hash"), StoredCertificate.Kind.valueOf(rs.getString("kind")),
                profile == null ? null : CertificateProfile.valueOf(profile), rs.getInt("crl_partition"),
                rs.getString("holder_ref"), instant(rs, "not_before"), instant(rs, "not_after"), instant(rs, "issued_at"),
                StoredCertificate.State.valueOf(rs.getString("status")), instant(rs, "revoked_at"),
                reason == null ? null : RevocationReason.valueOf(reason), rs.getString("revocation_request_id"),
                instant(rs, "hold_released_at"), rs.getLong("status_seq"), rs.getBytes("der"));
    };

    private <T> Optional<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try {
            List<T> rows = jdbc.query(sql, mapper, args);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    static String hex(BigInteger serial) {
        return serial.toString(16).toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static CertificateAuthorityException failure(DataAccessException e) {
        return new CertificateAuthorityException("CA database failure: " + e.getMostSpecificCause().getClass().getSimpleName(), e);
    }
}
