package org.mjpki.ca.embedded;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.mjpki.ca.CertificateAuthorityException;

final class X509 {
    private X509() {}

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CertificateAuthorityException("stored certificate cannot be read", e);
        }
    }
}
