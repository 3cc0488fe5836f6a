package org.mjpki.ca;

import java.security.cert.X509Certificate;

public record IssuedCertificate(CertificateRef ref, X509Certificate certificate) {
    @Override
    public String toString() {
        return "IssuedCertificate[" + ref + "]";
    }
}
