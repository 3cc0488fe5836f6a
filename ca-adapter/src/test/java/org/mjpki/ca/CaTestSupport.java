package org.mjpki.ca;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.mjpki.ca.config.CaConfiguration;
import org.mjpki.ca.config.CaProperties;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.CertificateProfiles;
import org.mjpki.ca.embedded.CrlService;
import org.mjpki.ca.embedded.EmbeddedCertificateAuthority;
import org.mjpki.ca.embedded.KeyStorage;
import org.mjpki.ca.embedded.SigningBudget;
import org.mjpki.ca.embedded.OcspResponder;
import org.mjpki.ca.embedded.PreproducedOcspResponses;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.ca.embedded.StatusVersionWatch;
import org.mjpki.ca.keys.JcaKeyStorage;
import org.mjpki.ca.persistence.CaSchema;
import org.mjpki.ca.persistence.JdbcCertificateRepository;
import org.mjpki.testsupport.PostgresTestDatabase;

/** The embedded CA wired by hand on a real database, shared by the tests of one JVM. */
public final class CaTestSupport {
    public static final String KEYSTORE_PASSWORD = "test-only-" + UUID.randomUUID();

    public final CaProperties properties;
    public final CaPolicy policy;
    public final DataSource dataSource;
    public final JdbcCertificateRepository repository;
    public final CaKeyRing keys;
    public final EmbeddedCertificateAuthority ca;
    public final CrlService crls;
    public final OcspResponder ocsp;
    public final PreproducedOcspResponses preproduced;
    /** Other nodes' status changes: polled by hand ({@code statusWatch.poll()}) where a test needs it. */
    public final StatusVersionWatch statusWatch;
    public final MutableClock clock = new MutableClock();
    public final CertificateProfiles profiles;

    private static CaTestSupport postgres;
    private static final List<KeyPair> KEY_POOL = new ArrayList<>();
    private static final AtomicInteger NEXT_KEY = new AtomicInteger();
    private final Path keyStore;
    private final SerialNumberPolicy serials;
    private final UnaryOperator<KeyStorage> wrap;

    private CaTestSupport(DataSource dataSource, CaProperties properties, Path keyStore, SerialNumberPolicy serials,
                          UnaryOperator<KeyStorage> wrap) {
        this.properties = properties;
        this.keyStore = keyStore;
        this.serials = serials;
        this.wrap = wrap;
        this.policy = CaConfiguration.policyOf(properties);
        this.dataSource = dataSource;
        this.repository = new JdbcCertificateRepository(dataSource, new CaSchema(dataSource));
        this.profiles = new CertificateProfiles(policy);
        KeyStorage storage = wrap.apply(JcaKeyStorage.pkcs12(keyStore, KEYSTORE_PASSWORD.toCharArray()));
        this.keys = CaKeyRing.open(storage, true, policy, profiles, serials, repository, clock);
        // refreshes run on the thread of the request that finds a response old: a test sees their outcome at once
        this.preproduced = new PreproducedOcspResponses(policy, keys, repository, clock,
                properties.getOcsp().getRefreshAfter(), properties.getOcsp().getCacheMaxSize().toBytes(), Runnable::run);
        this.statusWatch = new StatusVersionWatch(repository, preproduced);
        this.ca = new EmbeddedCertificateAuthority(policy, profiles, keys, repository, serials, clock, preproduced);
        this.crls = new CrlService(policy, keys, repository, clock);
        // a budget no test exhausts by accident; OcspNonceTest makes its own
        this.ocsp = new OcspResponder(policy, keys, repository, clock, preproduced, new SigningBudget("nonce", 1_000_000),
                new SigningBudget("on-demand", 1_000_000));
    }

    /**
     * Another engine node of the same CA: its own repository, pre-produced responses and clock over the same database
     * and key store, as a second JVM would have.
     */
    public CaTestSupport otherNode() {
        return new CaTestSupport(dataSource, properties, keyStore, serials, wrap);
    }

    /** The shared CA on the shared PostgreSQL test database. */
    public static synchronized CaTestSupport postgres() {
        if (postgres == null) {
            PostgresTestDatabase db = PostgresTestDatabase.shared();
            postgres = create(pool(db.jdbcUrl(), db.username(), db.password()), defaults(), null);
        }
        return postgres;
    }

    /** A separate CA (own key store) on a data source, with given properties and serial policy (null: the real one). */
    public static CaTestSupport create(DataSource dataSource, CaProperties properties, SerialNumberPolicy serials) {
        return create(dataSource, properties, serials, UnaryOperator.identity());
    }

    /** As {@link #create(DataSource, CaProperties, SerialNumberPolicy)}, with the key storage wrapped (to watch signatures). */
    public static CaTestSupport create(DataSource dataSource, CaProperties properties, SerialNumberPolicy serials,
                                       UnaryOperator<KeyStorage> wrap) {
        try {
            Path dir = Files.createTempDirectory("mjpki-ca-test");
            dir.toFile().deleteOnExit();
            CaPolicy policy = CaConfiguration.policyOf(properties);
            return new CaTestSupport(dataSource, properties, dir.resolve("ca-keys.p12"),
                    serials != null ? serials : new SerialNumberPolicy(new SecureRandom(), policy.serialBytes()), wrap);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CaProperties defaults() {
        CaProperties p = new CaProperties();
        p.getSmartphone().setCrlPartitions(8);
        p.getCard().setCrlPartitions(2);
        return p;
    }

    public static HikariDataSource pool(String url, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(12);
        c.setMinimumIdle(1);                 // many of these live in one test JVM: keep PostgreSQL's connection slots free
        return new HikariDataSource(c);
    }

    // ------------------------------------------------------------ helpers

    public static synchronized KeyPair rsaKey() {
        if (KEY_POOL.size() < 12) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KEY_POOL.add(g.generateKeyPair());
                return KEY_POOL.get(KEY_POOL.size() - 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return KEY_POOL.get(NEXT_KEY.getAndIncrement() % KEY_POOL.size());
    }

    public static Holder holder() {
        return new Holder("holder-" + UUID.randomUUID(), "山田 太郎", LocalDate.of(1985, 4, 1), "1", "東京都千代田区千代田1-1");
    }

    public Instant notAfter() {
        return clock.instant().plus(Duration.ofDays(5 * 365)).truncatedTo(ChronoUnit.SECONDS);
    }

    public IssueRequest request(CertificateProfile profile) {
        return new IssueRequest("req-" + UUID.randomUUID(), profile, rsaKey().getPublic(), holder(), notAfter());
    }

    public IssuedCertificate issue(CertificateProfile profile) {
        return ca.issue(request(profile));
    }

    public static X509CRL crl(byte[] der) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String id() {
        return "req-" + UUID.randomUUID();
    }

    /** A clock the tests can move. */
    public static final class MutableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        public void advance(Duration d) { offset.updateAndGet(o -> o.plus(d)); }
        public void reset() { offset.set(Duration.ZERO); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset.get()); }
    }
}
