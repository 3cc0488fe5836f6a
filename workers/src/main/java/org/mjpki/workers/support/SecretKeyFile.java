package org.mjpki.workers.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * A secret key kept as hex in a file readable only by the server, created with random bytes on first start where
 * that is allowed (the embedded default; production provisions the file and says no). The key is never logged nor put
 * in an exception message.
 */
public final class SecretKeyFile {

    private SecretKeyFile() {}

    /**
     * @param what          what the key is, for messages ("the SE issuer master key")
     * @param lengths       the lengths in bytes the file may hold
     * @param createLength  the length of a key created when the file is missing and {@code createIfMissing}
     */
    public static byte[] load(Path file, boolean createIfMissing, Set<Integer> lengths, int createLength, String what) {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new IllegalStateException(what + " file " + file + " does not exist");
                }
                byte[] key = new byte[createLength];
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
            if (!hex.matches("([0-9a-fA-F]{2})+") || !lengths.contains(hex.length() / 2)) {
                throw new IllegalStateException(what + " file " + file + " must hold " + lengths + " bytes in hex");
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " file " + file, e);
        }
    }
}
