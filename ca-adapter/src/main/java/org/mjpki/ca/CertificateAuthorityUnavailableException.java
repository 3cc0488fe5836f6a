package org.mjpki.ca;

/**
 * The CA — the JPKI system — cannot be reached now (an outage: the October 2025 one blocked issuing for about 36 hours):
 * nothing was done, and the same request later will do. Not a refusal and not a fault of the request: a caller waits
 * and asks again, without counting it as a failure. Verification (CRLs, OCSP, status) does not wait on the issuing path.
 */
public class CertificateAuthorityUnavailableException extends CertificateAuthorityException {
    public CertificateAuthorityUnavailableException(String message) {
        super(message);
    }
}
