package org.mjpki.ca;

import java.math.BigInteger;
import java.util.Locale;

/** Names one certificate: the issuing CA and the serial number (unique within that CA). */
public record CertificateRef(IssuingCa ca, BigInteger serial) {

    public static CertificateRef of(java.security.cert.X509Certificate certificate, IssuingCa ca) {
        return new CertificateRef(ca, certificate.getSerialNumber());
    }

    /** The serial as lowercase hex, as stored and logged. */
    public String serialHex() {
        return serial.toString(16).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return ca + ":" + serialHex();
    }
}
