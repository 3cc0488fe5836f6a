package org.mjpki.workers.se;

import org.mjpki.workers.support.SecretKeyFile;

import java.nio.file.Path;
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
        return new IssuerKeys(SecretKeyFile.load(file, createIfMissing, java.util.Set.of(16, 32), 16,
                "the SE issuer master key"));
    }

    /** The static secure-channel keys of the applet on {@code seId}. */
    public SecureChannelKeys forSecureElement(String seId) {
        return SecureChannelKeys.diversify(masterKey, seId);
    }
}
