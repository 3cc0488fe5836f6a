package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.util.Collection;
import org.mjpki.ca.IssuingCa;

/**
 * Told that certificates' statuses changed, once the change is committed (or may be: a commit whose outcome is unknown
 * counts), so that whatever was derived from the old status goes before the caller learns the change is done.
 */
public interface CertificateStatusListener {

    /** For a CA that serves no OCSP in the same process. */
    CertificateStatusListener NONE = (ca, serials) -> { };

    void statusChanged(IssuingCa ca, Collection<BigInteger> serials);
}
