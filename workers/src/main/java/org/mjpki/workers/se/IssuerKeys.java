package org.mjpki.workers.se;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.mjpki.applet.client.SecureChannelKeys;

/**
 * The issuer's secure-channel master key, from which each phone's static SCP03 keys are diversified by its SE
 * id. The key lives in a file readable only by the server; the embedded default creates one on first start.
 * The key itself is never logged nor put in an exception message.
 */
public final class IssuerKeys {

    private final byte[] masterKey;

    private IssuerKeys(byte[] masterKey) {
        this.masterKey = masterKey;
    }

    public static IssuerKeys load(Path file, boolean createIfMissing) {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new IllegalStateException("the SE issuer master key file " + file + " does not exist");
                }
                byte[] key = new byte[16];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, HexFormat.of().formatHex(key), StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a non-POSIX file system: rely on the data folder's own protection
                }
            }
            String hex = Files.readString(file).trim();
            if (!hex.matches("([0-9a-fA-F]{2}){16}|([0-9a-fA-F]{2}){32}")) {
                throw new IllegalStateException("the SE issuer master key file " + file + " must hold 16 or 32 bytes in hex");
            }
            return new IssuerKeys(HexFormat.of().parseHex(hex));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SE issuer master key file " + file, e);
        }
    }

    /** The static secure-channel keys of the applet on {@code seId}. */
    public SecureChannelKeys forSecureElement(String seId) {
        return SecureChannelKeys.diversify(masterKey, seId);
    }
}
