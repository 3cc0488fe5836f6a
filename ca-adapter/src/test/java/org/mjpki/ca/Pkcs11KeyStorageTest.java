package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.mjpki.ca.config.CaConfiguration;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.CertificateProfiles;
import org.mjpki.ca.embedded.EmbeddedCertificateAuthority;
import org.mjpki.ca.embedded.KeyStorage;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.ca.keys.JcaKeyStorage;
import org.mjpki.ca.persistence.CaSchema;
import org.mjpki.ca.persistence.JdbcCertificateRepository;
import org.mjpki.testsupport.PostgresTestDatabase;

/**
 * CA keys on a real PKCS#11 token: SoftHSM2 (Debian package softhsm2), through SunPKCS11.
 * Fails, never skips, when the module is missing.
 */
class Pkcs11KeyStorageTest {
    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    /** One token for the class: SoftHSM reads its configuration once per process. */
    private static String pin;

    @BeforeAll
    static void initializeToken() throws Exception {
        assertThat(Path.of(LIBRARY)).as("SoftHSM2 PKCS#11 module (apt-get install -y softhsm2)").exists();
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("SOFTHSM2_CONF (set by this module's surefire configuration)").isNotBlank();
        Path tokens = Path.of(conf).toAbsolutePath().getParent().resolve("softhsm-tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> s = Files.walk(tokens)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                StandardCharsets.UTF_8);
        pin = "pin-" + UUID.randomUUID().toString().substring(0, 8);
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "mjpki-ca-test",
                "--so-pin", "so-" + pin, "--pin", pin).redirectErrorStream(true).start();
        String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor(60, TimeUnit.SECONDS) && init.exitValue() == 0).as("softhsm2-util: " + out).isTrue();
    }

    @Test
    void caKeysAreGeneratedOnTheTokenAndSignCertificatesCrlsAndOcsp() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        var dataSource = CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password());
        JdbcCertificateRepository repository = new JdbcCertificateRepository(dataSource, new CaSchema(dataSource));
        CaPolicy policy = CaConfiguration.policyOf(CaTestSupport.defaults());
        CertificateProfiles profiles = new CertificateProfiles(policy);
        SerialNumberPolicy serials = new SerialNumberPolicy(new SecureRandom(), 16);
        String config = JcaKeyStorage.inlinePkcs11Config("mjpki-test", LIBRARY, 0);

        JcaKeyStorage token = JcaKeyStorage.pkcs11(config, pin.toCharArray(), "softhsm test token");
        CaKeyRing ring = CaKeyRing.open(token, true, policy, profiles, serials, repository, Clock.systemUTC());
        // the responder below is made after the revocation, on the second login: nothing of it to tell
        EmbeddedCertificateAuthority ca = new EmbeddedCertificateAuthority(policy, profiles, ring, repository, serials,
                Clock.systemUTC(), org.mjpki.ca.embedded.CertificateStatusListener.NONE);
        IssuedCertificate cert = ca.issue(new IssueRequest(CaTestSupport.id(), CertificateProfile.SMARTPHONE_SIGNING,
                CaTestSupport.rsaKey().getPublic(), CaTestSupport.holder(),
                java.time.Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        cert.certificate().verify(ca.caCertificates().get(0).getPublicKey());

        Optional<KeyStorage.KeyEntry> onToken = token.load("signing-ca");
        assertThat(onToken).isPresent();
        assertThat(onToken.get().privateKey().getEncoded()).as("sensitive, not extractable").isNull();

        // a second login (as after a restart) finds the same keys; nothing new is created
        JcaKeyStorage again = JcaKeyStorage.pkcs11(config, pin.toCharArray(), "softhsm test token");
        CaKeyRing ring2 = CaKeyRing.open(again, false, policy, profiles, serials, repository, Clock.systemUTC());
        assertThat(ring2.ca(IssuingCa.SIGNING).certificate()).isEqualTo(ring.ca(IssuingCa.SIGNING).certificate());
        assertThat(ring2.ocspSigner(IssuingCa.USER_AUTH).certificate()).isEqualTo(ring.ocspSigner(IssuingCa.USER_AUTH).certificate());
        var crls = new org.mjpki.ca.embedded.CrlService(policy, ring2, repository, Clock.systemUTC());
        ca.revoke(CaTestSupport.id(), cert.ref(), RevocationReason.KEY_COMPROMISE);
        var scope = new org.mjpki.ca.embedded.CrlScope(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE,
                SerialNumberPolicy.partitionOf(cert.ref().serial(), 8));
        var crl = CaTestSupport.crl(crls.current(scope, org.mjpki.ca.embedded.PublishedCrl.Kind.FULL).orElseThrow().der());
        crl.verify(ca.caCertificates().get(0).getPublicKey());
        assertThat(crl.getRevokedCertificate(cert.ref().serial())).isNotNull();
        var preproduced = new org.mjpki.ca.embedded.PreproducedOcspResponses(policy, ring2, repository, Clock.systemUTC(),
                java.time.Duration.ofMinutes(30), 1 << 20, Runnable::run);
        var ocsp = new org.mjpki.ca.embedded.OcspResponder(policy, ring2, repository, Clock.systemUTC(), preproduced,
                new org.mjpki.ca.embedded.SigningBudget("nonce", 100),
                new org.mjpki.ca.embedded.SigningBudget("on-demand", 1_000));
        var resp = new org.bouncycastle.cert.ocsp.OCSPResp(ocsp.respond(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE,
                OcspTestSupport.request(ca.caCertificates().get(0), cert.ref().serial(), null, false)));
        assertThat(resp.getStatus()).isEqualTo(0);
        assertThat(((org.bouncycastle.cert.ocsp.BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus())
                .isInstanceOf(org.bouncycastle.cert.ocsp.RevokedStatus.class);

        // (a wrong PIN cannot be tried here: PKCS#11 login state is per process, and this process is logged in)
        dataSource.close();
    }

    /**
     * The application's way in: {@code mjpki.ca.keystore.type=PKCS11} and the module and slot (or a SunPKCS11
     * configuration file) as Spring properties, through {@code CaConfiguration.caKeyStorage}. Its own aliases
     * (CA paths), so its keys are not the other test's.
     */
    @Test
    void springPropertiesSelectTheTokenAndARestartFindsTheSameKeys(@TempDir Path dir) throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        List<String> properties = new ArrayList<>();
        PostgresTestProperties.of(db).forEach((k, v) -> properties.add(k + "=" + v));
        properties.addAll(List.of("mjpki.ca.data-dir=" + dir, "mjpki.ca.smartphone.crl-partitions=2",
                "mjpki.ca.signing.path=hsm-signing", "mjpki.ca.user-auth.path=hsm-user-auth",
                "mjpki.ca.keystore.type=PKCS11", "mjpki.ca.keystore.password=" + pin));
        ApplicationContextRunner ca = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(CaConfiguration.class)
                .withPropertyValues(properties.toArray(String[]::new));
        List<X509Certificate> cas = new ArrayList<>();
        IssuedCertificate[] issued = new IssuedCertificate[1];

        ca.withPropertyValues("mjpki.ca.keystore.pkcs11.library=" + LIBRARY, "mjpki.ca.keystore.pkcs11.slot-list-index=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JcaKeyStorage storage = context.getBean(JcaKeyStorage.class);
                    assertThat(storage.description()).startsWith("PKCS#11 token ").contains(LIBRARY);
                    KeyStorage.KeyEntry onToken = storage.load("hsm-signing-ca").orElseThrow();
                    assertThat(onToken.privateKey().getEncoded()).as("sensitive, not extractable").isNull();
                    CertificateAuthority authority = context.getBean(CertificateAuthority.class);
                    cas.addAll(authority.caCertificates());
                    assertThat(onToken.certificate()).isEqualTo(cas.get(0));
                    issued[0] = authority.issue(new IssueRequest(CaTestSupport.id(), CertificateProfile.SMARTPHONE_SIGNING,
                            CaTestSupport.rsaKey().getPublic(), CaTestSupport.holder(),
                            java.time.Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
                    issued[0].certificate().verify(cas.get(0).getPublicKey());
                });
        assertThat(dir.resolve("ca-keys.p12")).as("no PKCS#12 file next to a token").doesNotExist();

        // the restart, through a SunPKCS11 configuration file this time, creating nothing
        Path config = Files.writeString(dir.resolve("sunpkcs11.cfg"),
                JcaKeyStorage.inlinePkcs11Config("mjpki-ca", LIBRARY, 0).substring(2), StandardCharsets.UTF_8);
        ca.withPropertyValues("mjpki.ca.keystore.pkcs11.config-file=" + config, "mjpki.ca.keystore.create-missing=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JcaKeyStorage.class).description()).contains("configured by " + config);
                    CertificateAuthority authority = context.getBean(CertificateAuthority.class);
                    assertThat(authority.caCertificates()).isEqualTo(cas);
                    assertThat(authority.status(issued[0].ref()).state()).isEqualTo(CertificateStatus.State.GOOD);
                    authority.issue(new IssueRequest(CaTestSupport.id(), CertificateProfile.CARD_USER_AUTH,
                            CaTestSupport.rsaKey().getPublic(), CaTestSupport.holder(),
                            java.time.Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                            .certificate().verify(cas.get(1).getPublicKey());
                });

        // a module that is not there: start-up says which property to set
        ca.withPropertyValues("mjpki.ca.keystore.pkcs11.library=" + dir.resolve("no-such-module.so")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("no-such-module.so")
                    .hasMessageContaining("mjpki.ca.keystore.pkcs11.library");
        });
    }

    @Test
    void pkcs12KeyStoreIsCreatedOnFirstStartReopenedAndRefusesAWrongPassword() throws Exception {
        Path dir = Files.createTempDirectory("p12");
        Path file = dir.resolve("ca-keys.p12");
        String password = "pw-" + UUID.randomUUID();
        JcaKeyStorage created = JcaKeyStorage.pkcs12(file, password.toCharArray());
        assertThat(created.load("signing-ca")).isEmpty();
        var kp = created.generateRsaKeyPair(2048);
        var policy = CaConfiguration.policyOf(CaTestSupport.defaults());
        var cert = new CertificateProfiles(policy).caCertificate(IssuingCa.SIGNING, java.math.BigInteger.valueOf(99), kp,
                java.time.Instant.now(), java.time.Instant.now().plusSeconds(3600), created.signer(kp.getPrivate(), "SHA256withRSA"));
        created.store("signing-ca", kp.getPrivate(), cert);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(JcaKeyStorage.pkcs12(file, password.toCharArray()).load("signing-ca").orElseThrow().certificate()).isEqualTo(cert);
        String wrong = "nope-" + UUID.randomUUID();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JcaKeyStorage.pkcs12(file, wrong.toCharArray()))
                .isInstanceOf(CertificateAuthorityException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(password));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JcaKeyStorage.pkcs12(file, new char[0]))
                .isInstanceOf(CertificateAuthorityException.class).hasMessageContaining("MJPKI_CA_KEYSTORE_PASSWORD");
    }
}
