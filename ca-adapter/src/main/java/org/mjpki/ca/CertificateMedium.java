package org.mjpki.ca;

/** Where a certificate's key lives. Each medium has its own CRL distribution points and OCSP URL (R5). */
public enum CertificateMedium {
    CARD, SMARTPHONE
}
