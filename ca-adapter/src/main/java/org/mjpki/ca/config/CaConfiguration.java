package org.mjpki.ca.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.CertificateProfiles;
import org.mjpki.ca.embedded.CrlService;
import org.mjpki.ca.embedded.EmbeddedCertificateAuthority;
import org.mjpki.ca.embedded.SigningBudget;
import org.mjpki.ca.embedded.OcspResponder;
import org.mjpki.ca.embedded.PreproducedOcspResponses;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.ca.embedded.StatusVersionWatch;
import org.mjpki.ca.keys.JcaKeyStorage;
import org.mjpki.ca.persistence.CaSchema;
import org.mjpki.ca.persistence.JdbcCertificateRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Wires the embedded CA: its schema (own Flyway run), repository, key storage (PKCS#12 or
 * PKCS#11), the {@code CertificateAuthority} bean, the {@code CrlPublisher} and the OCSP responder.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CaProperties.class)
@PropertySource("classpath:org/mjpki/ca/ca-defaults.properties")
public class CaConfiguration {

    @Bean
    public CaSchema caSchema(DataSource dataSource) {
        return new CaSchema(dataSource);
    }

    @Bean
    public JdbcCertificateRepository caCertificateRepository(DataSource dataSource, CaSchema caSchema) {
        return new JdbcCertificateRepository(dataSource, caSchema);
    }

    @Bean(destroyMethod = "close")
    public JcaKeyStorage caKeyStorage(CaProperties properties) {
        CaProperties.Keystore ks = properties.getKeystore();
        char[] password = ks.getPassword() == null ? new char[0] : ks.getPassword().toCharArray();
        if (ks.getType() == CaProperties.Keystore.Type.PKCS11) {
            CaProperties.Pkcs11 p11 = ks.getPkcs11();
            if (p11.getConfigFile() != null) {
                return JcaKeyStorage.pkcs11(p11.getConfigFile().toAbsolutePath().toString(), password,
                        "configured by " + p11.getConfigFile());
            }
            if (!Files.isReadable(Path.of(p11.getLibrary()))) {
                throw new IllegalStateException("PKCS#11 module " + p11.getLibrary() + " not found (Debian: apt-get install softhsm2, "
                        + "or set mjpki.ca.keystore.pkcs11.library)");
            }
            return JcaKeyStorage.pkcs11(JcaKeyStorage.inlinePkcs11Config("mjpki-ca", p11.getLibrary(), p11.getSlotListIndex()),
                    password, p11.getLibrary() + " slot index " + p11.getSlotListIndex());
        }
        Path file = ks.getFile() != null ? ks.getFile() : properties.getDataDir().resolve("ca-keys.p12");
        return JcaKeyStorage.pkcs12(file, password);
    }

    @Bean
    public CaPolicy caPolicy(CaProperties p) {
        return policyOf(p);
    }

    /** The domain's view of the properties. */
    public static CaPolicy policyOf(CaProperties p) {
        Map<IssuingCa, CaPolicy.CaIdentity> cas = new EnumMap<>(IssuingCa.class);
        cas.put(IssuingCa.SIGNING, identity(p.getSigning()));
        cas.put(IssuingCa.USER_AUTH, identity(p.getUserAuth()));
        Map<CertificateProfile, String> oids = new EnumMap<>(CertificateProfile.class);
        oids.put(CertificateProfile.CARD_SIGNING, p.getProfiles().getCardSigning().getPolicyOid());
        oids.put(CertificateProfile.CARD_USER_AUTH, p.getProfiles().getCardUserAuth().getPolicyOid());
        oids.put(CertificateProfile.SMARTPHONE_SIGNING, p.getProfiles().getSmartphoneSigning().getPolicyOid());
        oids.put(CertificateProfile.SMARTPHONE_USER_AUTH, p.getProfiles().getSmartphoneUserAuth().getPolicyOid());
        if (oids.values().stream().distinct().count() != 4) {
            throw new IllegalStateException("the four profiles need four different certificate policy OIDs");
        }
        Map<CertificateMedium, CaPolicy.MediumPublication> media = new EnumMap<>(CertificateMedium.class);
        media.put(CertificateMedium.CARD, medium(p.getCard(), p.getBaseUrl()));
        media.put(CertificateMedium.SMARTPHONE, medium(p.getSmartphone(), p.getBaseUrl()));
        return new CaPolicy(cas, oids, media, p.getHolderFactsArc(), p.getSubjectTemplate(), p.getSerialBytes(),
                p.getKeySize(), p.getSignatureAlgorithm(), p.getCaValidity(), p.getCrl().getMaxEntries(),
                p.getCrl().getValidity(), p.getCrl().getDeltaValidity(), p.getCrl().getFullMinInterval(),
                p.getCrl().getHistoryRetention(),
                p.getOcsp().getValidity(), p.getOcsp().getSignerValidity(), p.getOcsp().getSignerRenewBefore());
    }

    private static CaPolicy.CaIdentity identity(CaProperties.Ca ca) {
        return new CaPolicy.CaIdentity(ca.getName(), ca.getPath(), ca.getOcspSignerName());
    }

    private static CaPolicy.MediumPublication medium(CaProperties.Medium m, String defaultBase) {
        String base = m.getBaseUrl() == null || m.getBaseUrl().isBlank() ? defaultBase : m.getBaseUrl();
        return new CaPolicy.MediumPublication(base, m.getCrlPartitions());
    }

    @Bean
    public SerialNumberPolicy caSerialNumberPolicy(CaPolicy policy) {
        return new SerialNumberPolicy(new SecureRandom(), policy.serialBytes());
    }

    @Bean
    public CertificateProfiles caCertificateProfiles(CaPolicy policy) {
        return new CertificateProfiles(policy);
    }

    @Bean
    public CaKeyRing caKeyRing(JcaKeyStorage caKeyStorage, CaProperties properties, CaPolicy policy,
                               CertificateProfiles profiles, SerialNumberPolicy serials,
                               JdbcCertificateRepository repository, ObjectProvider<Clock> clock) {
        return CaKeyRing.open(caKeyStorage, properties.getKeystore().isCreateMissing(), policy, profiles, serials,
                repository, clock(clock));
    }

    @Bean
    public EmbeddedCertificateAuthority certificateAuthority(CaPolicy policy, CertificateProfiles profiles, CaKeyRing keys,
                                                             JdbcCertificateRepository repository, SerialNumberPolicy serials,
                                                             PreproducedOcspResponses preproducedOcspResponses,
                                                             ObjectProvider<Clock> clock) {
        return new EmbeddedCertificateAuthority(policy, profiles, keys, repository, serials, clock(clock),
                preproducedOcspResponses);
    }

    @Bean
    public CrlService crlPublisher(CaPolicy policy, CaKeyRing keys, JdbcCertificateRepository repository,
                                   ObjectProvider<Clock> clock) {
        return new CrlService(policy, keys, repository, clock(clock));
    }

    @Bean
    public PreproducedOcspResponses preproducedOcspResponses(CaPolicy policy, CaProperties properties, CaKeyRing keys,
                                                             JdbcCertificateRepository repository,
                                                             ObjectProvider<Clock> clock) {
        CaProperties.Ocsp ocsp = properties.getOcsp();
        return new PreproducedOcspResponses(policy, keys, repository, clock(clock), ocsp.getRefreshAfter(),
                ocsp.getCacheMaxSize().toBytes(), ocspRefresher());
    }

    /**
     * One thread re-signs aging responses beside the requests; a full queue leaves them to a later request. Not a bean:
     * an Executor bean would displace Spring Boot's own task executor. Its thread ends when idle.
     */
    private static ThreadPoolExecutor ocspRefresher() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "ocsp-refresh");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * Other nodes' status changes (another engine node, the workers' process) reach this node's pre-produced responses:
     * at once where PostgreSQL notifies, within one poll interval in any case (ADR 0030).
     */
    @Bean(destroyMethod = "close")
    public StatusVersionWatch caOcspStatusWatch(CaProperties properties, DataSource dataSource,
                                                JdbcCertificateRepository repository,
                                                PreproducedOcspResponses preproducedOcspResponses) {
        return new StatusVersionWatch(repository, preproducedOcspResponses)
                .start(properties.getOcsp().getStatusPollInterval(), dataSource);
    }

    @Bean
    public OcspResponder caOcspResponder(CaPolicy policy, CaProperties properties, CaKeyRing keys,
                                         JdbcCertificateRepository repository,
                                         PreproducedOcspResponses preproducedOcspResponses,
                                         StatusVersionWatch caOcspStatusWatch, ObjectProvider<Clock> clock) {
        // the watch is a parameter so that it exists (its versions read) before the first response is served
        return new OcspResponder(policy, keys, repository, clock(clock), preproducedOcspResponses,
                new SigningBudget("mjpki.ca.ocsp.nonce-signatures-per-second", properties.getOcsp().getNonceSignaturesPerSecond()),
                new SigningBudget("mjpki.ca.ocsp.on-demand-signatures-per-second", properties.getOcsp().getOnDemandSignaturesPerSecond()));
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfUnique(Clock::systemUTC);
    }
}
