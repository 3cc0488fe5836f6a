package org.mjpki.linked.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.Actor;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.linked.LinkedRevocationPolicy;
import org.mjpki.linked.LinkedRevocations;
import org.mjpki.linked.crl.CrlCardRevocationFeed.CrlFeedException;
import org.mjpki.linked.crl.CrlCardRevocationFeed.Limits;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.Cause;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.linked.LinkedRevocationLedger;
import org.mjpki.registry.migration.RegistrySchema;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * R4 with a card CA that is not the embedded one: its CRLs, built here with Bouncy Castle and served over HTTP, are read
 * as a stream and joined set-wise with the registry's links, on real PostgreSQL. The phone certificates come from the
 * embedded CA; the card certificates exist only as serials in the foreign CA's CRLs. Each test works on sets and serials
 * of its own.
 *
 * <p>No {@code classes}: the test application is found in the parent package ({@code LinkedRevocationTestApplication},
 * package-private there), the same application {@code LinkedRevocationsTest} runs on.
 */
@SpringBootTest(properties = "spring.flyway.enabled=false")
class CrlCardRevocationFeedTest {

    static final String FOREIGN = "FOREIGN-SIGNING";
    /** Another card CA: its links must never be matched by serials of FOREIGN's CRLs. */
    static final String OTHER_CA = "FOREIGN-USER-AUTH";
    static final X500Name ISSUER = new X500Name("CN=Foreign Card Signing CA,O=mjpki test,C=JP");
    static final SecureRandom RANDOM = new SecureRandom();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
        registry.add("mjpki.ca.data-dir", org.mjpki.linked.LinkedRevocationTestApplication.CA_DATA_DIR::toString);
    }

    static KeyPair phoneKey;
    static KeyPair cardCaKey;
    static KeyPair impostorKey;
    static X509Certificate cardCa;
    static HttpServer server;
    static final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeAll
    static void keysCaAndServer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        phoneKey = generator.generateKeyPair();
        cardCaKey = generator.generateKeyPair();
        impostorKey = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ISSUER, BigInteger.ONE,
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)), ISSUER,
                cardCaKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        cardCa = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(cardCaKey.getPrivate())));

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                byte[] body = served.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        // answers with headers and a few bytes, then nothing: what a read timeout is for
        server.createContext("/stalled/", exchange -> {
            try {
                exchange.sendResponseHeaders(200, 100_000);
                exchange.getResponseBody().write(new byte[] {0x30, (byte) 0x83});
                exchange.getResponseBody().flush();
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        // a stalled answer must not hold up the others
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "crl-test-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Autowired LinkedRevocationLedger ledger;
    @Autowired org.mjpki.registry.followup.HolderFollowUpQueue followUps;
    @Autowired CredentialRegistry registry;
    @Autowired org.mjpki.registry.linked.LinkedRevocationBatches batches;
    @Autowired CertificateAuthority ca;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataSource dataSource;
    @Autowired Clock clock;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // ------------------------------------------------------------------ tests

    @Test
    void theCompleteAndTheDeltaCrlRecordRevokedLinksOnlyOnceAndNeverAHold() throws Exception {
        BigInteger a1 = serial().setBit(95); // high bit set: DER writes a leading zero octet the hex must not keep
        BigInteger a2 = serial();
        BigInteger b1 = serial();
        BigInteger x = serial();
        BigInteger c1 = serial();
        BigInteger d1 = serial();
        BigInteger e1 = serial();
        LiveSet a = liveSet(a1, FOREIGN, a2);
        LiveSet b = liveSet(b1, OTHER_CA, x);
        LiveSet c = liveSet(c1, OTHER_CA, serial());
        LiveSet d = liveSet(d1, OTHER_CA, serial());
        LiveSet e = liveSet(e1, OTHER_CA, serial());
        // e was revoked by its holder before the CRL said anything: only live sets are followed
        Cause holder = Cause.of(Actor.HOLDER, "rev-" + UUID.randomUUID(), "test");
        registry.claimForRevocation(e.setId(), holder.caseId());
        registry.moveTo(e.setId(), CredentialState.REVOKED, holder);

        String path = "/" + UUID.randomUUID();
        served.put(path + "/complete.crl", crl(cardCaKey.getPrivate(), 10, null, List.of(
                revoked(a1, RevocationReason.AFFILIATION_CHANGED), revoked(a2, RevocationReason.KEY_COMPROMISE),
                revoked(b1, RevocationReason.CERTIFICATE_HOLD), revoked(x, RevocationReason.KEY_COMPROMISE),
                revoked(d1, null), revoked(e1, RevocationReason.CESSATION_OF_OPERATION)), 1_000));
        served.put(path + "/delta.crl", crl(cardCaKey.getPrivate(), 11, 10L,
                List.of(revoked(b1, RevocationReason.REMOVE_FROM_CRL)), 10));
        CrlCardRevocationFeed feed = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path + "/complete.crl"),
                url(path + "/delta.crl"), http, jdbc, Limits.DEFAULT.withBatchSize(100));
        assertThat(feed.name()).isEqualTo("crl:FOREIGN-SIGNING");

        assertThat(feed.recordNewlyRevokedLinks(clock.instant())).isEqualTo(3);
        assertThat(findings(a)).containsExactly(
                "SIGNING " + FOREIGN + " " + a1.toString(16) + " AFFILIATION_CHANGED crl:FOREIGN-SIGNING",
                "USER_AUTH " + FOREIGN + " " + a2.toString(16) + " KEY_COMPROMISE crl:FOREIGN-SIGNING");
        assertThat(findings(d)).as("an entry without a reason code").containsExactly(
                "SIGNING " + FOREIGN + " " + d1.toString(16) + " UNSPECIFIED crl:FOREIGN-SIGNING");
        assertThat(findings(b)).as("a hold is not a revocation; the same serial at another CA is another certificate")
                .isEmpty();
        assertThat(findings(c)).isEmpty();
        assertThat(findings(e)).as("a set that is no longer live").isEmpty();
        // 1,000 unrelated and 5 of ours (the hold skipped) in batches of 100, then the delta's 10 (the release skipped)
        assertThat(feed.statements()).isEqualTo(11 + 1);

        assertThat(feed.recordNewlyRevokedLinks(clock.instant())).as("the same CRLs again").isZero();
        assertThat(feed.statements()).as("skipped by their CRL numbers, not read again").isEqualTo(12);

        served.put(path + "/delta.crl", crl(cardCaKey.getPrivate(), 12, 10L, List.of(
                revoked(c1, RevocationReason.SUPERSEDED), revoked(b1, RevocationReason.REMOVE_FROM_CRL)), 10));
        assertThat(feed.recordNewlyRevokedLinks(clock.instant())).as("the new delta CRL's revocation").isEqualTo(1);
        assertThat(findings(c)).containsExactly(
                "SIGNING " + FOREIGN + " " + c1.toString(16) + " SUPERSEDED crl:FOREIGN-SIGNING");
        assertThat(findings(b)).isEmpty();
        assertThat(feed.recordNewlyRevokedLinks(clock.instant())).isZero();

        // a feed that remembers no CRL number reads everything again, and the database still records nothing twice
        CrlCardRevocationFeed fresh = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path + "/complete.crl"),
                url(path + "/delta.crl"), http, jdbc, Limits.DEFAULT.withBatchSize(100));
        assertThat(fresh.recordNewlyRevokedLinks(clock.instant())).isZero();
        assertThat(fresh.statements()).isPositive();
        assertThat(count(a) + count(c) + count(d)).isEqualTo(4);
    }

    @Test
    void aCrlSignedByAnotherKeyIsRefusedAndRecordsNothing() throws Exception {
        BigInteger f1 = serial();
        LiveSet f = liveSet(f1, OTHER_CA, serial());
        String path = "/" + UUID.randomUUID() + "/complete.crl";
        served.put(path, crl(impostorKey.getPrivate(), 20, null,
                List.of(revoked(f1, RevocationReason.KEY_COMPROMISE)), 100));
        CrlCardRevocationFeed feed = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path), null, http, jdbc);

        assertThatThrownBy(() -> feed.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(url(path).toString())
                .hasMessageContaining("signature does not verify");
        assertThat(findings(f)).isEmpty();
        assertThat(feed.statements()).as("nothing of an unverified CRL reaches the database").isZero();

        // the genuine CRL of the same number is read: a refused CRL's number is not remembered
        served.put(path, crl(cardCaKey.getPrivate(), 20, null, List.of(revoked(f1, RevocationReason.KEY_COMPROMISE)), 100));
        assertThat(feed.recordNewlyRevokedLinks(clock.instant())).isEqualTo(1);
        assertThat(findings(f)).containsExactly(
                "SIGNING " + FOREIGN + " " + f1.toString(16) + " KEY_COMPROMISE crl:FOREIGN-SIGNING");
    }

    @Test
    void unusableAnswersAreRefusedNamingTheirUrl() throws Exception {
        BigInteger g1 = serial();
        LiveSet g = liveSet(g1, OTHER_CA, serial());
        String dir = "/" + UUID.randomUUID();
        byte[] genuine = crl(cardCaKey.getPrivate(), 30, null, List.of(revoked(g1, RevocationReason.KEY_COMPROMISE)), 100);

        CrlCardRevocationFeed missing = new CrlCardRevocationFeed(FOREIGN, cardCa, url(dir + "/absent.crl"), null, http, jdbc);
        assertThatThrownBy(() -> missing.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(url(dir + "/absent.crl").toString())
                .hasMessageContaining("HTTP 404");

        served.put(dir + "/truncated.crl", Arrays.copyOf(genuine, genuine.length / 2));
        CrlCardRevocationFeed truncated = new CrlCardRevocationFeed(FOREIGN, cardCaKey.getPublic(),
                url(dir + "/truncated.crl"), null, http, jdbc, Limits.DEFAULT);
        assertThatThrownBy(() -> truncated.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(url(dir + "/truncated.crl").toString())
                .hasMessageContaining("ends early");

        served.put(dir + "/complete.crl", genuine);
        CrlCardRevocationFeed bounded = new CrlCardRevocationFeed(FOREIGN, cardCa, url(dir + "/complete.crl"), null, http,
                jdbc, Limits.DEFAULT.withMaxCrlBytes(genuine.length - 1));
        assertThatThrownBy(() -> bounded.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(url(dir + "/complete.crl").toString())
                .hasMessageContaining("more than the largest CRL read");

        served.put(dir + "/delta.crl", crl(cardCaKey.getPrivate(), 31, 30L,
                List.of(revoked(g1, RevocationReason.KEY_COMPROMISE)), 1));
        CrlCardRevocationFeed swapped = new CrlCardRevocationFeed(FOREIGN, cardCa, url(dir + "/delta.crl"), null, http, jdbc);
        assertThatThrownBy(() -> swapped.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(url(dir + "/delta.crl").toString())
                .hasMessageContaining("not a complete one");

        served.put(dir + "/other-issuer.crl", crl(cardCaKey.getPrivate(), new X500Name("CN=Someone Else"), 30, null,
                List.of(revoked(g1, RevocationReason.KEY_COMPROMISE)), 1));
        CrlCardRevocationFeed otherIssuer = new CrlCardRevocationFeed(FOREIGN, cardCa, url(dir + "/other-issuer.crl"),
                null, http, jdbc);
        assertThatThrownBy(() -> otherIssuer.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(url(dir + "/other-issuer.crl").toString())
                .hasMessageContaining("not by the configured CA");

        assertThat(findings(g)).isEmpty();
        CrlCardRevocationFeed good = new CrlCardRevocationFeed(FOREIGN, cardCa, url(dir + "/complete.crl"), null, http, jdbc);
        assertThat(good.recordNewlyRevokedLinks(clock.instant())).isEqualTo(1);
    }

    @Test
    void aStalledDownloadIsEndedByTheReadTimeout() {
        URI stalled = url("/stalled/" + UUID.randomUUID() + "/complete.crl");
        CrlCardRevocationFeed feed = new CrlCardRevocationFeed(FOREIGN, cardCa, stalled, null, http, jdbc,
                new Limits(100, Limits.DEFAULT_MAX_CRL_BYTES, Duration.ofMillis(500), Duration.ofMinutes(1)));
        assertThatThrownBy(() -> feed.recordNewlyRevokedLinks(clock.instant()))
                .isInstanceOf(CrlFeedException.class)
                .hasMessageContaining(stalled.toString())
                .hasMessageContaining("sent no data for PT0.5S");
        assertThat(feed.statements()).isZero();
    }

    @Test
    void aLargeCompleteCrlIsReadInBatchesOfOneStatementEach() throws Exception {
        BigInteger h1 = serial();
        BigInteger i1 = serial();
        BigInteger i2 = serial();
        LiveSet h = liveSet(h1, OTHER_CA, serial());
        LiveSet i = liveSet(i1, FOREIGN, i2);
        int unrelated = 200_000;
        List<Revoked> ours = List.of(revoked(h1, RevocationReason.AFFILIATION_CHANGED),
                revoked(i1, RevocationReason.SUPERSEDED), revoked(i2, RevocationReason.PRIVILEGE_WITHDRAWN));
        String path = "/" + UUID.randomUUID() + "/complete.crl";
        served.put(path, crl(cardCaKey.getPrivate(), 1, null, ours, unrelated));
        CrlCardRevocationFeed feed = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path), null, http, jdbc);
        try {
            assertThat(feed.recordNewlyRevokedLinks(clock.instant())).isEqualTo(3);
        } finally {
            served.remove(path);
        }

        int entries = unrelated + ours.size();
        int batch = Limits.DEFAULT_BATCH_SIZE;
        assertThat(feed.statements()).as("one statement per batch of %d, never one per entry", batch)
                .isEqualTo((entries + batch - 1) / batch);
        assertThat(findings(h)).containsExactly(
                "SIGNING " + FOREIGN + " " + h1.toString(16) + " AFFILIATION_CHANGED crl:FOREIGN-SIGNING");
        assertThat(findings(i)).containsExactly(
                "SIGNING " + FOREIGN + " " + i1.toString(16) + " SUPERSEDED crl:FOREIGN-SIGNING",
                "USER_AUTH " + FOREIGN + " " + i2.toString(16) + " PRIVILEGE_WITHDRAWN crl:FOREIGN-SIGNING");
    }

    @Test
    void theSweepWithThisFeedRevokesThePhoneSigningCertificateAtTheEmbeddedCa() throws Exception {
        BigInteger u1 = serial();
        LiveSet u = liveSet(u1, OTHER_CA, serial());
        String path = "/" + UUID.randomUUID() + "/complete.crl";
        served.put(path, crl(cardCaKey.getPrivate(), 5, null, List.of(revoked(u1, RevocationReason.AFFILIATION_CHANGED)), 100));
        CrlCardRevocationFeed feed = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path), null, http, jdbc);
        LinkedRevocations sweep = new LinkedRevocations(feed, ledger, followUps, batches, ca,
                new LinkedRevocationPolicy(Duration.ZERO, 1.0, 0, 500, Duration.ofDays(30)), clock);

        assertThat(sweep.detect().newlyFound()).isEqualTo(1);
        LinkedRevocations.Assessment due = sweep.assess();
        assertThat(due.dueFindings()).isGreaterThanOrEqualTo(1);
        assertThat(due.valveTripped()).isFalse();
        String sweepId = "crl-sweep-" + UUID.randomUUID();
        String checkpoint = "";
        for (int batch = 0; ; batch++) {
            assertThat(batch).as("the batches end").isLessThan(1_000);
            LinkedRevocations.BatchResult result = sweep.revokeBatch(sweepId, due.dueBefore(), checkpoint);
            checkpoint = result.checkpoint();
            if (!result.more()) {
                break;
            }
        }

        CertificateStatus signing = ca.status(u.phoneSigning());
        assertThat(signing.state()).isEqualTo(CertificateStatus.State.REVOKED);
        assertThat(signing.reason()).as("ADR 0022: the card's facts changed").isEqualTo(RevocationReason.AFFILIATION_CHANGED);
        assertThat(ca.status(u.phoneUserAuth()).state()).isEqualTo(CertificateStatus.State.GOOD);
        assertThat(registry.set(u.setId()).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(ledger.outcome(u.setId(), KeyRole.SIGNING)).isEqualTo(LinkedRevocationLedger.Outcome.REVOKED);
        assertThat(sweep.detect().newlyFound()).as("the same CRL again").isZero();
    }

    @Test
    void theConfigurationMakesTheFeedFromItsProperties(@TempDir Path dir) throws Exception {
        BigInteger v1 = serial();
        LiveSet v = liveSet(v1, OTHER_CA, serial());
        String path = "/" + UUID.randomUUID() + "/complete.crl";
        served.put(path, crl(cardCaKey.getPrivate(), 7, null, List.of(revoked(v1, RevocationReason.SUPERSEDED)), 9));
        Path pem = dir.resolve("card-ca.pem");
        Files.writeString(pem, pem(cardCa), StandardCharsets.US_ASCII);
        Path der = dir.resolve("card-ca.der");
        Files.write(der, cardCa.getEncoded());
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(CrlFeedConfiguration.class)
                // not the pool itself: closing the runner's context would close an AutoCloseable bean
                .withBean(DataSource.class, () -> new DelegatingDataSource(dataSource));

        runner.withPropertyValues("mjpki.linked-revocation.feed=crl",
                        "mjpki.linked-revocation.crl.issuing-ca=" + FOREIGN,
                        "mjpki.linked-revocation.crl.ca-certificate=" + pem,
                        "mjpki.linked-revocation.crl.complete-url=" + url(path),
                        "mjpki.linked-revocation.crl.batch-size=2")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CrlCardRevocationFeed.class);
                    CrlCardRevocationFeed feed = context.getBean(CrlCardRevocationFeed.class);
                    assertThat(feed.name()).isEqualTo("crl:" + FOREIGN);
                    assertThat(feed.recordNewlyRevokedLinks(clock.instant())).isEqualTo(1);
                    assertThat(feed.statements()).as("10 entries in batches of 2").isEqualTo(5);
                });
        assertThat(count(v)).isEqualTo(1);

        runner.withPropertyValues("mjpki.linked-revocation.feed=crl",
                        "mjpki.linked-revocation.crl.issuing-ca=" + FOREIGN,
                        "mjpki.linked-revocation.crl.ca-certificate=" + der,
                        "mjpki.linked-revocation.crl.complete-url=" + url(path),
                        "mjpki.linked-revocation.crl.delta-url=" + url(path + ".delta"),
                        "mjpki.linked-revocation.crl.read-timeout=PT5S")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CrlCardRevocationFeed.class));

        runner.withPropertyValues("mjpki.linked-revocation.crl.issuing-ca=" + FOREIGN)
                .run(context -> assertThat(context).doesNotHaveBean(CrlCardRevocationFeed.class));
    }

    /** The embedded default runs on H2: the same statement, on the registry's H2 schema. */
    @Test
    void theSameStatementRunsOnH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:crl-feed-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RegistrySchema.migrate(h2);
        JdbcTemplate embedded = new JdbcTemplate(h2);
        embedded.update("INSERT INTO registry.application (application_id, se_id, nonce, expires_at, signed_application,"
                + " received_at) VALUES ('app-h2', 'se-h2', 'n-h2', CURRENT_TIMESTAMP, X'01', CURRENT_TIMESTAMP)");
        embedded.update("INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, se_id, state,"
                + " applet_state, card_not_after, created_at, updated_at) VALUES ('cs-h2', 'app-h2', 'h', 'se-h2', 'ACTIVE',"
                + " 'INSTALLED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        BigInteger signing = serial();
        BigInteger userAuth = serial();
        for (KeyRole role : KeyRole.values()) {
            embedded.update("INSERT INTO registry.credential_set_key (credential_set_id, key_role, public_key)"
                    + " VALUES ('cs-h2', ?, X'0A')", role.name());
            embedded.update("INSERT INTO registry.card_certificate_link (credential_set_id, key_role, card_issuing_ca,"
                    + " card_serial, linked_at) VALUES ('cs-h2', ?, ?, ?, CURRENT_TIMESTAMP)", role.name(), FOREIGN,
                    (role == KeyRole.SIGNING ? signing : userAuth).toString(16));
        }
        String path = "/" + UUID.randomUUID() + "/complete.crl";
        served.put(path, crl(cardCaKey.getPrivate(), 3, null, List.of(revoked(userAuth, RevocationReason.CERTIFICATE_HOLD),
                revoked(signing, RevocationReason.CA_COMPROMISE)), 5));

        CrlCardRevocationFeed feed = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path), null, http, embedded,
                Limits.DEFAULT.withBatchSize(2));
        assertThat(feed.recordNewlyRevokedLinks(Instant.now())).isEqualTo(1);
        assertThat(feed.statements()).as("6 entries (the hold skipped) in batches of 2").isEqualTo(3);
        assertThat(embedded.queryForList("SELECT key_role || ' ' || card_serial || ' ' || card_reason || ' ' || found_by"
                + " FROM registry.linked_revocation", String.class))
                .containsExactly("SIGNING " + signing.toString(16) + " CA_COMPROMISE crl:FOREIGN-SIGNING");
        CrlCardRevocationFeed fresh = new CrlCardRevocationFeed(FOREIGN, cardCa, url(path), null, http, embedded,
                Limits.DEFAULT.withBatchSize(2));
        assertThat(fresh.recordNewlyRevokedLinks(Instant.now())).as("NOT EXISTS on H2 too").isZero();
    }

    // ------------------------------------------------------------------ the registry's side

    record LiveSet(String setId, CertificateRef phoneSigning, CertificateRef phoneUserAuth) {}

    /**
     * An ACTIVE set with both phone certificates from the embedded CA, whose signing certificate follows the card
     * signing certificate {@code cardSigning} of {@link #FOREIGN} and whose user-auth certificate follows {@code
     * cardUserAuth} of {@code userAuthCa}.
     */
    private LiveSet liveSet(BigInteger cardSigning, String userAuthCa, BigInteger cardUserAuth) {
        String holderRef = "holder-" + UUID.randomUUID();
        Holder holder = new Holder(holderRef, "試験 花子", LocalDate.of(1985, 3, 4), "2", "東京都千代田区霞が関二丁目1番2号");
        Instant notAfter = clock.instant().plus(1000, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String applicationId = "app-" + UUID.randomUUID();
        registry.recordApplication(new SmartphoneApplication(applicationId, "se-" + applicationId, "nonce-" + applicationId,
                clock.instant().plusSeconds(600), new byte[] {1}, "token", clock.instant()));
        registry.recordVerifiedHolder(applicationId, holderRef, notAfter, new CardCertificateLink(FOREIGN, cardSigning));
        Cause test = Cause.of(Actor.HOLDER, applicationId, "test");
        String setId = registry.reserveSlot(applicationId, null, test).credentialSetId();
        registry.recordCardLink(setId, KeyRole.USER_AUTH, new CardCertificateLink(userAuthCa, cardUserAuth));
        registry.moveTo(setId, CredentialState.PERSONALIZING, test);
        IssuedCertificate signing = phoneCertificate(setId, KeyRole.SIGNING, CertificateProfile.SMARTPHONE_SIGNING, holder,
                notAfter);
        IssuedCertificate userAuth = phoneCertificate(setId, KeyRole.USER_AUTH, CertificateProfile.SMARTPHONE_USER_AUTH,
                Holder.anonymous(holderRef), notAfter);
        registry.moveTo(setId, CredentialState.ACTIVE, test);
        return new LiveSet(setId, signing.ref(), userAuth.ref());
    }

    private IssuedCertificate phoneCertificate(String setId, KeyRole role, CertificateProfile profile, Holder holder,
                                               Instant notAfter) {
        registry.recordPublicKey(setId, role, phoneKey.getPublic().getEncoded());
        IssuedCertificate issued = ca.issue(new IssueRequest("test/" + UUID.randomUUID(), profile, phoneKey.getPublic(),
                holder, notAfter));
        try {
            registry.recordCertificate(setId, role, issued.ref().ca().name(), issued.ref().serial(),
                    issued.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return issued;
    }

    private List<String> findings(LiveSet set) {
        return jdbc.queryForList("SELECT key_role || ' ' || card_issuing_ca || ' ' || card_serial || ' ' || card_reason"
                + " || ' ' || found_by FROM registry.linked_revocation WHERE credential_set_id = ? ORDER BY key_role",
                String.class, set.setId());
    }

    private int count(LiveSet set) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM registry.linked_revocation WHERE credential_set_id = ?",
                Integer.class, set.setId());
    }

    // ------------------------------------------------------------------ the foreign card CA's side

    record Revoked(BigInteger serial, RevocationReason reason) {}

    static Revoked revoked(BigInteger serial, RevocationReason reason) {
        return new Revoked(serial, reason);
    }

    /** A card certificate serial as a card CA makes them: 96 random bits, never one of another test. */
    static BigInteger serial() {
        return new BigInteger(96, RANDOM).setBit(64);
    }

    static byte[] crl(PrivateKey signer, long number, Long baseNumber, List<Revoked> ours, int unrelated) throws Exception {
        return crl(signer, ISSUER, number, baseNumber, ours, unrelated);
    }

    /**
     * A CRL (a delta when {@code baseNumber} is given) listing {@code ours} spread among {@code unrelated} serials no link
     * points at, the last of ours at the very end; unrelated entries have varied reasons, never a hold.
     */
    static byte[] crl(PrivateKey signer, X500Name issuer, long number, Long baseNumber, List<Revoked> ours, int unrelated)
            throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, Date.from(now.minusSeconds(60)));
        builder.setNextUpdate(Date.from(now.plus(1, ChronoUnit.DAYS)));
        Date revokedAt = Date.from(now.minus(1, ChronoUnit.HOURS));
        BigInteger base = new BigInteger(80, RANDOM).setBit(79);
        int[] unrelatedReasons = {0, RevocationReason.KEY_COMPROMISE.code(), RevocationReason.SUPERSEDED.code(),
                RevocationReason.CESSATION_OF_OPERATION.code()};
        List<Revoked> pending = new ArrayList<>(ours);
        int n = ours.size();
        for (int i = 0; i < unrelated; i++) {
            while (!pending.isEmpty() && (long) (n - pending.size() + 1) * unrelated / n <= i) {
                add(builder, pending.remove(0), revokedAt);
            }
            // code 0 is written as no reason code at all, as CAs do
            builder.addCRLEntry(base.add(BigInteger.valueOf(i)), revokedAt, unrelatedReasons[i % unrelatedReasons.length]);
        }
        for (Revoked r : pending) {
            add(builder, r, revokedAt);
        }
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
        if (baseNumber != null) {
            builder.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.valueOf(baseNumber)));
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)).getEncoded();
    }

    private static void add(X509v2CRLBuilder builder, Revoked r, Date revokedAt) throws IOException {
        Extensions extensions = r.reason() == null ? null : new Extensions(new Extension(Extension.reasonCode, false,
                CRLReason.lookup(r.reason().code()).getEncoded()));
        builder.addCRLEntry(r.serial(), revokedAt, extensions);
    }

    static String pem(X509Certificate certificate) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
