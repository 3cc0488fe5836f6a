package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.IssuingCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the two issuing CAs and of their delegated OCSP signers, loaded from a
 * {@link KeyStorage} and created there on first start (when allowed). Aliases:
 * {@code <ca path>-ca} and {@code <ca path>-ocsp}.
 */
public final class CaKeyRing {
    private static final Logger log = LoggerFactory.getLogger(CaKeyRing.class);

    private final Map<IssuingCa, SigningKey> caKeys = new EnumMap<>(IssuingCa.class);
    /** Replaced while the CA runs (renewal), read by every OCSP response. */
    private final Map<IssuingCa, SigningKey> ocspKeys = new java.util.concurrent.ConcurrentHashMap<>();

    private final KeyStorage storage;
    private final boolean createMissing;
    private final CaPolicy policy;
    private final CertificateProfiles profiles;
    private final SerialNumberPolicy serials;
    private final CertificateRepository repository;
    private final Clock clock;

    private CaKeyRing(KeyStorage storage, boolean createMissing, CaPolicy policy, CertificateProfiles profiles,
                      SerialNumberPolicy serials, CertificateRepository repository, Clock clock) {
        this.storage = storage;
        this.createMissing = createMissing;
        this.policy = policy;
        this.profiles = profiles;
        this.serials = serials;
        this.repository = repository;
        this.clock = clock;
    }

    public SigningKey ca(IssuingCa ca) { return caKeys.get(ca); }

    public SigningKey ocspSigner(IssuingCa ca) { return ocspKeys.get(ca); }

    /**
     * Loads the keys, creating what is missing (and replacing OCSP signer certificates close to expiry). Refuses a
     * CA key other than the one the ca schema's records belong to (ADR 0005). Every certificate created here is
     * recorded like any certificate the CA signs: reserved first, signed, then completed (ADR 0006).
     */
    public static CaKeyRing open(KeyStorage storage, boolean createMissing, CaPolicy policy, CertificateProfiles profiles,
                                 SerialNumberPolicy serials, CertificateRepository repository, Clock clock) {
        CaKeyRing ring = new CaKeyRing(storage, createMissing, policy, profiles, serials, repository, clock);
        IssuingKeyBinding binding = new IssuingKeyBinding(repository, clock);
        for (IssuingCa ca : IssuingCa.values()) {
            String path = policy.identity(ca).path();
            String caAlias = path + "-ca";
            Optional<KeyStorage.KeyEntry> entry = storage.load(caAlias);
            SigningKey caKey;
            if (entry.isPresent()) {
                X509Certificate cert = entry.get().certificate();
                if (!CertificateProfiles.holder(cert).getSubject().equals(new org.bouncycastle.asn1.x500.X500Name(policy.identity(ca).name()))) {
                    throw new CertificateAuthorityException("the " + ca + " CA key in " + storage.description()
                            + " belongs to '" + cert.getSubjectX500Principal() + "', not to the configured name '"
                            + policy.identity(ca).name() + "'");
                }
                binding.requireOrRecord(ca, cert, storage.description());
                caKey = new StoredSigningKey(storage, entry.get().privateKey(), cert, policy.signatureAlgorithm());
            } else {
                binding.requireNoRecords(ca, caAlias, storage.description());   // before anything is created
                requireCreation(createMissing, storage, caAlias);
                KeyPair kp = storage.generateRsaKeyPair(policy.keySize());
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                Instant notAfter = now.plus(policy.caValidity());
                X509Certificate cert = ring.signRecorded(ca, StoredCertificate.Kind.CA, "ca-certificate:" + ca, now, notAfter,
                        serial -> profiles.caCertificate(ca, serial, kp, now, notAfter,
                                storage.signer(kp.getPrivate(), policy.signatureAlgorithm())));
                storage.store(caAlias, kp.getPrivate(), cert);
                binding.requireOrRecord(ca, cert, storage.description());
                log.info("Created the {} CA key and self-signed certificate {} (SHA-256 {}) in {}", ca,
                        cert.getSubjectX500Principal(), fingerprint(cert), storage.description());
                caKey = new StoredSigningKey(storage, kp.getPrivate(), cert, policy.signatureAlgorithm());
            }
            ring.caKeys.put(ca, caKey);

            ring.ensureOcspSigner(ca);
        }
        return ring;
    }

    /**
     * Replaces each delegated OCSP signer certificate that is within {@code ocsp.signer-renew-before} of its
     * end (or no longer signed by its CA). Called at start and on every scheduled republication, so a node that
     * runs for months never signs with an expired signer. Returns how many were renewed.
     */
    public synchronized int renewDueOcspSigners() {
        int renewed = 0;
        for (IssuingCa ca : IssuingCa.values()) {
            SigningKey before = ocspKeys.get(ca);
            try {
                ensureOcspSigner(ca);
            } catch (CertificateAuthorityException e) {
                // e.g. keys may not be created here (HSM): keep signing with the current one and say so
                log.warn("The {} OCSP signer is due for renewal but could not be renewed: {}", ca, e.getMessage());
            }
            if (ocspKeys.get(ca) != before) {
                renewed++;
            }
        }
        return renewed;
    }

    private void ensureOcspSigner(IssuingCa ca) {
        String path = policy.identity(ca).path();
        SigningKey caKey = caKeys.get(ca);
        SigningKey current = ocspKeys.get(ca);
        Instant renewAt = clock.instant().plus(policy.ocspSignerRenewBefore());
        if (current != null && current.certificate().getNotAfter().toInstant().isAfter(renewAt)) {
            return;
        }
        String ocspAlias = path + "-ocsp";
        Optional<KeyStorage.KeyEntry> ocsp = storage.load(ocspAlias);
        if (ocsp.isPresent() && ocsp.get().certificate().getNotAfter().toInstant().isAfter(renewAt)
                && signedBy(ocsp.get().certificate(), caKey.certificate())) {
            recordIfMissing(ca, ocsp.get().certificate(), "ocsp-signer:" + path);
            ocspKeys.put(ca, new StoredSigningKey(storage, ocsp.get().privateKey(), ocsp.get().certificate(),
                    policy.signatureAlgorithm()));
        } else {
            requireCreation(createMissing, storage, ocspAlias);
            KeyPair kp = storage.generateRsaKeyPair(policy.keySize());
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant caNotAfter = caKey.certificate().getNotAfter().toInstant();
            Instant wanted = now.plus(policy.ocspSignerValidity());
            Instant notAfter = wanted.isAfter(caNotAfter) ? caNotAfter : wanted;
            X509Certificate cert = signRecorded(ca, StoredCertificate.Kind.OCSP_SIGNER, "ocsp-signer:" + path, now, notAfter,
                    serial -> profiles.ocspSignerCertificate(ca, serial, kp.getPublic(), now, notAfter, caKey));
            storage.store(ocspAlias, kp.getPrivate(), cert);
            log.info("Created the {} delegated OCSP signer {} serial {} valid until {} in {}", ca,
                    cert.getSubjectX500Principal(), cert.getSerialNumber().toString(16), cert.getNotAfter(),
                    storage.description());
            ocspKeys.put(ca, new StoredSigningKey(storage, kp.getPrivate(), cert, policy.signatureAlgorithm()));
        }
    }

    /**
     * One of the CA's own certificates, as for holder certificates: a serial is reserved (a collision draws another,
     * before anything is signed), then the certificate is signed and its row completed.
     */
    private X509Certificate signRecorded(IssuingCa ca, StoredCertificate.Kind kind, String requestIdPrefix, Instant notBefore,
                                         Instant notAfter, Function<BigInteger, X509Certificate> signer) {
        for (int attempt = 0; ; attempt++) {
            BigInteger serial = serials.next();
            StoredCertificate reservation = StoredCertificate.reserved(ca, serial, requestIdPrefix + ":" + serial.toString(16),
                    "-", kind, null, -1, "-", notBefore, notAfter, clock.instant());
            try {
                repository.inTransaction(() -> {
                    repository.insert(reservation);
                    return null;
                });
            } catch (CertificateRepository.DuplicateException e) {
                if (attempt > 5) {
                    throw new CertificateAuthorityException("no free serial number for a " + kind + " certificate", e);
                }
                continue;
            }
            X509Certificate cert = signer.apply(serial);
            repository.inTransaction(() -> {
                repository.recordSigned(ca, serial, CertificateProfiles.encoded(cert));
                return null;
            });
            return cert;
        }
    }

    /**
     * A signer found in the key store but not in this schema (a key store that outlived its database, or older
     * than the records) is recorded, so that every certificate the CA answers with is one it records.
     */
    private void recordIfMissing(IssuingCa ca, X509Certificate cert, String requestIdPrefix) {
        Optional<StoredCertificate> row = repository.find(ca, cert.getSerialNumber());
        byte[] der = CertificateProfiles.encoded(cert);
        if (row.isPresent()) {
            if (!java.util.Arrays.equals(row.get().der(), der)) {
                throw new CertificateAuthorityException("the " + ca + " OCSP signer's serial "
                        + cert.getSerialNumber().toString(16) + " is recorded for another certificate of that CA");
            }
            return;
        }
        repository.inTransaction(() -> {
            repository.insert(new StoredCertificate(ca, cert.getSerialNumber(), requestIdPrefix + ":"
                    + cert.getSerialNumber().toString(16), "-", StoredCertificate.Kind.OCSP_SIGNER, null, -1, "-",
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), clock.instant(),
                    StoredCertificate.State.GOOD, null, null, null, null, 0, der));
            return null;
        });
        log.info("Recorded the {} OCSP signer certificate {} found in {}", ca, cert.getSerialNumber().toString(16),
                storage.description());
    }

    private static void requireCreation(boolean createMissing, KeyStorage storage, String alias) {
        if (!createMissing) {
            throw new CertificateAuthorityException("no usable key '" + alias + "' in " + storage.description()
                    + " and mjpki.ca.keystore.create-missing is false");
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (Exception e) {
            return "?";
        }
    }
}
