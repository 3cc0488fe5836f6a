package org.mjpki.ca.embedded;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.JpkiHolderFacts;

/**
 * The certificate profiles, field by field.
 *
 * <table>
 *   <tr><th>field</th><th>card / smartphone signing</th><th>card / smartphone user-auth</th></tr>
 *   <tr><td>subject</td><td colspan=2>{@code subject-template} ({@code C=JP,CN=<serial hex>}): no personal data</td></tr>
 *   <tr><td>keyUsage (critical)</td><td>digitalSignature, nonRepudiation</td><td>digitalSignature</td></tr>
 *   <tr><td>certificatePolicies</td><td colspan=2>the profile's policy OID (smartphone ones tell the medium apart)</td></tr>
 *   <tr><td>subjectAltName</td><td>otherName name, sex, birth date, address (JPKI arc)</td><td>none</td></tr>
 *   <tr><td>cRLDistributionPoints</td><td colspan=2>the medium's partition URL</td></tr>
 *   <tr><td>authorityInfoAccess</td><td colspan=2>the medium's OCSP URL, the CA certificate URL</td></tr>
 *   <tr><td>AKI / SKI</td><td colspan=2>SHA-1 key identifiers (RFC 5280 method 1)</td></tr>
 * </table>
 */
public final class CertificateProfiles {
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();
    private final CaPolicy policy;
    private final JcaX509ExtensionUtils extensionUtils;

    public CertificateProfiles(CaPolicy policy) {
        this.policy = policy;
        try {
            this.extensionUtils = new JcaX509ExtensionUtils();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An end-entity certificate of a profile. */
    public X509Certificate holderCertificate(CertificateProfile profile, BigInteger serial, PublicKey subjectKey,
                                             Holder holder, Instant notBefore, Instant notAfter, CrlScope scope,
                                             SigningKey issuer) {
        IssuingCa ca = profile.issuingCa();
        X500Name subject = new X500Name(policy.subjectTemplate().replace("{serial}", serial.toString(16).toUpperCase(Locale.ROOT)));
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer.certificateHolder().getSubject(), serial,
                X509Time.of(notBefore), X509Time.of(notAfter), subject, SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
        try {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils.createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.keyUsage, true, profile.carriesHolderFacts()
                    ? new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                    : new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.certificatePolicies, false,
                    new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(policy.policyOids().get(profile)))));
            if (profile.carriesHolderFacts()) {
                List<GeneralName> names = JpkiHolderFacts.encode(holder, policy.holderFactsArc());
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(uri(policy.crlUrl(scope)))), null, null)}));
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                    new AccessDescription(AccessDescription.id_ad_ocsp, uri(policy.ocspUrl(ca, profile.medium()))),
                    new AccessDescription(AccessDescription.id_ad_caIssuers, uri(policy.caIssuersUrl(ca, profile.medium())))}));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot encode certificate extensions", e);
        }
        return sign(b, issuer.newSigner());
    }

    /** A self-signed issuing CA certificate (JPKI's CAs are self-signed roots). */
    public X509Certificate caCertificate(IssuingCa ca, BigInteger serial, KeyPair keys, Instant notBefore, Instant notAfter,
                                         ContentSigner signer) {
        X500Name name = new X500Name(policy.identity(ca).name());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, serial, Date.from(notBefore), Date.from(notAfter),
                name, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, extensionUtils.createAuthorityKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot encode CA certificate extensions", e);
        }
        return sign(b, signer);
    }

    /** A delegated OCSP signing certificate (RFC 6960 4.2.2.2): id-kp-OCSPSigning, id-pkix-ocsp-nocheck. */
    public X509Certificate ocspSignerCertificate(IssuingCa ca, BigInteger serial, PublicKey signerKey, Instant notBefore,
                                                 Instant notAfter, SigningKey issuer) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer.certificateHolder().getSubject(), serial,
                Date.from(notBefore), Date.from(notAfter), new X500Name(policy.identity(ca).ocspSignerName()),
                SubjectPublicKeyInfo.getInstance(signerKey.getEncoded()));
        try {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils.createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(signerKey));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            b.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot encode OCSP signer extensions", e);
        }
        return sign(b, issuer.newSigner());
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, ContentSigner signer) {
        X509CertificateHolder holder = builder.build(signer);
        try {
            return CONVERTER.getCertificate(holder);
        } catch (CertificateException e) {
            throw new CertificateAuthorityException("cannot convert the signed certificate", e);
        }
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CertificateAuthorityException("cannot encode certificate", e);
        }
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new CertificateAuthorityException("cannot read certificate", e);
        }
    }
}
