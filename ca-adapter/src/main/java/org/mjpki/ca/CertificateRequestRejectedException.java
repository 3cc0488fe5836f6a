package org.mjpki.ca;

/** Bad input or a refused request (bad key, notAfter past the CA's, revoked cannot be released, request id reused with other content): never retried. */
public class CertificateRequestRejectedException extends RuntimeException {
    public CertificateRequestRejectedException(String message) { super(message); }
    public CertificateRequestRejectedException(String message, Throwable cause) { super(message, cause); }
}
