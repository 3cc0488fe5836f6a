package org.mjpki.ca.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.embedded.KeyStorage;

/**
 * CA keys in a JCA key store: a PKCS#12 file (the embedded default, created on first start) or a
 * PKCS#11 token through SunPKCS11 (an HSM; SoftHSM2 for tests). Neither the password/PIN nor
 * any key material appears in a message of this class.
 */
public final class JcaKeyStorage implements KeyStorage {
    private final KeyStore keyStore;
    private final Provider provider;        // null: default JCA providers (PKCS#12)
    private final char[] password;
    private final Path file;                // PKCS#12 only
    private final String description;

    private JcaKeyStorage(KeyStore keyStore, Provider provider, char[] password, Path file, String description) {
        this.keyStore = keyStore;
        this.provider = provider;
        this.password = password;
        this.file = file;
        this.description = description;
    }

    /** Opens (or, when absent, prepares to create) a PKCS#12 file. */
    public static JcaKeyStorage pkcs12(Path file, char[] password) {
        requirePassword(password);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, password);
                }
            } else {
                ks.load(null, null);
            }
            return new JcaKeyStorage(ks, null, password.clone(), file, "PKCS#12 key store " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new CertificateAuthorityException("cannot open the CA key store " + file.toAbsolutePath()
                    + " (wrong password, or not a PKCS#12 file): " + e.getClass().getSimpleName(), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateAuthorityException("cannot open the CA key store " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Logs into a PKCS#11 token through SunPKCS11.
     *
     * @param sunPkcs11Config a SunPKCS11 configuration: a file path, or inline text starting with {@code --}
     */
    public static JcaKeyStorage pkcs11(String sunPkcs11Config, char[] pin, String description) {
        requirePassword(pin);
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new CertificateAuthorityException("this JVM has no SunPKCS11 provider");
        }
        Provider p;
        try {
            p = base.configure(sunPkcs11Config);
        } catch (RuntimeException e) {
            throw new CertificateAuthorityException("cannot load the PKCS#11 module of " + description + ": " + e.getMessage(), e);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            return new JcaKeyStorage(ks, p, pin.clone(), null, "PKCS#11 token " + description);
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateAuthorityException("cannot log into the PKCS#11 token " + description
                    + " (wrong PIN, or no token in the slot): " + e.getClass().getSimpleName(), e);
        }
    }

    /** Inline SunPKCS11 configuration for a module and slot index: keys generated on the token, sensitive, not extractable. */
    public static String inlinePkcs11Config(String name, String library, int slotListIndex) {
        return "--name = " + name + "\n"
                + "library = " + library + "\n"
                + "slotListIndex = " + slotListIndex + "\n"
                + "attributes(generate, *, *) = {\n  CKA_TOKEN = true\n}\n"
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n}\n";
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new CertificateAuthorityException("no CA key store password / PIN configured "
                    + "(mjpki.ca.keystore.password or MJPKI_CA_KEYSTORE_PASSWORD)");
        }
    }

    @Override
    public synchronized Optional<KeyEntry> load(String alias) {
        try {
            if (!keyStore.isKeyEntry(alias)) {
                return Optional.empty();
            }
            Key key = keyStore.getKey(alias, password);
            Certificate cert = keyStore.getCertificate(alias);
            if (!(key instanceof PrivateKey pk) || !(cert instanceof X509Certificate x509)) {
                return Optional.empty();
            }
            return Optional.of(new KeyEntry(pk, x509));
        } catch (GeneralSecurityException e) {
            throw new CertificateAuthorityException("cannot read key '" + alias + "' from " + description, e);
        }
    }

    @Override
    public KeyPair generateRsaKeyPair(int bits) {
        try {
            KeyPairGenerator g = provider == null ? KeyPairGenerator.getInstance("RSA") : KeyPairGenerator.getInstance("RSA", provider);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CertificateAuthorityException("cannot generate an RSA key in " + description, e);
        }
    }

    @Override
    public synchronized void store(String alias, PrivateKey privateKey, X509Certificate certificate) {
        try {
            if (keyStore.containsAlias(alias)) {
                keyStore.deleteEntry(alias);
            }
            keyStore.setKeyEntry(alias, privateKey, provider == null ? password : null, new Certificate[] {certificate});
            if (file != null) {
                writeFile();
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateAuthorityException("cannot store key '" + alias + "' in " + description, e);
        }
    }

    private void writeFile() throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ca-keys", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's ACL applies
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                keyStore.store(out, password);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public ContentSigner signer(PrivateKey privateKey, String signatureAlgorithm) {
        try {
            JcaContentSignerBuilder b = new JcaContentSignerBuilder(signatureAlgorithm);
            if (provider != null) {
                b.setProvider(provider);
            }
            return b.build(privateKey);
        } catch (OperatorCreationException e) {
            throw new CertificateAuthorityException("cannot sign with a key of " + description, e);
        }
    }

    @Override
    public String description() {
        return description;
    }

    /** Forgets the password copy held here. */
    public void close() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "JcaKeyStorage[" + description + "]";
    }
}
