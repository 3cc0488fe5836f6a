package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.SerialNumberPolicy;

class CertificateProfilesTest {
    private static final String SIGNING_CA = "C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems";
    private static final String AUTH_CA = "C=JP, O=JPKI, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems";
    private final CaTestSupport t = CaTestSupport.postgres();

    @ParameterizedTest
    @EnumSource(CertificateProfile.class)
    void everyProfileFieldByField(CertificateProfile profile) throws Exception {
        IssueRequest request = t.request(profile);
        IssuedCertificate issued = t.ca.issue(request);
        X509Certificate cert = issued.certificate();
        X509CertificateHolder h = new X509CertificateHolder(cert.getEncoded());
        boolean signing = profile.issuingCa() == IssuingCa.SIGNING;

        // issuer, signature, validity, version
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        X509Certificate caCert = t.ca.caCertificates().get(signing ? 0 : 1);
        cert.verify(caCert.getPublicKey());
        assertThat(h.getIssuer().toString()).isEqualTo(new X509CertificateHolder(caCert.getEncoded()).getSubject().toString());
        assertThat(h.getIssuer().toString().replace(",", ", ")).isEqualTo(signing ? SIGNING_CA : AUTH_CA);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(request.notAfter());
        assertThat(cert.getNotBefore().toInstant()).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(cert.getPublicKey()).isEqualTo(request.subjectPublicKey());

        // serial: positive, >= 64 bits, the ref's
        BigInteger serial = cert.getSerialNumber();
        assertThat(serial.signum()).isPositive();
        assertThat(serial.bitLength()).isGreaterThan(64).isLessThanOrEqualTo(159);
        assertThat(issued.ref()).isEqualTo(new CertificateRef(profile.issuingCa(), serial));

        // subject: no personal data, no holderRef
        assertThat(h.getSubject().toString()).isEqualTo("C=JP,CN=" + serial.toString(16).toUpperCase());
        assertThat(new String(cert.getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(request.holder().holderRef());

        // keyUsage: critical, same for card and smartphone of a kind
        assertThat(cert.getCriticalExtensionOIDs()).containsExactly(Extension.keyUsage.getId());
        boolean[] ku = cert.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[1]).as("nonRepudiation").isEqualTo(signing);
        for (int i = 2; i < ku.length; i++) {
            assertThat(ku[i]).isFalse();
        }
        assertThat(cert.getExtendedKeyUsage()).isNull();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);

        // policy OID tells the profile
        CertificatePolicies policies = CertificatePolicies.fromExtensions(h.getExtensions());
        assertThat(policies.getPolicyInformation()).hasSize(1);
        String oid = policies.getPolicyInformation()[0].getPolicyIdentifier().getId();
        assertThat(oid).isEqualTo(switch (profile) {
            case CARD_SIGNING -> "1.2.392.200149.8.5.1.1.20";
            case CARD_USER_AUTH -> "1.2.392.200149.8.5.1.3.30";
            case SMARTPHONE_SIGNING -> "2.25.320015121812972431071138587218377978192";
            case SMARTPHONE_USER_AUTH -> "2.25.172394574932226916149084762480607084875";
        });

        // CRL distribution point: the medium's partition chosen from the serial
        String medium = profile.medium() == CertificateMedium.CARD ? "card" : "smartphone";
        String caPath = signing ? "signing" : "user-auth";
        int partitions = profile.medium() == CertificateMedium.CARD ? 2 : 8;
        int partition = SerialNumberPolicy.partitionOf(serial, partitions);
        CRLDistPoint dps = CRLDistPoint.fromExtensions(h.getExtensions());
        assertThat(dps.getDistributionPoints()).hasSize(1);
        GeneralName dpName = GeneralNames.getInstance(dps.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0];
        assertThat(dpName.getName().toString())
                .isEqualTo("http://localhost:8080/pki/crl/" + caPath + "/" + medium + "/" + partition + ".crl")
                .isEqualTo(t.policy.crlUrl(new CrlScope(profile.issuingCa(), profile.medium(), partition)));

        // AIA: OCSP of the medium, CA certificate
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(h.getExtensions());
        AccessDescription[] ads = aia.getAccessDescriptions();
        assertThat(ads).hasSize(2);
        assertThat(ads[0].getAccessMethod()).isEqualTo(AccessDescription.id_ad_ocsp);
        assertThat(ads[0].getAccessLocation().getName().toString()).isEqualTo("http://localhost:8080/pki/ocsp/" + caPath + "/" + medium);
        assertThat(ads[1].getAccessMethod()).isEqualTo(AccessDescription.id_ad_caIssuers);
        assertThat(ads[1].getAccessLocation().getName().toString()).isEqualTo("http://localhost:8080/pki/crl/" + caPath + "/ca.crt");

        // key identifiers
        assertThat(h.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(h.getExtension(Extension.authorityKeyIdentifier)).isNotNull();

        // subjectAltName: the four basic facts in signing certificates only
        if (signing) {
            JpkiHolderFacts.Facts facts = JpkiHolderFacts.decode(cert, JpkiHolderFacts.DEFAULT_ARC);
            assertThat(facts.name()).isEqualTo("山田 太郎");
            assertThat(facts.birthDate()).isEqualTo(LocalDate.of(1985, 4, 1));
            assertThat(facts.sex()).isEqualTo("1");
            assertThat(facts.address()).isEqualTo("東京都千代田区千代田1-1");
            List<String> oids = cert.getSubjectAlternativeNames().stream()
                    .map(san -> otherNameOid((byte[]) san.get(1))).toList();
            assertThat(oids).containsExactly("1.2.392.200149.8.5.5.1", "1.2.392.200149.8.5.5.4",
                    "1.2.392.200149.8.5.5.3", "1.2.392.200149.8.5.5.5");
            assertThat(birthDateValue(cert)).isEqualTo("319850401");       // Showa era digit + Gregorian date
        } else {
            assertThat(cert.getSubjectAlternativeNames()).isNull();
        }
        assertThat(cert.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                signing
                        ? new String[] {"2.5.29.35", "2.5.29.14", "2.5.29.32", "2.5.29.17", "2.5.29.31", "1.3.6.1.5.5.7.1.1"}
                        : new String[] {"2.5.29.35", "2.5.29.14", "2.5.29.32", "2.5.29.31", "1.3.6.1.5.5.7.1.1"});
    }

    @Test
    void cardAndSmartphoneOfAKindShareCaKeyAndKeyUsageButNotPolicyOrUrls() throws Exception {
        X509Certificate card = t.issue(CertificateProfile.CARD_SIGNING).certificate();
        X509Certificate phone = t.issue(CertificateProfile.SMARTPHONE_SIGNING).certificate();
        assertThat(card.getIssuerX500Principal()).isEqualTo(phone.getIssuerX500Principal());
        card.verify(t.ca.caCertificates().get(0).getPublicKey());
        phone.verify(t.ca.caCertificates().get(0).getPublicKey());
        assertThat(card.getKeyUsage()).isEqualTo(phone.getKeyUsage());
        assertThat(card.getExtensionValue("2.5.29.32")).isNotEqualTo(phone.getExtensionValue("2.5.29.32"));
        assertThat(card.getExtensionValue("1.3.6.1.5.5.7.1.1")).isNotEqualTo(phone.getExtensionValue("1.3.6.1.5.5.7.1.1"));
    }

    @Test
    void caCertificatesAreSelfSignedRootsWithCrlSign() throws Exception {
        List<X509Certificate> cas = t.ca.caCertificates();
        assertThat(cas).hasSize(2);
        for (X509Certificate c : cas) {
            c.verify(c.getPublicKey());
            assertThat(c.getBasicConstraints()).isEqualTo(0);
            assertThat(c.getKeyUsage()[5]).as("keyCertSign").isTrue();
            assertThat(c.getKeyUsage()[6]).as("cRLSign").isTrue();
            assertThat(c.getSigAlgName()).isEqualTo("SHA256withRSA");
        }
        assertThat(cas.get(0).getSubjectX500Principal().getName()).contains("OU=JPKI for digital signature");
        assertThat(cas.get(1).getSubjectX500Principal().getName()).contains("OU=JPKI for user authentication");
    }

    @Test
    void holderFactsEncodingOfEraAndSex() {
        assertThat(JpkiHolderFacts.birthDate(LocalDate.of(2019, 5, 1))).isEqualTo("520190501");
        assertThat(JpkiHolderFacts.birthDate(LocalDate.of(2019, 4, 30))).isEqualTo("420190430");
        assertThat(JpkiHolderFacts.birthDate(LocalDate.of(1989, 1, 7))).isEqualTo("319890107");
        assertThat(JpkiHolderFacts.birthDate(LocalDate.of(1926, 12, 24))).isEqualTo("219261224");
        assertThat(JpkiHolderFacts.sexCode("F")).isEqualTo("2");
        assertThat(JpkiHolderFacts.sexCode("male")).isEqualTo("1");
        assertThat(JpkiHolderFacts.sexCode("?")).isNull();
    }

    @Test
    void userAuthProfileNeedsNoPersonalDataButSigningDoes() throws Exception {
        IssueRequest anonymous = new IssueRequest(CaTestSupport.id(), CertificateProfile.SMARTPHONE_USER_AUTH,
                CaTestSupport.rsaKey().getPublic(), Holder.anonymous("h-" + CaTestSupport.id()), t.notAfter());
        assertThat(t.ca.issue(anonymous).certificate().getSubjectAlternativeNames()).isNull();
        IssueRequest noFacts = new IssueRequest(CaTestSupport.id(), CertificateProfile.SMARTPHONE_SIGNING,
                CaTestSupport.rsaKey().getPublic(), Holder.anonymous("h-" + CaTestSupport.id()), t.notAfter());
        assertThatThrownBy(() -> t.ca.issue(noFacts)).isInstanceOf(CertificateRequestRejectedException.class)
                .hasMessageContaining("name");
    }

    private static String otherNameOid(byte[] generalName) {
        try {
            var seq = JpkiHolderFacts.otherNameSequence(generalName);
            return ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String birthDateValue(X509Certificate cert) throws Exception {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            var seq = JpkiHolderFacts.otherNameSequence((byte[]) san.get(1));
            if (ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId().endsWith(".4")) {
                org.bouncycastle.asn1.ASN1Encodable v = seq.getObjectAt(1);
                while (v instanceof org.bouncycastle.asn1.ASN1TaggedObject tagged) {
                    v = tagged.getExplicitBaseObject();
                }
                assertThat(v).isInstanceOf(org.bouncycastle.asn1.DERUTF8String.class);
                return v.toString();
            }
        }
        return null;
    }
}
