package org.mjpki.ca.embedded;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CertificateRepository.IssuingKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the {@code ca} schema to the CA keys (ADR 0005). The first start against a schema records each CA's public
 * key and certificate; every later start refuses a key store whose CA key is another one, or that lacks the key,
 * rather than publish CRLs and OCSP answers, under a new key, for certificates that key never signed.
 */
final class IssuingKeyBinding {
    private static final Logger log = LoggerFactory.getLogger(IssuingKeyBinding.class);
    private static final String REMEDY = "Restore the key store that holds the recorded key (or point mjpki.ca.keystore.* "
            + "at it), or point the application at the database that belongs to this key store.";

    private final CertificateRepository repository;
    private final Clock clock;

    IssuingKeyBinding(CertificateRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Before creating a CA key: refuses when the schema already holds records of this CA, since a new key would not
     * be the one that signed them.
     */
    void requireNoRecords(IssuingCa ca, String alias, String storage) {
        Optional<IssuingKey> bound = repository.issuingKey(ca);
        if (bound.isPresent()) {
            throw new CertificateAuthorityException(storage + " has no key '" + alias + "', but the ca schema's records "
                    + "belong to the " + ca + " CA key (" + describe(bound.get()) + "). No new key is created (a new key "
                    + "would publish CRLs over certificates it never signed). " + REMEDY);
        }
        if (repository.anySignedBy(ca).isPresent()) {
            throw new CertificateAuthorityException(storage + " has no key '" + alias + "', but the ca schema holds "
                    + "certificates signed by an earlier " + ca + " CA key. No new key is created. " + REMEDY);
        }
    }

    /**
     * With a CA key at hand: checks it is the recorded one, or, on the first start against this schema, that it
     * signed what the schema already holds, and records it.
     */
    void requireOrRecord(IssuingCa ca, X509Certificate caCertificate, String storage) {
        String fingerprint = publicKeySha256(caCertificate);
        Optional<IssuingKey> bound = repository.issuingKey(ca);
        if (bound.isPresent()) {
            requireSame(ca, bound.get(), fingerprint, storage);
            return;
        }
        Optional<byte[]> earlier = repository.anySignedBy(ca);
        if (earlier.isPresent() && !signedBy(earlier.get(), caCertificate)) {
            throw new CertificateAuthorityException("The " + ca + " CA key in " + storage + " (public key SHA-256 "
                    + fingerprint + ") did not sign the certificates the ca schema holds for that CA. " + REMEDY);
        }
        IssuingKey key = new IssuingKey(ca, fingerprint, caCertificate.getSerialNumber(),
                CertificateProfiles.holder(caCertificate).getSubject().toString(), clock.instant());
        try {
            repository.inTransaction(() -> {
                recordCaCertificate(ca, caCertificate);
                repository.insertIssuingKey(key);
                return null;
            });
        } catch (CertificateRepository.DuplicateException raced) {
            // another node recorded a key first: it must be this one
            requireSame(ca, repository.issuingKey(ca).orElseThrow(() -> raced), fingerprint, storage);
            return;
        }
        log.info("Recorded the {} CA key (public key SHA-256 {}, CA certificate serial {}) as the key of the ca schema",
                ca, fingerprint, caCertificate.getSerialNumber().toString(16));
    }

    /** The CA certificate's row: completes the reservation made before it was signed, or records a certificate older than V2. */
    private void recordCaCertificate(IssuingCa ca, X509Certificate caCertificate) {
        byte[] der = CertificateProfiles.encoded(caCertificate);
        Optional<StoredCertificate> row = repository.find(ca, caCertificate.getSerialNumber());
        if (row.isEmpty()) {
            repository.insert(new StoredCertificate(ca, caCertificate.getSerialNumber(), caRequestId(ca, caCertificate),
                    "-", StoredCertificate.Kind.CA, null, -1, "-", caCertificate.getNotBefore().toInstant(),
                    caCertificate.getNotAfter().toInstant(), clock.instant(), StoredCertificate.State.GOOD, null, null,
                    null, null, 0, der));
        } else if (row.get().kind() == StoredCertificate.Kind.CA && !row.get().issued()) {
            repository.recordSigned(ca, caCertificate.getSerialNumber(), der);
        } else if (row.get().kind() != StoredCertificate.Kind.CA || !Arrays.equals(row.get().der(), der)) {
            throw new CertificateAuthorityException("the serial " + caCertificate.getSerialNumber().toString(16)
                    + " of the " + ca + " CA certificate is recorded for another certificate of that CA");
        }
    }

    private static void requireSame(IssuingCa ca, IssuingKey bound, String fingerprint, String storage) {
        if (!bound.publicKeySha256().equals(fingerprint)) {
            throw new CertificateAuthorityException("The " + ca + " CA key in " + storage + " (public key SHA-256 "
                    + fingerprint + ") is not the key the ca schema's records belong to (" + describe(bound)
                    + "). Starting would sign CRLs and OCSP answers for certificates this key never signed. " + REMEDY);
        }
    }

    static String caRequestId(IssuingCa ca, X509Certificate caCertificate) {
        return "ca-certificate:" + ca + ":" + caCertificate.getSerialNumber().toString(16);
    }

    private static String describe(IssuingKey k) {
        return "public key SHA-256 " + k.publicKeySha256() + ", CA certificate serial " + k.serial().toString(16)
                + ", " + k.subject() + ", recorded " + k.recordedAt();
    }

    private static boolean signedBy(byte[] der, X509Certificate ca) {
        try {
            X509.parse(der).verify(ca.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String publicKeySha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
