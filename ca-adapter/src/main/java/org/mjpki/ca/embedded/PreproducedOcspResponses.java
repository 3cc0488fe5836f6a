package org.mjpki.ca.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.IssuingCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed OCSP responses kept ready, so that answering a certificate's status costs a lookup, not an RSA signature
 * (ADR 0030). One response per certificate and CertID hash algorithm encoding (SHA-1, RFC 5019's, and SHA-256, with
 * NULL or absent parameters: a response echoes the request's CertID exactly, and the CertID is under the signature).
 *
 * <ul>
 *   <li><b>Produced on first request</b>, from the certificate's row (the database is the truth), and kept in a bounded
 *       cache ({@code ocsp.cache-max-bytes}; least useful evicted first). Only certificates this CA issued are kept: a
 *       CertID of another issuer, a serial never issued or only reserved, a hash algorithm not listed above is never
 *       kept, so no client can fill memory; those are answered on demand by {@link OcspResponder}.</li>
 *   <li><b>Refreshed</b> once older than {@code ocsp.refresh-after} (or signed by a replaced OCSP signer): the request
 *       that finds it so still gets it, and one re-signing runs beside; a response is served only before its
 *       nextUpdate. While the database is away, responses keep being served until then.</li>
 *   <li><b>Invalidated</b> by {@link #statusChanged}: by this node's CA once a change is committed, before the caller
 *       learns of it, so the very next response here shows it; and by {@link StatusVersionWatch} for other nodes'
 *       changes. A response being produced while its certificate changes is never kept past the change: production
 *       runs inside the cache's per-key computation, which an invalidation waits for, and a refresh only replaces the
 *       very response it refreshed.</li>
 * </ul>
 */
public final class PreproducedOcspResponses implements CertificateStatusListener {
    private static final Logger log = LoggerFactory.getLogger(PreproducedOcspResponses.class);
    /** A positive serial of at most 20 octets (RFC 5280 4.1.2.2) has at most 159 bits. */
    static final int MAX_SERIAL_BITS = 20 * 8 - 1;
    /** What a kept response costs beside its bytes: key, entry and the cache's own node, roughly. */
    private static final int ENTRY_OVERHEAD = 200;
    /** A failed refresh (database away) is tried again by a request this much later, not by every request. */
    private static final Duration REFRESH_RETRY = Duration.ofSeconds(5);

    /** The CertID hash algorithm encodings whose responses are kept. */
    enum CertIdForm {
        SHA1_NULL_PARAMETERS(OIWObjectIdentifiers.idSHA1, true),
        SHA1(OIWObjectIdentifiers.idSHA1, false),
        SHA256_NULL_PARAMETERS(NISTObjectIdentifiers.id_sha256, true),
        SHA256(NISTObjectIdentifiers.id_sha256, false);

        private final ASN1ObjectIdentifier oid;
        private final boolean nullParameters;
        final AlgorithmIdentifier algorithm;

        CertIdForm(ASN1ObjectIdentifier oid, boolean nullParameters) {
            this.oid = oid;
            this.nullParameters = nullParameters;
            this.algorithm = nullParameters ? new AlgorithmIdentifier(oid, DERNull.INSTANCE) : new AlgorithmIdentifier(oid);
        }

        static CertIdForm of(AlgorithmIdentifier a) {
            ASN1Encodable parameters = a.getParameters();
            boolean isNull = parameters != null && DERNull.INSTANCE.equals(parameters);
            if (parameters != null && !isNull) {
                return null;
            }
            for (CertIdForm f : values()) {
                if (f.nullParameters == isNull && f.oid.equals(a.getAlgorithm())) {
                    return f;
                }
            }
            return null;
        }
    }

    record Key(IssuingCa ca, BigInteger serial, CertIdForm form) {}

    /** The hashes a CertID of the form carries for a CA: its name's and its key's. */
    private record IssuerHashes(byte[] name, byte[] key) {}

    private static final class Preproduced {
        final byte[] der;
        final CertificateMedium medium;
        final Instant refreshAt;
        final Instant nextUpdate;
        final SigningKey signer;
        /** Epoch millisecond from which a request may start a refresh; pushed on by the one that does. */
        final AtomicLong refreshFrom;

        Preproduced(byte[] der, CertificateMedium medium, Instant refreshAt, Instant nextUpdate, SigningKey signer) {
            this.der = der;
            this.medium = medium;
            this.refreshAt = refreshAt;
            this.nextUpdate = nextUpdate;
            this.signer = signer;
            this.refreshFrom = new AtomicLong(refreshAt.toEpochMilli());
        }
    }

    /** Signing failed on our side (signer, encoder): the responder's internalError, never tryLater. */
    static final class SigningFailed extends RuntimeException {
        SigningFailed(Exception cause) { super(cause); }
    }

    /** How the cache has done since start. */
    public record Stats(long entries, long signed, long served) {}

    private final CaKeyRing keys;
    private final CertificateRepository repository;
    private final Clock clock;
    private final OcspResponseSigner signer;
    private final Executor refresher;
    private final Duration refreshAfter;
    private final Cache<Key, Preproduced> cache;
    private final Map<IssuingCa, Map<CertIdForm, IssuerHashes>> issuers = new EnumMap<>(IssuingCa.class);
    private final LongAdder signed = new LongAdder();
    private final LongAdder served = new LongAdder();

    /**
     * @param refreshAfter  age at which a response is signed anew, shorter than {@code ocsp.validity}
     * @param maxBytes      the most the kept responses may weigh
     * @param refresher     runs refreshes beside the requests
     */
    public PreproducedOcspResponses(CaPolicy policy, CaKeyRing keys, CertificateRepository repository, Clock clock,
                                    Duration refreshAfter, long maxBytes, Executor refresher) {
        if (refreshAfter == null || refreshAfter.isNegative() || refreshAfter.isZero()
                || refreshAfter.compareTo(policy.ocspValidity()) >= 0) {
            throw new IllegalArgumentException("ocsp.refresh-after must be positive and shorter than ocsp.validity ("
                    + policy.ocspValidity() + ")");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("ocsp.cache-max-bytes must be 0 or more");
        }
        this.keys = keys;
        this.repository = repository;
        this.clock = clock;
        this.signer = new OcspResponseSigner(policy, keys);
        this.refresher = refresher;
        this.refreshAfter = refreshAfter;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Preproduced p) -> p.der.length + ENTRY_OVERHEAD)
                // memory hygiene only: whether a response may be served is decided on the CA's clock, below
                .expireAfterWrite(policy.ocspValidity())
                .build();
        try {
            DigestCalculatorProvider digests = signer.digests();
            for (IssuingCa ca : IssuingCa.values()) {
                X509CertificateHolder caCertificate = keys.ca(ca).certificateHolder();
                Map<CertIdForm, IssuerHashes> forms = new EnumMap<>(CertIdForm.class);
                for (CertIdForm form : CertIdForm.values()) {
                    CertID id = new CertificateID(digests.get(form.algorithm), caCertificate, BigInteger.ONE).toASN1Primitive();
                    forms.put(form, new IssuerHashes(id.getIssuerNameHash().getOctets(), id.getIssuerKeyHash().getOctets()));
                }
                issuers.put(ca, forms);
            }
        } catch (OperatorCreationException | OCSPException e) {
            throw new IllegalStateException("SHA-1 and SHA-256 must be available", e);
        }
    }

    /**
     * The pre-produced response to a request for this one CertID at the URL of {@code ca} and {@code medium}, or empty
     * when there is none to give: the CertID names another issuer, uses another hash algorithm, or a serial that is not
     * a certificate this CA issued for this medium. Those are for the caller to answer on demand.
     *
     * @throws SigningFailed                             when a response had to be signed and signing failed
     * @throws org.mjpki.ca.CertificateAuthorityException when one had to be produced and the database is away
     */
    public Optional<byte[]> find(IssuingCa ca, CertificateMedium medium, CertificateID id) {
        Key key = keyOf(ca, id);
        if (key == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Preproduced p = cache.getIfPresent(key);
        if (p == null || !now.isBefore(p.nextUpdate)) {
            if (p != null) {
                cache.asMap().remove(key, p);
            }
            p = cache.get(key, k -> produce(k, now));
            if (p == null) {
                return Optional.empty();
            }
        } else if (!now.isBefore(p.refreshAt) || p.signer != keys.ocspSigner(ca)) {
            refreshIfFirst(key, p, now);
        }
        if (p.medium != medium) {
            return Optional.empty();                       // the other medium's URL: unknown there, answered on demand
        }
        served.increment();
        return Optional.of(p.der);
    }

    @Override
    public void statusChanged(IssuingCa ca, Collection<BigInteger> serials) {
        List<Key> gone = new ArrayList<>(serials.size() * CertIdForm.values().length);
        for (BigInteger serial : serials) {
            for (CertIdForm form : CertIdForm.values()) {
                gone.add(new Key(ca, serial, form));
            }
        }
        cache.invalidateAll(gone);
    }

    public Stats stats() {
        cache.cleanUp();
        return new Stats(cache.estimatedSize(), signed.sum(), served.sum());
    }

    /** The cache key of a CertID naming {@code ca} in a kept form, with a serial a CA may issue; null otherwise. */
    private Key keyOf(IssuingCa ca, CertificateID id) {
        CertID raw = id.toASN1Primitive();
        CertIdForm form = CertIdForm.of(raw.getHashAlgorithm());
        if (form == null) {
            return null;
        }
        IssuerHashes expected = issuers.get(ca).get(form);
        if (!Arrays.equals(expected.name(), raw.getIssuerNameHash().getOctets())
                || !Arrays.equals(expected.key(), raw.getIssuerKeyHash().getOctets())) {
            return null;
        }
        BigInteger serial = raw.getSerialNumber().getValue();
        if (serial.signum() <= 0 || serial.bitLength() > MAX_SERIAL_BITS) {
            return null;
        }
        return new Key(ca, serial, form);
    }

    /** Signs the certificate's response as its row says now; null when it is not a certificate whose response is kept. */
    private Preproduced produce(Key key, Instant now) {
        Optional<StoredCertificate> found = repository.find(key.ca(), key.serial());
        if (found.isEmpty() || found.get().kind() != StoredCertificate.Kind.HOLDER || !found.get().issued()) {
            return null;
        }
        StoredCertificate c = found.get();
        IssuerHashes hashes = issuers.get(key.ca()).get(key.form());
        CertificateID id = new CertificateID(new CertID(key.form().algorithm, new DEROctetString(hashes.name()),
                new DEROctetString(hashes.key()), new ASN1Integer(key.serial())));
        try {
            OcspResponseSigner.Signed s = signer.sign(key.ca(), List.of(new OcspResponseSigner.Answer(id,
                    OcspResponseSigner.statusOf(c))), null, now.truncatedTo(ChronoUnit.SECONDS));
            signed.increment();
            return new Preproduced(s.der(), c.medium(), s.thisUpdate().plus(refreshAfter), s.nextUpdate(), s.signer());
        } catch (OCSPException | OperatorCreationException | IOException e) {
            throw new SigningFailed(e);
        }
    }

    /** Starts one refresh of {@code old} beside the requests, unless one is under way or failed a moment ago. */
    private void refreshIfFirst(Key key, Preproduced old, Instant now) {
        long from = old.refreshFrom.get();
        long nowMillis = now.toEpochMilli();
        if (from == Long.MAX_VALUE || nowMillis < from && old.signer == keys.ocspSigner(key.ca())) {
            return;                                                   // under way, or failed a moment ago
        }
        if (!old.refreshFrom.compareAndSet(from, Long.MAX_VALUE)) {
            return;                                                   // another request started it
        }
        try {
            refresher.execute(() -> {
                try {
                    Preproduced fresh = produce(key, clock.instant());
                    if (fresh == null) {
                        cache.asMap().remove(key, old);
                    } else {
                        cache.asMap().replace(key, old, fresh);       // not if invalidated meanwhile
                    }
                } catch (RuntimeException e) {
                    old.refreshFrom.set(clock.instant().plus(REFRESH_RETRY).toEpochMilli());
                    log.debug("A pre-produced OCSP response could not be refreshed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            old.refreshFrom.set(nowMillis + REFRESH_RETRY.toMillis());
        }
    }
}
