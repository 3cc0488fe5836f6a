package org.mjpki.ca;

/**
 * Publication of the CAs' CRLs. CRLs are also regenerated on demand when a status changed; the
 * scheduler calls {@link #republishAll()} periodically (well within {@code mjpki.ca.crl.validity})
 * so that every CRL is fresh even when nothing changes and nobody asks.
 */
public interface CrlPublisher {
    /**
     * Issues a new complete CRL and a new delta CRL for every partition of both CAs and both media,
     * and recounts each partition's unexpired certificates.
     *
     * @return the number of CRLs published
     */
    int republishAll();
}
