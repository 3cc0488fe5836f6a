package org.mjpki.linked.crl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.mjpki.ca.RevocationReason;
import org.mjpki.ca.crl.InvalidCrlException;
import org.mjpki.ca.crl.StreamingCrlReader;
import org.mjpki.linked.CardRevocationFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.mjpki.registry.linked.LinkedRevocationFindings;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The card statuses of a card CA other than the embedded one, from its CRLs (RFC 5280): the complete CRL and, when
 * configured, its delta CRL, fetched over HTTP and read as a stream with {@link StreamingCrlReader}, so that a CRL of
 * millions of entries never sits in memory.
 *
 * <p>Each CRL is first written to a private temporary file (bounded by {@link Limits#maxCrlBytes}), then read twice:
 * once to check its signature against the trust anchor and learn its CRL number (which DER puts after the entries),
 * and only then once more to record findings. So an unauthentic, truncated or already processed CRL records nothing,
 * and the database is never written while the network is slow.
 *
 * <p>Entries are recorded in batches of {@link Limits#batchSize}: one set-based statement per batch joins its serials
 * with the registry's live links to this CA and inserts the findings not recorded yet. The statement is the same on
 * PostgreSQL and H2 2.x (the embedded default). A card on hold (certificateHold) or released (removeFromCRL) is not
 * revoked and is never followed.
 */
public final class CrlCardRevocationFeed implements CardRevocationFeed {

    /**
     * @param batchSize        CRL entries joined per statement
     * @param maxCrlBytes      the largest CRL downloaded; a larger answer is refused
     * @param readTimeout      the longest wait for the answer's headers and then between two reads of its body
     * @param downloadTimeout  the longest one download may take in all
     */
    public record Limits(int batchSize, long maxCrlBytes, Duration readTimeout, Duration downloadTimeout) {

        public static final int DEFAULT_BATCH_SIZE = 10_000;
        public static final long DEFAULT_MAX_CRL_BYTES = 512L * 1024 * 1024;
        public static final Limits DEFAULT = new Limits(DEFAULT_BATCH_SIZE, DEFAULT_MAX_CRL_BYTES,
                Duration.ofSeconds(60), Duration.ofMinutes(30));

        public Limits {
            // bounded: one batch's serials are held in memory
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("the CRL batch size must be 1..100000, not " + batchSize);
            }
            if (maxCrlBytes < 1) {
                throw new IllegalArgumentException("the largest CRL must be at least one byte");
            }
            requirePositive(readTimeout, "read timeout");
            requirePositive(downloadTimeout, "download timeout");
        }

        public Limits withBatchSize(int size) {
            return new Limits(size, maxCrlBytes, readTimeout, downloadTimeout);
        }

        public Limits withMaxCrlBytes(long bytes) {
            return new Limits(batchSize, bytes, readTimeout, downloadTimeout);
        }

        private static void requirePositive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("the CRL " + what + " must be positive");
            }
        }
    }

    /** A CRL that could not be used: not fetched, not authentic, malformed, or not what its URL should serve. */
    public static final class CrlFeedException extends RuntimeException {
        CrlFeedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final String NAME_PREFIX = "crl:";

    private static final Logger log = LoggerFactory.getLogger(CrlCardRevocationFeed.class);

    /**
     * One statement per batch: the batch's serials and reasons arrive as two arrays and are joined, set-wise, with the
     * live links to this CA; the ledger records those not found before ({@link LinkedRevocationFindings}, whose
     * statement takes the time found and the feed's name as its first two parameters). {@code UNNEST} of two arrays
     * with a derived column list and {@code CAST(? AS VARCHAR ARRAY)} are standard SQL that PostgreSQL and H2 2.x both
     * read, so no vendor variant is needed.
     */
    private static final String BATCH_CANDIDATES = """
            SELECT l.credential_set_id, l.key_role, l.card_issuing_ca, l.card_serial, b.card_reason
              FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY)) AS b (card_serial, card_reason)
              JOIN registry.card_certificate_link l ON l.card_issuing_ca = ? AND l.card_serial = b.card_serial
              JOIN registry.credential_set s ON s.credential_set_id = l.credential_set_id
              JOIN registry.credential_set_key k ON k.credential_set_id = l.credential_set_id AND k.key_role = l.key_role
             WHERE s.state IN ('ACTIVE', 'ON_HOLD') AND k.revoked_at IS NULL
            """;

    /** The links' serial column holds 40 hex digits (RFC 5280: at most 20 octets); a longer serial cannot match. */
    private static final int MAX_SERIAL_HEX = 40;
    private static final int CERTIFICATE_HOLD = RevocationReason.CERTIFICATE_HOLD.code();
    private static final int REMOVE_FROM_CRL = RevocationReason.REMOVE_FROM_CRL.code();

    /** One daemon thread for every download's watchdog: a stalled body read is ended by closing its stream. */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private enum Kind {
        COMPLETE("complete CRL"), DELTA("delta CRL");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final String issuingCa;
    private final String name;
    private final PublicKey issuerKey;
    /** The trust anchor's subject when a certificate was given: the CRL must name it as its issuer. */
    private final X500Name issuerName;
    private final URI completeUrl;
    private final URI deltaUrl;
    private final HttpClient http;
    private final JdbcTemplate jdbc;
    private final LinkedRevocationFindings findings;
    private final Limits limits;
    private final AtomicLong statements = new AtomicLong();

    // the CRL numbers last recorded in full by this instance; guarded by this
    private BigInteger lastCompleteNumber;
    private BigInteger lastDeltaNumber;

    /** With the default limits (batches of 10,000 entries, CRLs up to 512 MB). */
    public CrlCardRevocationFeed(String issuingCa, X509Certificate caCertificate, URI completeUrl, URI deltaUrl,
                                 HttpClient http, JdbcTemplate jdbc) {
        this(issuingCa, caCertificate, completeUrl, deltaUrl, http, jdbc, Limits.DEFAULT);
    }

    /** With the default limits but the batch size. */
    public CrlCardRevocationFeed(String issuingCa, X509Certificate caCertificate, URI completeUrl, URI deltaUrl,
                                 HttpClient http, JdbcTemplate jdbc, int batchSize) {
        this(issuingCa, caCertificate, completeUrl, deltaUrl, http, jdbc, Limits.DEFAULT.withBatchSize(batchSize));
    }

    /**
     * @param issuingCa     the card CA's name as the registry's links spell it (card_certificate_link.card_issuing_ca)
     * @param caCertificate the trust anchor: the CA certificate whose key signs the CRLs and whose subject issues them
     * @param deltaUrl      the delta CRL, or {@code null} when the CA publishes none
     */
    public CrlCardRevocationFeed(String issuingCa, X509Certificate caCertificate, URI completeUrl, URI deltaUrl,
                                 HttpClient http, JdbcTemplate jdbc, Limits limits) {
        this(issuingCa, Objects.requireNonNull(caCertificate, "caCertificate").getPublicKey(),
                X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()), completeUrl, deltaUrl, http,
                jdbc, limits);
        boolean[] keyUsage = caCertificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 6 || !keyUsage[6])) {
            throw new IllegalArgumentException("the certificate of card CA " + issuingCa + " may not sign CRLs");
        }
    }

    /** With the trust anchor's public key only: the CRL's issuer name is then not compared. */
    public CrlCardRevocationFeed(String issuingCa, PublicKey caKey, URI completeUrl, URI deltaUrl, HttpClient http,
                                 JdbcTemplate jdbc, Limits limits) {
        this(issuingCa, caKey, null, completeUrl, deltaUrl, http, jdbc, limits);
    }

    private CrlCardRevocationFeed(String issuingCa, PublicKey caKey, X500Name issuerName, URI completeUrl, URI deltaUrl,
                                  HttpClient http, JdbcTemplate jdbc, Limits limits) {
        if (issuingCa == null || issuingCa.isBlank() || issuingCa.length() > 64) {
            throw new IllegalArgumentException("the card issuing CA name must be 1..64 characters, as the links spell it");
        }
        this.issuingCa = issuingCa;
        this.name = NAME_PREFIX + issuingCa;
        if (name.length() > 64) {
            // found_by is 64 characters wide
            throw new IllegalArgumentException("the feed name " + name + " is longer than 64 characters");
        }
        this.issuerKey = Objects.requireNonNull(caKey, "caKey");
        this.issuerName = issuerName;
        this.completeUrl = httpUrl(completeUrl, "complete CRL URL");
        this.deltaUrl = deltaUrl == null ? null : httpUrl(deltaUrl, "delta CRL URL");
        this.http = Objects.requireNonNull(http, "http");
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.findings = new LinkedRevocationFindings(jdbc);
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The complete CRL, then the delta CRL; each skipped when its CRL number is not newer than what this instance
     * recorded already. Synchronized: the remembered numbers must be those of CRLs recorded in full.
     *
     * @throws CrlFeedException naming the CRL's URL when a CRL cannot be used; nothing of that CRL was recorded then,
     *                          unless the database failed midway (what was recorded before is true: its CRL had verified)
     */
    @Override
    public synchronized long recordNewlyRevokedLinks(Instant foundAt) {
        Objects.requireNonNull(foundAt, "foundAt");
        long found = process(Kind.COMPLETE, completeUrl, foundAt);
        if (deltaUrl != null) {
            found += process(Kind.DELTA, deltaUrl, foundAt);
        }
        return found;
    }

    /** Reads the complete (and delta) CRL again whatever this instance recorded already: nothing found twice. */
    @Override
    public synchronized long reconcileLinks(Instant foundAt) {
        lastCompleteNumber = null;
        lastDeltaNumber = null;
        return recordNewlyRevokedLinks(foundAt);
    }

    /** SQL statements this instance ran to record findings: one per batch (for tests of the batching). */
    long statements() {
        return statements.get();
    }

    private long process(Kind kind, URI url, Instant foundAt) {
        String where = kind.label + " " + describe(url);
        Path spool = download(url, where);
        try {
            StreamingCrlReader.Summary summary = read(spool, where, entry -> {});
            check(kind, summary, where);
            if (!isNew(kind, summary)) {
                log.debug("{} of {}: number {} recorded already, skipped", where, issuingCa, summary.crlNumber());
                return 0;
            }
            Batches batches = new Batches(foundAt, where);
            StreamingCrlReader.Summary again = read(spool, where, batches);
            if (!summary.equals(again)) {
                throw new CrlFeedException(where + " changed between its two reads", null);
            }
            try {
                batches.flush();
            } catch (RecordingFailed e) {
                throw recordingFailed(where, e);
            }
            remember(kind, summary);
            log.info("{} of {}: number {}, {} entries, {} new findings in {} statements", where, issuingCa,
                    summary.crlNumber(), summary.entries(), batches.found, batches.statements);
            return batches.found;
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                log.warn("{}: the temporary copy {} could not be deleted: {}", where, spool, e.getMessage());
            }
        }
    }

    /** A complete CRL at the complete URL, a delta at the delta URL, and issued by the trust anchor's subject. */
    private void check(Kind kind, StreamingCrlReader.Summary summary, String where) {
        if (kind == Kind.COMPLETE && summary.isDelta()) {
            throw new CrlFeedException(where + " is a delta CRL (deltaCRLIndicator), not a complete one", null);
        }
        if (kind == Kind.DELTA && !summary.isDelta()) {
            throw new CrlFeedException(where + " is not a delta CRL (no deltaCRLIndicator)", null);
        }
        if (issuerName != null && !issuerName.equals(summary.issuer())) {
            throw new CrlFeedException(where + " is issued by " + summary.issuer() + ", not by the configured CA "
                    + issuerName, null);
        }
        // a stale CRL (past its nextUpdate) is still read: each revocation it lists is true, and newer ones come later
    }

    /**
     * A CRL without a number is always read (recording is idempotent). A delta is new only past both the complete CRL
     * and the delta recorded last: complete and delta CRLs share one numbering (RFC 5280 §5.2.3), so a delta not past
     * the complete CRL says nothing the complete one did not.
     */
    private boolean isNew(Kind kind, StreamingCrlReader.Summary summary) {
        BigInteger number = summary.crlNumber();
        if (number == null) {
            return true;
        }
        if (kind == Kind.COMPLETE) {
            return lastCompleteNumber == null || number.compareTo(lastCompleteNumber) > 0;
        }
        return (lastDeltaNumber == null || number.compareTo(lastDeltaNumber) > 0)
                && (lastCompleteNumber == null || number.compareTo(lastCompleteNumber) > 0);
    }

    private void remember(Kind kind, StreamingCrlReader.Summary summary) {
        if (summary.crlNumber() == null) {
            return;
        }
        if (kind == Kind.COMPLETE) {
            lastCompleteNumber = summary.crlNumber();
        } else {
            lastDeltaNumber = summary.crlNumber();
        }
    }

    private StreamingCrlReader.Summary read(Path spool, String where, Consumer<StreamingCrlReader.Entry> entries) {
        try (InputStream in = Files.newInputStream(spool)) {
            return StreamingCrlReader.read(in, issuerKey, entries);
        } catch (InvalidCrlException e) {
            throw new CrlFeedException(where + " is unusable: " + e.getMessage(), e);
        } catch (RecordingFailed e) {
            throw recordingFailed(where, e);
        } catch (IOException e) {
            throw new CrlFeedException(where + ": its temporary copy cannot be read: " + e.getMessage(), e);
        }
    }

    /** The entries of a verified CRL, gathered into batches that are recorded one statement each. */
    private final class Batches implements Consumer<StreamingCrlReader.Entry> {
        private final Timestamp foundAt;
        private final String where;
        // serial → reason; a serial listed twice is joined once, or the statement would insert its finding twice
        private final Map<String, String> batch;
        long found;
        long statements;

        Batches(Instant foundAt, String where) {
            this.foundAt = Timestamp.from(foundAt);
            this.where = where;
            this.batch = new LinkedHashMap<>(limits.batchSize() * 4 / 3 + 1);
        }

        @Override
        public void accept(StreamingCrlReader.Entry entry) {
            Integer code = entry.reasonCode();
            if (code != null && (code == CERTIFICATE_HOLD || code == REMOVE_FROM_CRL)) {
                return; // a hold is not a revocation, and a release even less
            }
            String serial = entry.serial().toString(16);
            if (serial.length() > MAX_SERIAL_HEX) {
                return;
            }
            batch.putIfAbsent(serial, reasonName(code));
            if (batch.size() >= limits.batchSize()) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            String[] serials = batch.keySet().toArray(new String[0]);
            String[] reasons = batch.values().toArray(new String[0]);
            batch.clear();
            try {
                found += recordBatch(serials, reasons);
            } catch (RuntimeException e) {
                // the reader reports an IllegalArgument- or IllegalStateException as a malformed CRL: this is not one
                throw new RecordingFailed(e);
            }
        }

        private int recordBatch(String[] serials, String[] reasons) {
            try {
                return insert(serials, reasons);
            } catch (DuplicateKeyException raced) {
                // another sweep recorded some of these findings meanwhile (H2; PostgreSQL skips them); committed now, seen
                log.debug("{}: a batch met findings recorded concurrently, run again", where);
                return insert(serials, reasons);
            }
        }

        private int insert(String[] serials, String[] reasons) {
            statements++;
            CrlCardRevocationFeed.this.statements.incrementAndGet();
            return jdbc.update(findings.statement(BATCH_CANDIDATES), ps -> {
                Array serialArray = ps.getConnection().createArrayOf("varchar", serials);
                Array reasonArray = ps.getConnection().createArrayOf("varchar", reasons);
                ps.setTimestamp(1, foundAt);
                ps.setString(2, name);
                ps.setArray(3, serialArray);
                ps.setArray(4, reasonArray);
                ps.setString(5, issuingCa);
            });
        }
    }

    /** The database's own message stays in the cause: it may quote a set's key, which is no message for a log line. */
    private static CrlFeedException recordingFailed(String where, RecordingFailed e) {
        return new CrlFeedException(where + ": its findings could not be recorded ("
                + e.getCause().getClass().getSimpleName() + "); those of earlier batches stay", e.getCause());
    }

    /** Carries a database failure out of the CRL reader unchanged. */
    private static final class RecordingFailed extends RuntimeException {
        RecordingFailed(RuntimeException cause) {
            super(cause);
        }
    }

    /** The {@link RevocationReason} name of an entry's reason code; none, or one RFC 5280 does not define: UNSPECIFIED. */
    static String reasonName(Integer code) {
        if (code == null) {
            return RevocationReason.UNSPECIFIED.name();
        }
        for (RevocationReason reason : RevocationReason.values()) {
            if (reason.code() == code) {
                return reason.name();
            }
        }
        return RevocationReason.UNSPECIFIED.name();
    }

    // ------------------------------------------------------------------ download

    /** The CRL at {@code url} written to a private temporary file, bounded in size and time. */
    private Path download(URI url, String where) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(limits.readTimeout())
                .header("Accept", "application/pkix-crl")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new CrlFeedException(where + " did not answer in time (" + e.getMessage() + "; read timeout "
                    + limits.readTimeout() + ")", e);
        } catch (IOException e) {
            throw new CrlFeedException(where + " cannot be fetched: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrlFeedException(where + ": interrupted while fetching", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new CrlFeedException(where + " answered HTTP " + response.statusCode() + ", not 200", null);
            }
            long length = contentLength(response);
            if (length > limits.maxCrlBytes()) {
                throw new CrlFeedException(where + " is " + length + " bytes, more than the largest CRL read ("
                        + limits.maxCrlBytes() + " bytes)", null);
            }
            Path spool = temporaryFile(where);
            try {
                copy(body, spool, where);
                return spool;
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(spool);
                throw e;
            }
        } catch (IOException e) {
            throw new CrlFeedException(where + " could not be read to its end: " + e, e);
        }
    }

    /** The announced length, or -1: a missing or garbled header is not trusted either way, the copy counts bytes. */
    private static long contentLength(HttpResponse<?> response) {
        try {
            return response.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Owner-only (createTempFile's POSIX default): the second read must see the very bytes the first one verified. */
    private static Path temporaryFile(String where) {
        try {
            return Files.createTempFile("mjpki-crl-", ".der");
        } catch (IOException e) {
            throw new CrlFeedException(where + ": no temporary file for it: " + e, e);
        }
    }

    private void copy(InputStream body, Path spool, String where) throws IOException {
        Guard guard = new Guard(body);
        try (OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) >= 0) {
                guard.progress();
                total += n;
                if (total > limits.maxCrlBytes()) {
                    throw new CrlFeedException(where + " is larger than the largest CRL read (" + limits.maxCrlBytes()
                            + " bytes)", null);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            String timedOut = guard.timedOut();
            if (timedOut != null) {
                throw new CrlFeedException(where + " " + timedOut, e);
            }
            throw e;
        } finally {
            guard.stop();
        }
    }

    /** Ends a download that stalls longer than the read timeout, or takes longer than the download timeout. */
    private final class Guard {
        private final InputStream body;
        private final long started = System.nanoTime();
        private volatile long lastProgress = started;
        private volatile String timedOut;
        private final ScheduledFuture<?> checks;

        Guard(InputStream body) {
            this.body = body;
            long period = Math.max(50, Math.min(1_000, limits.readTimeout().toMillis() / 4));
            this.checks = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        void progress() {
            lastProgress = System.nanoTime();
        }

        String timedOut() {
            return timedOut;
        }

        void stop() {
            checks.cancel(false);
        }

        private void check() {
            if (timedOut != null) {
                return; // closed already; stop() ends the checks
            }
            long now = System.nanoTime();
            if (now - lastProgress > limits.readTimeout().toNanos()) {
                timedOut = "sent no data for " + limits.readTimeout();
            } else if (now - started > limits.downloadTimeout().toNanos()) {
                timedOut = "took longer than " + limits.downloadTimeout() + " to download";
            } else {
                return;
            }
            try {
                body.close(); // wakes the blocked read with an IOException
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "mjpki-crl-download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static URI httpUrl(URI url, String what) {
        Objects.requireNonNull(url, what);
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the " + what + " must be http or https: " + describe(url));
        }
        return url;
    }

    /** The URL for messages and logs, without user info or query, which may carry credentials. */
    static String describe(URI url) {
        if (url.getHost() == null) {
            return String.valueOf(url.getScheme()) + ":…";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
