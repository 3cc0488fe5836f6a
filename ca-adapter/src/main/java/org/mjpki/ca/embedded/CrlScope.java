package org.mjpki.ca.embedded;

import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.IssuingCa;

/** One CRL partition: the certificates of one CA and medium whose partition number matches. Each has its own CRL number sequence. */
public record CrlScope(IssuingCa ca, CertificateMedium medium, int partition) {
    @Override
    public String toString() {
        return ca + "/" + medium + "/" + partition;
    }
}
