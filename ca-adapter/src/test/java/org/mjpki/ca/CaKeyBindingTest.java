package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.ca.config.CaConfiguration;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ca schema belongs to the CA keys that signed its records (ADR 0005): the CA, started through its Spring
 * configuration as the application starts it, reopens its PKCS#12 key store after a restart with the same keys and
 * certificates, and refuses to start on a key store that was recreated or belongs to another CA.
 */
class CaKeyBindingTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartReopensThePkcs12StoreWithTheSameKeysAndCertificates() {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        List<X509Certificate> cas = new ArrayList<>();
        List<X509Certificate> signers = new ArrayList<>();
        IssuedCertificate[] issued = new IssuedCertificate[1];
        ca(db, dataDir).run(context -> {
            assertThat(context).hasNotFailed();
            CertificateAuthority ca = context.getBean(CertificateAuthority.class);
            CaKeyRing keys = context.getBean(CaKeyRing.class);
            cas.addAll(ca.caCertificates());
            for (IssuingCa which : IssuingCa.values()) {
                signers.add(keys.ocspSigner(which).certificate());
            }
            issued[0] = ca.issue(request(CertificateProfile.SMARTPHONE_SIGNING));
        });
        assertThat(dataDir.resolve("ca-keys.p12")).exists();

        // the restart; create-missing=false proves nothing is created this time
        ca(db, dataDir).withPropertyValues("mjpki.ca.keystore.create-missing=false").run(context -> {
            assertThat(context).hasNotFailed();
            CertificateAuthority ca = context.getBean(CertificateAuthority.class);
            CaKeyRing keys = context.getBean(CaKeyRing.class);
            assertThat(ca.caCertificates()).isEqualTo(cas);
            for (IssuingCa which : IssuingCa.values()) {
                assertThat(keys.ocspSigner(which).certificate()).isEqualTo(signers.get(which.ordinal()));
            }
            assertThat(ca.status(issued[0].ref()).state()).isEqualTo(CertificateStatus.State.GOOD);
            IssuedCertificate after = ca.issue(request(CertificateProfile.CARD_USER_AUTH));
            after.certificate().verify(cas.get(1).getPublicKey());         // signed by the same CA key as before
            issued[0].certificate().verify(ca.caCertificates().get(0).getPublicKey());
        });
        // the CA certificates are records like any other: their serials take part in the uniqueness of serials
        JdbcTemplate sql = sql(db);
        for (X509Certificate ca : cas) {
            assertThat(sql.queryForObject("SELECT COUNT(*) FROM ca.certificate WHERE kind = 'CA' AND serial = ? AND der IS NOT NULL",
                    Long.class, ca.getSerialNumber().toString(16))).isEqualTo(1);
        }
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM ca.issuing_key", Long.class)).isEqualTo(2);
        assertThatThrownBy(() -> sql.update("INSERT INTO ca.certificate (issuing_ca, serial, request_id, request_hash, kind, "
                + "profile, medium, crl_partition, holder_ref, not_before, not_after, issued_at, status, status_seq, der) "
                + "SELECT issuing_ca, serial, 'dup-' || request_id, request_hash, 'HOLDER', 'CARD_SIGNING', 'CARD', 0, holder_ref, "
                + "not_before, not_after, issued_at, status, status_seq, der FROM ca.certificate WHERE kind = 'CA' "
                + "AND issuing_ca = 'SIGNING'")).hasMessageContaining("pk_certificate");
    }

    @Test
    void aKeyStoreThatOutlivedItsDatabaseHasItsCertificatesRecordedInTheNewOne() {
        ca(PostgresTestDatabase.fresh(), dataDir).run(context -> assertThat(context).hasNotFailed());
        PostgresTestDatabase empty = PostgresTestDatabase.fresh();
        List<X509Certificate> own = new ArrayList<>();
        ca(empty, dataDir).withPropertyValues("mjpki.ca.keystore.create-missing=false").run(context -> {
            assertThat(context).hasNotFailed();
            CaKeyRing keys = context.getBean(CaKeyRing.class);
            for (IssuingCa which : IssuingCa.values()) {
                own.add(keys.ca(which).certificate());
                own.add(keys.ocspSigner(which).certificate());
            }
        });
        JdbcTemplate sql = sql(empty);
        for (X509Certificate cert : own) {
            assertThat(sql.queryForObject("SELECT der FROM ca.certificate WHERE serial = ?", byte[].class,
                    cert.getSerialNumber().toString(16))).as("recorded: " + cert.getSubjectX500Principal())
                    .isEqualTo(encoded(cert));
        }
    }

    @Test
    void aRecreatedKeyStoreIsRefusedAndNoNewKeyIsMade() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        ca(db, dataDir).run(context -> assertThat(context).hasNotFailed());
        long rows = sql(db).queryForObject("SELECT COUNT(*) FROM ca.certificate", Long.class);
        Files.delete(dataDir.resolve("ca-keys.p12"));                       // lost, or a fresh volume

        ca(db, dataDir).run(context -> {                                     // create-missing=true, the default
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("has no key 'signing-ca'", "the ca schema's records belong to the SIGNING CA key",
                            "public key SHA-256 ", "No new key is created", "Restore the key store");
        });
        assertThat(dataDir.resolve("ca-keys.p12")).as("no key was created").doesNotExist();
        assertThat(sql(db).queryForObject("SELECT COUNT(*) FROM ca.certificate", Long.class)).isEqualTo(rows);
    }

    @Test
    void anotherCasKeyStoreIsRefused(@TempDir Path otherDir) {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        ca(db, dataDir).run(context -> assertThat(context).hasNotFailed());
        ca(PostgresTestDatabase.fresh(), otherDir).run(context -> assertThat(context).hasNotFailed());   // another CA's keys
        String bound = sql(db).queryForObject("SELECT public_key_sha256 FROM ca.issuing_key WHERE issuing_ca = 'SIGNING'",
                String.class);

        ca(db, otherDir).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("is not the key the ca schema's records belong to", bound, "Restore the key store");
        });
    }

    @Test
    void aSchemaFromBeforeTheBindingIsBoundOnlyToTheKeyThatSignedItsCertificates(@TempDir Path otherDir) {
        PostgresTestDatabase db = PostgresTestDatabase.fresh();
        ca(db, dataDir).run(context -> context.getBean(CertificateAuthority.class).issue(request(CertificateProfile.CARD_SIGNING)));
        ca(PostgresTestDatabase.fresh(), otherDir).run(context -> assertThat(context).hasNotFailed());
        // as a V1 schema: certificates, no recorded key, no CA certificate rows
        JdbcTemplate sql = sql(db);
        sql.update("DELETE FROM ca.issuing_key");
        sql.update("DELETE FROM ca.certificate WHERE kind = 'CA'");

        ca(db, otherDir).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("did not sign the certificates the ca schema holds");
        });
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM ca.issuing_key", Long.class)).isZero();

        ca(db, dataDir).run(context -> assertThat(context).hasNotFailed());  // the right key store: bound now
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM ca.issuing_key", Long.class)).isEqualTo(2);
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM ca.certificate WHERE kind = 'CA'", Long.class)).isEqualTo(2);
    }

    // ------------------------------------------------------------------ helpers

    /** The CA's Spring configuration alone, on a database and a data folder (PKCS#12 key store in it). */
    private static ApplicationContextRunner ca(PostgresTestDatabase db, Path dataDir) {
        List<String> properties = new ArrayList<>();
        PostgresTestProperties.of(db).forEach((k, v) -> properties.add(k + "=" + v));
        properties.add("mjpki.ca.data-dir=" + dataDir);
        properties.add("mjpki.ca.smartphone.crl-partitions=2");
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(CaConfiguration.class)
                .withPropertyValues(properties.toArray(String[]::new));
    }

    private static IssueRequest request(CertificateProfile profile) {
        return new IssueRequest(CaTestSupport.id(), profile, CaTestSupport.rsaKey().getPublic(), CaTestSupport.holder(),
                Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
    }

    private static JdbcTemplate sql(PostgresTestDatabase db) {
        DataSource ds = new org.springframework.jdbc.datasource.DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
        return new JdbcTemplate(ds);
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
