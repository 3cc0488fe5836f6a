package org.mjpki.applet.client;

import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;

/**
 * An open SCP03 session: the issuer operations (SP-TSM script steps). Every command is C-MACed
 * (and by default encrypted and answered with an R-MAC). A refused MAC closes the session on both
 * sides; open a new one to go on.
 */
public final class IssuerSession {

    static final int INS_GENERATE_KEY_PAIR = 0x46;
    static final int INS_STORE_CERTIFICATE = 0xDA;
    static final int INS_RESET_RETRY_COUNTER = 0x2C;
    static final int INS_TERMINATE = 0xFE;

    private final ApduChannel channel;
    private final Scp03Host scp;
    private final JpkiAppletClient client;

    IssuerSession(ApduChannel channel, Scp03Host scp, SecureRandom random, JpkiAppletClient client) {
        this.channel = channel;
        this.scp = scp;
        this.client = client;
    }

    public boolean isOpen() {
        return scp.isOpen();
    }

    /** Generates (or re-generates) the key pair; refused (6985) once a certificate is stored for it. */
    public RSAPublicKey generateKeyPair(AppletKey role) {
        return JpkiAppletClient.decodeRsaPublicKey("GENERATE KEY PAIR",
                secured("GENERATE KEY PAIR", INS_GENERATE_KEY_PAIR, 0x00, role.code(), null));
    }

    /**
     * Idempotent form for retried scripts: returns the existing public key when the key pair is
     * already there, generates it otherwise. Same single command (P1=01).
     */
    public RSAPublicKey ensureKeyPair(AppletKey role) {
        return JpkiAppletClient.decodeRsaPublicKey("GENERATE KEY PAIR",
                secured("GENERATE KEY PAIR", INS_GENERATE_KEY_PAIR, 0x01, role.code(), null));
    }

    /** Stores (or replaces) the DER certificate for the role; command chaining, at most 4096 bytes. */
    public void storeCertificate(AppletKey role, byte[] der) {
        if (der == null || der.length == 0) {
            throw new IllegalArgumentException("certificate is required");
        }
        secured("STORE CERTIFICATE", INS_STORE_CERTIFICATE, 0, role.code(), der);
    }

    /**
     * Re-issue: a replacement key pair for a personalized key (one with a certificate), kept beside it while the live
     * key goes on signing; asking again answers the same pending key (P1=02). Refused (6985) for a key without a
     * certificate, or while the other key has a replacement pending.
     */
    public RSAPublicKey generateReplacementKeyPair(AppletKey role) {
        return JpkiAppletClient.decodeRsaPublicKey("GENERATE KEY PAIR",
                secured("GENERATE KEY PAIR", INS_GENERATE_KEY_PAIR, 0x02, role.code(), null));
    }

    /**
     * Stores the certificate of the replacement key pair (P1=01): the new key and its certificate take the old ones'
     * place together, the old key is erased, and the holder's authorization for it is withdrawn. Refused (6985)
     * without a pending replacement for the role.
     */
    public void storeReplacementCertificate(AppletKey role, byte[] der) {
        if (der == null || der.length == 0) {
            throw new IllegalArgumentException("certificate is required");
        }
        secured("STORE CERTIFICATE", INS_STORE_CERTIFICATE, 0x01, role.code(), der);
    }

    /** Lock release: resets the retry counter and installs the holder's new (app-encrypted) secret. */
    public void releaseLock(SecretKind kind, EncryptedHolderSecret newSecret) {
        secured("RESET RETRY COUNTER", INS_RESET_RETRY_COUNTER, 0, kind.code(), newSecret.blob());
    }

    /** Erases keys, certificates and secrets; the applet then answers only GET STATUS. */
    public void terminate() {
        secured("TERMINATE", INS_TERMINATE, 0, 0, null);
        scp.close();
    }

    /** The channel and the session's wrapper, for tests in this package that send malformed secured commands. */
    ApduChannel channel() {
        return channel;
    }

    Scp03Host scp() {
        return scp;
    }

    /** The client this session runs on. */
    public JpkiAppletClient client() {
        return client;
    }

    private byte[] secured(String command, int ins, int p1, int p2, byte[] data) {
        if (!scp.isOpen()) {
            throw new SecureChannelException(command + " refused: secure channel is closed",
                    StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        }
        return JpkiAppletClient.check(command, channel.exchange(0x80, ins, p1, p2, data, scp));
    }
}
