package org.mjpki.ca.embedded;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.IssuingCa;

/**
 * The embedded CA's settings as the domain sees them (plain Java; built from
 * {@code CaProperties} by the Spring configuration, or directly in tests).
 */
public record CaPolicy(
        Map<IssuingCa, CaIdentity> cas,
        Map<CertificateProfile, String> policyOids,
        Map<CertificateMedium, MediumPublication> media,
        String holderFactsArc,
        String subjectTemplate,
        int serialBytes,
        int keySize,
        String signatureAlgorithm,
        Duration caValidity,
        long maxEntriesPerCrl,
        Duration crlValidity,
        Duration deltaCrlValidity,
        Duration fullCrlMinInterval,
        Duration crlHistoryRetention,
        Duration ocspValidity,
        Duration ocspSignerValidity,
        Duration ocspSignerRenewBefore) {

    /** URL layout under a base URL; fixed, so that the HTTP adapter and the certificates agree. */
    public static final String CRL_PATH = "/pki/crl";
    public static final String OCSP_PATH = "/pki/ocsp";

    /**
     * @param name           distinguished name of the issuing CA
     * @param path           URL path segment of the CA
     * @param ocspSignerName distinguished name of its delegated OCSP signer
     */
    public record CaIdentity(String name, String path, String ocspSignerName) {}

    /**
     * @param baseUrl       base of this medium's URLs, e.g. {@code http://localhost:8080}
     * @param crlPartitions partitions new certificates are spread over
     */
    public record MediumPublication(String baseUrl, int crlPartitions) {}

    public CaPolicy {
        Objects.requireNonNull(cas);
        if (serialBytes < 9 || serialBytes > 20) {
            throw new IllegalArgumentException("serial-bytes must be 9..20 (RFC 5280: at most 20 octets; at least 64 random bits)");
        }
        for (CertificateMedium m : CertificateMedium.values()) {
            if (media.get(m) == null || media.get(m).crlPartitions() < 1) {
                throw new IllegalArgumentException("crl-partitions of " + m + " must be at least 1");
            }
        }
        if (crlHistoryRetention == null || crlHistoryRetention.isNegative()) {
            throw new IllegalArgumentException("crl history-retention must be 0 or more");
        }
        if (maxEntriesPerCrl < 1) {
            throw new IllegalArgumentException("crl max-entries must be at least 1");
        }
        if (cas.get(IssuingCa.SIGNING).path().equals(cas.get(IssuingCa.USER_AUTH).path())) {
            throw new IllegalArgumentException("the two CAs need different URL paths");
        }
    }

    public CaIdentity identity(IssuingCa ca) { return cas.get(ca); }

    public static String mediumPath(CertificateMedium medium) {
        return medium.name().toLowerCase(Locale.ROOT);
    }

    public int partitions(CertificateMedium medium) { return media.get(medium).crlPartitions(); }

    private String base(CertificateMedium medium) {
        String b = media.get(medium).baseUrl();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** The CRL distribution point of one partition, as put in certificates and in the CRL's issuing distribution point. */
    public String crlUrl(CrlScope scope) {
        return base(scope.medium()) + CRL_PATH + "/" + identity(scope.ca()).path() + "/" + mediumPath(scope.medium())
                + "/" + scope.partition() + ".crl";
    }

    /** Where the delta CRL of one partition is published (the complete CRL's freshestCRL). */
    public String deltaCrlUrl(CrlScope scope) {
        return base(scope.medium()) + CRL_PATH + "/" + identity(scope.ca()).path() + "/" + mediumPath(scope.medium())
                + "/" + scope.partition() + "-delta.crl";
    }

    /** The OCSP responder of one CA and medium (AIA id-ad-ocsp). */
    public String ocspUrl(IssuingCa ca, CertificateMedium medium) {
        return base(medium) + OCSP_PATH + "/" + identity(ca).path() + "/" + mediumPath(medium);
    }

    /** Where the CA certificate is published (AIA id-ad-caIssuers). */
    public String caIssuersUrl(IssuingCa ca, CertificateMedium medium) {
        return base(medium) + CRL_PATH + "/" + identity(ca).path() + "/ca.crt";
    }

    public IssuingCa caByPath(String path) {
        for (IssuingCa ca : IssuingCa.values()) {
            if (identity(ca).path().equals(path)) {
                return ca;
            }
        }
        return null;
    }

    public static CertificateMedium mediumByPath(String path) {
        for (CertificateMedium m : CertificateMedium.values()) {
            if (mediumPath(m).equals(path)) {
                return m;
            }
        }
        return null;
    }
}
