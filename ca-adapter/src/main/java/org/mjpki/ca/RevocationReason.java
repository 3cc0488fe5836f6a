package org.mjpki.ca;

/** RFC 5280 CRLReason, with its code. */
public enum RevocationReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CA_COMPROMISE(2),
    /** Name, address, sex or birth date changed. */
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    /** The phone is no longer used (R10), or the holder gave up the set. */
    CESSATION_OF_OPERATION(5),
    /** A temporary hold (lost phone, R10): see {@link CertificateAuthority#placeOnHold}. */
    CERTIFICATE_HOLD(6),
    /** Only in delta CRLs: a hold was released. */
    REMOVE_FROM_CRL(8),
    PRIVILEGE_WITHDRAWN(9),
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) { this.code = code; }

    public int code() { return code; }

    public static RevocationReason ofCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no CRLReason " + code);
    }
}
