package org.mjpki.ca;

/**
 * The four certificate profiles. Card and smartphone profiles of one kind share the issuing CA,
 * its key and the KeyUsage (R5); a smartphone certificate is told apart by its certificate
 * policy OID and carries its own CRL distribution point and OCSP URL.
 */
public enum CertificateProfile {
    CARD_SIGNING(IssuingCa.SIGNING, CertificateMedium.CARD),
    CARD_USER_AUTH(IssuingCa.USER_AUTH, CertificateMedium.CARD),
    SMARTPHONE_SIGNING(IssuingCa.SIGNING, CertificateMedium.SMARTPHONE),
    SMARTPHONE_USER_AUTH(IssuingCa.USER_AUTH, CertificateMedium.SMARTPHONE);

    private final IssuingCa issuingCa;
    private final CertificateMedium medium;

    CertificateProfile(IssuingCa issuingCa, CertificateMedium medium) {
        this.issuingCa = issuingCa;
        this.medium = medium;
    }

    public IssuingCa issuingCa() { return issuingCa; }

    /** Where the key lives: the My Number card or a smartphone. */
    public CertificateMedium medium() { return medium; }

    /** Signing certificates carry the holder's four basic facts; user-authentication ones none. */
    public boolean carriesHolderFacts() { return issuingCa == IssuingCa.SIGNING; }

    public static CertificateProfile of(IssuingCa ca, CertificateMedium medium) {
        for (CertificateProfile p : values()) {
            if (p.issuingCa == ca && p.medium == medium) {
                return p;
            }
        }
        throw new IllegalArgumentException(ca + "/" + medium);
    }
}
