package org.mjpki.ca.config;

import java.nio.file.Path;
import java.time.Duration;
import org.mjpki.ca.JpkiHolderFacts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every name, OID, URL and limit of the embedded CA, with its default: the one place they live.
 * The defaults are documented in {@code ca-adapter/README.md}. The key store password has no
 * default here: the embedded demo's default sits in {@code org/mjpki/ca/ca-defaults.properties}
 * and is overridden with {@code MJPKI_CA_KEYSTORE_PASSWORD}.
 */
@ConfigurationProperties(prefix = "mjpki.ca")
public class CaProperties {

    /** Where the embedded CA keeps its PKCS#12 key store. */
    private Path dataDir = Path.of("./data/ca");
    /** Public base URL under which {@code /pki/crl/**} and {@code /pki/ocsp/**} are reachable. */
    private String baseUrl = "http://localhost:8080";
    /** RSA modulus size of CA and OCSP signer keys. */
    private int keySize = 2048;
    private String signatureAlgorithm = "SHA256withRSA";
    /** Validity of a newly created (self-signed) issuing CA certificate. */
    private Duration caValidity = Duration.ofDays(7305);
    /** Random bytes per serial number (at least 8; the sign bit is cleared). */
    private int serialBytes = 16;
    /** Subject of end-entity certificates; {@code {serial}} is the serial in upper-case hex. Never holds personal data. */
    private String subjectTemplate = "C=JP,CN={serial}";
    /** Arc of the JPKI basic-four-facts otherName entries in signing certificates (the one default: JpkiHolderFacts). */
    private String holderFactsArc = JpkiHolderFacts.DEFAULT_ARC;

    private final Ca signing = Ca.of("C=JP,O=JPKI,OU=JPKI for digital signature,OU=Japan Agency for Local Authority Information Systems",
            "signing", "C=JP,O=JPKI,OU=JPKI for digital signature,CN=mjpki embedded OCSP responder (signing)");
    private final Ca userAuth = Ca.of("C=JP,O=JPKI,OU=JPKI for user authentication,OU=Japan Agency for Local Authority Information Systems",
            "user-auth", "C=JP,O=JPKI,OU=JPKI for user authentication,CN=mjpki embedded OCSP responder (user-auth)");

    private final Profiles profiles = new Profiles();
    private final Medium card = Medium.of(4);
    private final Medium smartphone = Medium.of(64);
    private final Crl crl = new Crl();
    private final Ocsp ocsp = new Ocsp();
    private final Keystore keystore = new Keystore();

    public static class Ca {
        /** The issuing CA's distinguished name (X.500 order, as printed by openssl). */
        private String name;
        /** The URL path segment of this CA: {@code /pki/crl/<path>/...}, {@code /pki/ocsp/<path>/...}. */
        private String path;
        /** Subject of this CA's delegated OCSP signing certificate. */
        private String ocspSignerName;

        public Ca() {}
        static Ca of(String name, String path, String ocspSignerName) {
            Ca ca = new Ca();
            ca.name = name;
            ca.path = path;
            ca.ocspSignerName = ocspSignerName;
            return ca;
        }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getOcspSignerName() { return ocspSignerName; }
        public void setOcspSignerName(String ocspSignerName) { this.ocspSignerName = ocspSignerName; }
    }

    public static class Profile {
        private String policyOid;
        public Profile() {}
        static Profile of(String policyOid) { Profile p = new Profile(); p.policyOid = policyOid; return p; }
        public String getPolicyOid() { return policyOid; }
        public void setPolicyOid(String policyOid) { this.policyOid = policyOid; }
    }

    /** Certificate policy OIDs: the only thing that tells a smartphone certificate from a card one. */
    public static class Profiles {
        /** Real JPKI signing policy (class 20). */
        private final Profile cardSigning = Profile.of("1.2.392.200149.8.5.1.1.20");
        /** Real JPKI user-authentication policy. */
        private final Profile cardUserAuth = Profile.of("1.2.392.200149.8.5.1.3.30");
        /** PLACEHOLDER (the real OID is disclosed only to registered verifiers): a UUID OID, 2.25 arc, not J-LIS's. */
        private final Profile smartphoneSigning = Profile.of("2.25.320015121812972431071138587218377978192");
        /** PLACEHOLDER (the real OID is disclosed only to registered verifiers): a UUID OID, 2.25 arc, not J-LIS's. */
        private final Profile smartphoneUserAuth = Profile.of("2.25.172394574932226916149084762480607084875");
        public Profile getCardSigning() { return cardSigning; }
        public Profile getCardUserAuth() { return cardUserAuth; }
        public Profile getSmartphoneSigning() { return smartphoneSigning; }
        public Profile getSmartphoneUserAuth() { return smartphoneUserAuth; }
    }

    /** Publication of one medium (card or smartphone): its own URLs and CRL partitions. */
    public static class Medium {
        /** Base URL of this medium's CRL/OCSP URLs; empty means {@code mjpki.ca.base-url}. */
        private String baseUrl = "";
        /** CRL partitions new certificates are spread over (partition = serial mod this). */
        private int crlPartitions;
        public Medium() {}
        static Medium of(int crlPartitions) { Medium m = new Medium(); m.crlPartitions = crlPartitions; return m; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public int getCrlPartitions() { return crlPartitions; }
        public void setCrlPartitions(int crlPartitions) { this.crlPartitions = crlPartitions; }
    }

    public static class Crl {
        /** nextUpdate - thisUpdate of a complete CRL; also how long revoked entries stay after their notAfter. */
        private Duration validity = Duration.ofHours(24);
        /** nextUpdate - thisUpdate of a delta CRL. */
        private Duration deltaValidity = Duration.ofHours(1);
        /** Most unexpired certificates one partition may hold, hence the most entries its CRL can ever list. */
        private long maxEntries = 500_000;
        /** A status change regenerates the complete CRL at most this often (delta CRLs carry the change meanwhile). */
        private Duration fullMinInterval = Duration.ZERO;
        /**
         * How long the records of superseded CRLs (number, dates, entry count; their DER is not kept) stay in
         * {@code ca.crl} for audit; {@code republishAll()} deletes older ones. The newest complete and delta CRL of
         * every partition are always kept. 0 keeps only those.
         */
        private Duration historyRetention = Duration.ofDays(7);
        public Duration getValidity() { return validity; }
        public void setValidity(Duration validity) { this.validity = validity; }
        public Duration getDeltaValidity() { return deltaValidity; }
        public void setDeltaValidity(Duration deltaValidity) { this.deltaValidity = deltaValidity; }
        public long getMaxEntries() { return maxEntries; }
        public void setMaxEntries(long maxEntries) { this.maxEntries = maxEntries; }
        public Duration getFullMinInterval() { return fullMinInterval; }
        public void setFullMinInterval(Duration fullMinInterval) { this.fullMinInterval = fullMinInterval; }
        public Duration getHistoryRetention() { return historyRetention; }
        public void setHistoryRetention(Duration historyRetention) { this.historyRetention = historyRetention; }
    }

    public static class Ocsp {
        /** nextUpdate - thisUpdate of an OCSP response. */
        private Duration validity = Duration.ofHours(1);
        /** Validity of a delegated OCSP signing certificate. */
        private Duration signerValidity = Duration.ofDays(90);
        /** A signer certificate closer than this to its notAfter is replaced at start-up. */
        private Duration signerRenewBefore = Duration.ofDays(30);
        /** A pre-produced response older than this is signed anew (ADR 0030); shorter than {@code validity}. */
        private Duration refreshAfter = Duration.ofMinutes(30);
        /** The most memory the pre-produced responses of one node may take (about 1.9 KB each: 64 MB is ~35,000). */
        private DataSize cacheMaxSize = DataSize.ofMegabytes(64);
        /** Responses a node signs on demand per second to echo a nonce; past it, nonces get the pre-produced response. */
        private int nonceSignaturesPerSecond = 100;
        /**
         * Responses a node signs on demand per second for what nothing pre-produced answers (unknown serials, several
         * CertIDs, other issuers); past it, tryLater (ADR 0034).
         */
        private int onDemandSignaturesPerSecond = 200;
        /**
         * How often a node looks for other nodes' status changes in any case; on PostgreSQL a notification wakes it at
         * once (0 turns the watch off: one node alone, its workers in the same process).
         */
        private Duration statusPollInterval = Duration.ofSeconds(1);
        public Duration getValidity() { return validity; }
        public void setValidity(Duration validity) { this.validity = validity; }
        public Duration getSignerValidity() { return signerValidity; }
        public void setSignerValidity(Duration signerValidity) { this.signerValidity = signerValidity; }
        public Duration getSignerRenewBefore() { return signerRenewBefore; }
        public void setSignerRenewBefore(Duration signerRenewBefore) { this.signerRenewBefore = signerRenewBefore; }
        public Duration getRefreshAfter() { return refreshAfter; }
        public void setRefreshAfter(Duration refreshAfter) { this.refreshAfter = refreshAfter; }
        public DataSize getCacheMaxSize() { return cacheMaxSize; }
        public void setCacheMaxSize(DataSize cacheMaxSize) { this.cacheMaxSize = cacheMaxSize; }
        public int getNonceSignaturesPerSecond() { return nonceSignaturesPerSecond; }
        public int getOnDemandSignaturesPerSecond() { return onDemandSignaturesPerSecond; }
        public void setOnDemandSignaturesPerSecond(int onDemandSignaturesPerSecond) { this.onDemandSignaturesPerSecond = onDemandSignaturesPerSecond; }
        public void setNonceSignaturesPerSecond(int nonceSignaturesPerSecond) { this.nonceSignaturesPerSecond = nonceSignaturesPerSecond; }
        public Duration getStatusPollInterval() { return statusPollInterval; }
        public void setStatusPollInterval(Duration statusPollInterval) { this.statusPollInterval = statusPollInterval; }
    }

    public static class Keystore {
        public enum Type { PKCS12, PKCS11 }
        private Type type = Type.PKCS12;
        /** PKCS#12 file; empty means {@code <data-dir>/ca-keys.p12}. */
        private Path file;
        /** PKCS#12 password or PKCS#11 user PIN. No default in code (see ca-defaults.properties). */
        private String password;
        /**
         * Create missing CA / OCSP signer keys on start-up. {@code true} is for the embedded demo only (it starts with
         * nothing installed); in production set {@code false}, so that a wrong file, slot or PIN fails instead of
         * creating a new CA. (Once the ca schema holds records, a missing CA key is refused either way: ADR 0005.)
         */
        private boolean createMissing = true;
        private final Pkcs11 pkcs11 = new Pkcs11();
        public Type getType() { return type; }
        public void setType(Type type) { this.type = type; }
        public Path getFile() { return file; }
        public void setFile(Path file) { this.file = file; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public boolean isCreateMissing() { return createMissing; }
        public void setCreateMissing(boolean createMissing) { this.createMissing = createMissing; }
        public Pkcs11 getPkcs11() { return pkcs11; }
        @Override public String toString() { return "Keystore[type=" + type + ", file=" + file + ", password=***]"; }
    }

    public static class Pkcs11 {
        /** The PKCS#11 module (Debian softhsm2: /usr/lib/softhsm/libsofthsm2.so). */
        private String library = "/usr/lib/softhsm/libsofthsm2.so";
        /** Index of the token's slot among the slots with a token. */
        private int slotListIndex = 0;
        /** A complete SunPKCS11 configuration file; when set, library and slot-list-index are ignored. */
        private Path configFile;
        public String getLibrary() { return library; }
        public void setLibrary(String library) { this.library = library; }
        public int getSlotListIndex() { return slotListIndex; }
        public void setSlotListIndex(int slotListIndex) { this.slotListIndex = slotListIndex; }
        public Path getConfigFile() { return configFile; }
        public void setConfigFile(Path configFile) { this.configFile = configFile; }
    }

    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public int getKeySize() { return keySize; }
    public void setKeySize(int keySize) { this.keySize = keySize; }
    public String getSignatureAlgorithm() { return signatureAlgorithm; }
    public void setSignatureAlgorithm(String signatureAlgorithm) { this.signatureAlgorithm = signatureAlgorithm; }
    public Duration getCaValidity() { return caValidity; }
    public void setCaValidity(Duration caValidity) { this.caValidity = caValidity; }
    public int getSerialBytes() { return serialBytes; }
    public void setSerialBytes(int serialBytes) { this.serialBytes = serialBytes; }
    public String getSubjectTemplate() { return subjectTemplate; }
    public void setSubjectTemplate(String subjectTemplate) { this.subjectTemplate = subjectTemplate; }
    public String getHolderFactsArc() { return holderFactsArc; }
    public void setHolderFactsArc(String holderFactsArc) { this.holderFactsArc = holderFactsArc; }
    public Ca getSigning() { return signing; }
    public Ca getUserAuth() { return userAuth; }
    public Profiles getProfiles() { return profiles; }
    public Medium getCard() { return card; }
    public Medium getSmartphone() { return smartphone; }
    public Crl getCrl() { return crl; }
    public Ocsp getOcsp() { return ocsp; }
    public Keystore getKeystore() { return keystore; }

    @Override
    public String toString() {
        return "CaProperties[dataDir=" + dataDir + ", baseUrl=" + baseUrl + ", keystore=" + keystore + "]";
    }
}
