package org.mjpki.ca;

/** A technical failure (database, key store, HSM): nothing was changed or the change is safe to repeat; retry with the same request id. */
public class CertificateAuthorityException extends RuntimeException {
    public CertificateAuthorityException(String message) { super(message); }
    public CertificateAuthorityException(String message, Throwable cause) { super(message, cause); }
}
