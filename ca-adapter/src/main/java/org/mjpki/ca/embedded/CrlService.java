package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CrlPublisher;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.ca.embedded.PublishedCrl.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Complete and delta CRLs, one pair per CA, medium and partition.
 *
 * <ul>
 *   <li>CRL numbers come from the partition's row in the database: strictly increasing, shared
 *       by its complete and delta CRLs (RFC 5280 5.2.3), whichever node generates them.</li>
 *   <li>Every partition has a status version, bumped in the same transaction as each status
 *       change; a CRL records the version it reflects. A request regenerates a CRL whose
 *       version is behind (the complete CRL at most every {@code full-min-interval}) or that
 *       is three quarters through its validity; {@link #republishAll()} regenerates all.</li>
 *   <li>The delta CRL lists every certificate changed since its base's version: revoked and
 *       held ones with their reason, released holds as removeFromCRL (RFC 5280 5.3.1).</li>
 *   <li>The issuing distribution point (critical) names the partition's URL, exactly as the
 *       certificates' CRL distribution point does; onlyContainsUserCerts.</li>
 *   <li>Revoked entries stay until one CRL validity after the certificate's notAfter.</li>
 * </ul>
 * The newest CRLs are kept in memory and in the database; if the database is unreachable a
 * CRL still within its nextUpdate is served from memory. {@code ca.crl} keeps the newest complete and delta CRL
 * of each partition, plus the records of superseded ones for {@code crl.history-retention}.
 */
public final class CrlService implements CrlPublisher {
    private static final Logger log = LoggerFactory.getLogger(CrlService.class);

    private final CaPolicy policy;
    private final CaKeyRing keys;
    private final CertificateRepository repository;
    private final Clock clock;
    private final Map<String, PublishedCrl> cache = new ConcurrentHashMap<>();
    private final Map<CrlScope, Object> locks = new ConcurrentHashMap<>();

    public CrlService(CaPolicy policy, CaKeyRing keys, CertificateRepository repository, Clock clock) {
        this.policy = policy;
        this.keys = keys;
        this.repository = repository;
        this.clock = clock;
        repository.ensureScopes(configuredScopes());
    }

    /** The scopes the configured partition counts name (more may exist from earlier configurations). */
    public List<CrlScope> configuredScopes() {
        List<CrlScope> scopes = new ArrayList<>();
        for (IssuingCa ca : IssuingCa.values()) {
            for (CertificateMedium m : CertificateMedium.values()) {
                for (int p = 0; p < policy.partitions(m); p++) {
                    scopes.add(new CrlScope(ca, m, p));
                }
            }
        }
        return scopes;
    }

    /** The current CRL of the kind for a scope, generated if needed; empty when the scope does not exist. */
    public Optional<PublishedCrl> current(CrlScope scope, Kind kind) {
        Instant now = clock.instant();
        CertificateRepository.ScopeState state;
        try {
            Optional<CertificateRepository.ScopeState> s = repository.scopeState(scope);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            state = s.get();
        } catch (RuntimeException e) {
            PublishedCrl cached = cache.get(key(scope, kind));
            if (cached != null && now.isBefore(cached.nextUpdate())) {
                log.warn("CA database unreachable ({}); serving the cached {} CRL {} of {}", e.getClass().getSimpleName(),
                        kind, cached.crlNumber(), scope);
                return Optional.of(cached);
            }
            throw new CertificateAuthorityException("CRL of " + scope + " cannot be produced: database unreachable", e);
        }
        PublishedCrl full = latest(scope, Kind.FULL);
        if (!fullFresh(full, state, now)) {
            synchronized (lock(scope)) {
                full = latest(scope, Kind.FULL);
                if (!fullFresh(full, repository.scopeState(scope).orElseThrow(), clock.instant())) {
                    full = generate(scope, Kind.FULL, null);
                }
            }
        }
        if (kind == Kind.FULL) {
            return Optional.of(full);
        }
        PublishedCrl delta = latest(scope, Kind.DELTA);
        if (!deltaFresh(delta, full, state, now)) {
            synchronized (lock(scope)) {
                delta = latest(scope, Kind.DELTA);
                if (!deltaFresh(delta, full, repository.scopeState(scope).orElseThrow(), clock.instant())) {
                    delta = generate(scope, Kind.DELTA, full);
                }
            }
        }
        return Optional.of(delta);
    }

    @Override
    public int republishAll() {
        Instant started = clock.instant();
        // the scheduled republication is also when delegated OCSP signers are renewed before they expire
        keys.renewDueOcspSigners();
        repository.ensureScopes(configuredScopes());
        repository.recountLive(started.minus(policy.crlValidity()));
        int published = 0;
        for (CrlScope scope : repository.scopes()) {
            synchronized (lock(scope)) {
                PublishedCrl full = generate(scope, Kind.FULL, null);
                generate(scope, Kind.DELTA, full);
                published += 2;
            }
        }
        // the records of superseded CRLs are audit history only; without this ca.crl grows by every republication
        int pruned = repository.inTransaction(() -> repository.pruneCrls(started.minus(policy.crlHistoryRetention())));
        log.info("Republished {} CRLs in {} ms; {} records of superseded CRLs older than {} deleted", published,
                Duration.between(started, clock.instant()).toMillis(), pruned, policy.crlHistoryRetention());
        return published;
    }

    private boolean fullFresh(PublishedCrl full, CertificateRepository.ScopeState state, Instant now) {
        return full != null && now.isBefore(refreshPoint(full))
                && (full.statusVersion() == state.statusVersion()
                    || now.isBefore(full.thisUpdate().plus(policy.fullCrlMinInterval())));
    }

    private boolean deltaFresh(PublishedCrl delta, PublishedCrl full, CertificateRepository.ScopeState state, Instant now) {
        return delta != null && delta.baseCrlNumber() != null && delta.baseCrlNumber() == full.crlNumber()
                && delta.statusVersion() == state.statusVersion() && now.isBefore(refreshPoint(delta));
    }

    private static Instant refreshPoint(PublishedCrl crl) {
        Duration validity = Duration.between(crl.thisUpdate(), crl.nextUpdate());
        return crl.thisUpdate().plus(validity.multipliedBy(3).dividedBy(4));
    }

    /** The newest CRL of the kind, from memory when the database has nothing newer. */
    private PublishedCrl latest(CrlScope scope, Kind kind) {
        String key = key(scope, kind);
        PublishedCrl cached = cache.get(key);
        Optional<PublishedCrl> meta = repository.latestCrl(scope, kind, false);
        if (meta.isEmpty()) {
            return null;
        }
        if (cached != null && cached.crlNumber() >= meta.get().crlNumber()) {
            return cached;
        }
        PublishedCrl loaded = repository.latestCrl(scope, kind, true).orElse(null);
        if (loaded != null && loaded.der() != null) {
            cache.merge(key, loaded, (a, b) -> a.crlNumber() >= b.crlNumber() ? a : b);
        }
        return loaded;
    }

    /** Generates, signs, records and caches a new CRL. */
    PublishedCrl generate(CrlScope scope, Kind kind, PublishedCrl base) {
        long started = System.nanoTime();
        long version = repository.scopeState(scope).orElseThrow().statusVersion();   // read before the entries
        long number = repository.inTransaction(() -> repository.nextCrlNumber(scope));
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(kind == Kind.FULL ? policy.crlValidity() : policy.deltaCrlValidity());
        Instant keepFrom = thisUpdate.minus(policy.crlValidity());
        SigningKey ca = keys.ca(scope.ca());
        CrlEncoder encoder = new CrlEncoder(ca.certificateHolder().getSubject(), Date.from(thisUpdate), Date.from(nextUpdate));
        repository.inTransaction(() -> {
            if (kind == Kind.FULL) {
                repository.streamRevoked(scope, keepFrom, e -> add(encoder, e));
            } else {
                repository.streamChanged(scope, base.statusVersion(), keepFrom, e -> add(encoder, e));
            }
            return null;
        });
        byte[] der = encoder.sign(extensions(scope, kind, number, base), ca.newSigner());
        PublishedCrl crl = new PublishedCrl(scope, kind, number, kind == Kind.DELTA ? base.crlNumber() : null, version,
                thisUpdate, nextUpdate, encoder.count(), der);
        repository.inTransaction(() -> {
            repository.saveCrl(crl);
            return null;
        });
        cache.merge(key(scope, kind), crl, (a, b) -> a.crlNumber() >= b.crlNumber() ? a : b);
        log.debug("Published {} CRL {} of {}: {} entries, {} bytes, {} ms", kind, number, scope, encoder.count(), der.length,
                (System.nanoTime() - started) / 1_000_000);
        return crl;
    }

    private static void add(CrlEncoder encoder, CertificateRepository.CrlEntry e) {
        switch (e.state()) {
            case REVOKED, ON_HOLD -> encoder.add(e.serial(), Date.from(e.revokedAt()),
                    e.reason() == null ? -1 : e.reason().code());
            case GOOD -> {
                if (e.holdReleasedAt() != null) {
                    encoder.add(e.serial(), Date.from(e.holdReleasedAt()), RevocationReason.REMOVE_FROM_CRL.code());
                }
            }
        }
    }

    private Extensions extensions(CrlScope scope, Kind kind, long number, PublishedCrl base) {
        try {
            ExtensionsGenerator g = new ExtensionsGenerator();
            g.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(keys.ca(scope.ca()).certificate().getPublicKey()));
            g.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            g.addExtension(Extension.issuingDistributionPoint, true, new IssuingDistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            policy.crlUrl(scope)))), true, false, null, false, false));
            if (kind == Kind.FULL) {
                g.addExtension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                                GeneralName.uniformResourceIdentifier, policy.deltaCrlUrl(scope)))), null, null)}));
            } else {
                g.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(base.crlNumber()));
            }
            return g.generate();
        } catch (Exception e) {
            throw new CertificateAuthorityException("cannot encode CRL extensions", e);
        }
    }

    private Object lock(CrlScope scope) {
        return locks.computeIfAbsent(scope, s -> new Object());
    }

    private static String key(CrlScope scope, Kind kind) {
        return scope + "/" + kind;
    }
}
