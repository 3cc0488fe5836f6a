package org.mjpki.applet.client;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * Typed host side of the JPKI applet. One instance per transport; not thread-safe (an APDU
 * channel is a sequence). The holder-side methods are what the app on the phone does; the
 * issuer operations go through {@link #openIssuerSession(SecureChannelKeys)}.
 */
public final class JpkiAppletClient {

    /** The applet instance AID: F0 4D 4A 50 4B 49 01 01 ("MJPKI" private RID range, version 1). */
    public static final byte[] AID = {
        (byte) 0xF0, 0x4D, 0x4A, 0x50, 0x4B, 0x49, 0x01, 0x01
    };

    static final int INS_GET_STATUS = 0x10;
    static final int INS_GET_TRANSPORT_KEY = 0x12;
    static final int INS_VERIFY = 0x20;
    static final int INS_SET_INITIAL_SECRET = 0x24;
    /** CHANGE REFERENCE DATA: the ISO class (00) with SET INITIAL SECRET's INS. */
    static final int INS_CHANGE_REFERENCE_DATA = 0x24;
    static final int INS_SIGN = 0x2A;
    static final int INS_READ_PUBLIC_KEY = 0x47;
    static final int INS_READ_CERTIFICATE = 0xCA;
    static final int INS_GET_CHALLENGE = 0x84;
    static final int INS_REGISTER_BIOMETRIC_KEY = 0xE1;
    static final int INS_BIOMETRIC_ASSERTION = 0xE2;
    static final int INS_REMOVE_BIOMETRIC_KEY = 0xE3;

    private final ApduChannel channel;
    private final SecureRandom random;

    public JpkiAppletClient(ApduTransport transport) {
        this(transport, new SecureRandom());
    }

    public JpkiAppletClient(ApduTransport transport, SecureRandom random) {
        if (transport == null) {
            throw new IllegalArgumentException("transport is required");
        }
        this.channel = new ApduChannel(transport);
        this.random = random;
    }

    /** A copy of {@link #AID}. */
    public static byte[] aid() {
        return AID.clone();
    }

    /** Number of APDUs this client has sent (GET RESPONSE included): one round trip each. */
    public int apduCount() {
        return channel.roundTrips();
    }

    public void select() {
        ApduChannel.Response r = channel.exchange(ApduChannel.CLA_ISO, 0xA4, 0x04, 0x00, AID.clone(), null);
        check("SELECT", r);
    }

    public AppletStatus status() {
        return AppletStatus.decode(check("GET STATUS", plain(INS_GET_STATUS, 0, 0, null)));
    }

    public RSAPublicKey readPublicKey(AppletKey role) {
        return decodeRsaPublicKey("READ PUBLIC KEY", check("READ PUBLIC KEY", plain(INS_READ_PUBLIC_KEY, 0, role.code(), null)));
    }

    /** The stored certificate, DER. */
    public byte[] readCertificate(AppletKey role) {
        return check("READ CERTIFICATE", plain(INS_READ_CERTIFICATE, 0, role.code(), null));
    }

    /** Opens an SCP03 session at security level C-MAC + C-DECRYPTION + R-MAC. */
    public IssuerSession openIssuerSession(SecureChannelKeys keys) {
        return openIssuerSession(keys, Scp03Host.LEVEL_DEFAULT);
    }

    /**
     * Opens an SCP03 session at a chosen security level: 0x01 (C-MAC), 0x03 (+C-DECRYPTION),
     * 0x11 (+R-MAC) or 0x13 (all three).
     */
    public IssuerSession openIssuerSession(SecureChannelKeys keys, int securityLevel) {
        return new IssuerSession(channel, Scp03Host.open(channel, keys, securityLevel, random), random, this);
    }

    /** Sets the password or PIN the first time; the secret is encrypted app → applet. */
    public void setInitialSecret(SecretKind kind, byte[] secret) {
        EncryptedHolderSecret blob = encryptNewSecret(kind, secret);
        check("SET INITIAL SECRET", plain(INS_SET_INITIAL_SECRET, 0, kind.code(), blob.blob()));
    }

    /**
     * Changes a known password or PIN on the phone (R9): the applet checks {@code current} as VERIFY does and takes
     * {@code replacement}, encrypted for it, in the same command (GET TRANSPORT KEY + CHANGE REFERENCE DATA, 2 APDUs).
     * Both are checked for their form first (nothing is sent otherwise). A wrong current secret throws
     * {@link WrongSecretException}, a blocked one {@link SecretBlockedException}. The kind's authorization is withdrawn:
     * verify the new secret before signing.
     */
    public void changeSecret(SecretKind kind, byte[] current, byte[] replacement) {
        if (current == null || !kind.isWellFormed(current)) {
            throw new IllegalArgumentException("the current " + describe(kind));
        }
        EncryptedHolderSecret blob = encryptNewSecret(kind, replacement);
        byte[] sealed = blob.blob();
        byte[] data = new byte[1 + current.length + sealed.length];
        data[0] = (byte) current.length;
        System.arraycopy(current, 0, data, 1, current.length);
        System.arraycopy(sealed, 0, data, 1 + current.length, sealed.length);
        try {
            check("CHANGE REFERENCE DATA " + kind,
                    channel.exchange(ApduChannel.CLA_ISO, INS_CHANGE_REFERENCE_DATA, 0, kind.code(), data, null));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static String describe(SecretKind kind) {
        return kind == SecretKind.SIGNING_PASSWORD ? "signing password must be 6-16 characters A-Z, 0-9"
                : "user-auth PIN must be 4 digits";
    }

    /**
     * Encrypts a new password or PIN for this applet (lock release): the result is relayed by the
     * server to {@link IssuerSession#releaseLock}. It is bound to the applet's current transport
     * counter, so it is single-use and goes stale once any other secret is installed.
     */
    public EncryptedHolderSecret encryptNewSecret(SecretKind kind, byte[] secret) {
        if (secret == null || !kind.isWellFormed(secret)) {
            throw new IllegalArgumentException(describe(kind));
        }
        byte[] transportKey = check("GET TRANSPORT KEY", plain(INS_GET_TRANSPORT_KEY, 0, 0, null));
        return new EncryptedHolderSecret(HolderSecretCipher.seal(kind, secret, transportKey, random));
    }

    /**
     * The applet's transport counter now (GET TRANSPORT KEY, plain): a blob opens only while it equals the blob's
     * {@link EncryptedHolderSecret#counter()}, and every installed secret moves it on. Not secret.
     */
    public long transportCounter() {
        byte[] transportKey = check("GET TRANSPORT KEY", plain(INS_GET_TRANSPORT_KEY, 0, 0, null));
        if (transportKey.length != 69) {
            throw new AppletException("GET TRANSPORT KEY returned a malformed key", StatusWords.OK);
        }
        return ((transportKey[65] & 0xFFL) << 24) | ((transportKey[66] & 0xFFL) << 16) | ((transportKey[67] & 0xFFL) << 8)
                | (transportKey[68] & 0xFFL);
    }

    /** VERIFY; throws {@link WrongSecretException} (63Cx) or {@link SecretBlockedException} (6983). */
    public void verify(SecretKind kind, byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("secret is required");
        }
        ApduChannel.Response r = channel.exchange(ApduChannel.CLA_ISO, INS_VERIFY, 0, kind.code(), secret, null);
        check("VERIFY " + kind, r);
    }

    /** Signs data || identification info with the key of the role (after VERIFY or a biometric assertion). */
    public SignatureResult sign(AppletKey role, byte[] data) {
        byte[] r = check("SIGN", plain(INS_SIGN, 0, role.code(), data));
        if (r.length != SignatureIdentification.LENGTH + 256) {
            throw new AppletException("SIGN returned " + r.length + " bytes, expected 267", StatusWords.OK);
        }
        SignatureIdentification id;
        try {
            id = SignatureIdentification.decode(Arrays.copyOf(r, SignatureIdentification.LENGTH));
        } catch (IllegalArgumentException e) {
            throw new AppletException("SIGN returned malformed identification info", StatusWords.OK);
        }
        return new SignatureResult(Arrays.copyOfRange(r, SignatureIdentification.LENGTH, r.length), id);
    }

    /** Registers the phone keystore's P-256 key (after the PIN was verified in this session). */
    public void registerBiometricKey(ECPublicKey key) {
        ECParameterSpec p = key.getParams();
        if (p.getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("biometric key must be EC P-256");
        }
        check("REGISTER BIOMETRIC KEY", plain(INS_REGISTER_BIOMETRIC_KEY, 0, 0, HolderSecretCipher.encodePoint(key)));
    }

    /** A fresh 32-byte challenge for the keystore to sign (SHA256withECDSA) after biometric auth. */
    public byte[] biometricChallenge() {
        return check("GET CHALLENGE", plain(INS_GET_CHALLENGE, 0, 0, null));
    }

    /** Presents the DER ECDSA signature over the last challenge: unlocks one user-auth signature. */
    public void presentBiometricAssertion(byte[] derEcdsaSignature) {
        check("BIOMETRIC ASSERTION", plain(INS_BIOMETRIC_ASSERTION, 0, 0, derEcdsaSignature));
    }

    /** Removes the biometric registration (after the PIN was verified in this session). */
    public void removeBiometricKey() {
        check("REMOVE BIOMETRIC KEY", plain(INS_REMOVE_BIOMETRIC_KEY, 0, 0, null));
    }

    private ApduChannel.Response plain(int ins, int p1, int p2, byte[] data) {
        return channel.exchange(ApduChannel.CLA_PROPRIETARY, ins, p1, p2, data, null);
    }

    static byte[] check(String command, ApduChannel.Response r) {
        int sw = r.sw();
        if (sw == StatusWords.OK) {
            return r.data();
        }
        String message = command + " failed: SW=" + String.format("%04X", sw) + " (" + StatusWords.describe(sw) + ")";
        if ((sw & 0xFFF0) == 0x63C0) {
            throw new WrongSecretException(message, sw, sw & 0x0F);
        }
        if (sw == StatusWords.AUTHENTICATION_BLOCKED) {
            throw new SecretBlockedException(message, sw);
        }
        throw new AppletException(message, sw);
    }

    static RSAPublicKey decodeRsaPublicKey(String command, byte[] d) {
        // 81 82 01 00 modulus(256) 82 03 exponent
        if (d.length < 4 + 256 + 3 || (d[0] & 0xFF) != 0x81 || (d[1] & 0xFF) != 0x82) {
            throw new AppletException(command + " returned a malformed public key", StatusWords.OK);
        }
        int n = ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
        int p = 4 + n;
        if (n != 256 || d.length < p + 2 || (d[p] & 0xFF) != 0x82 || d.length != p + 2 + (d[p + 1] & 0xFF)) {
            throw new AppletException(command + " returned a malformed public key", StatusWords.OK);
        }
        BigInteger modulus = new BigInteger(1, Arrays.copyOfRange(d, 4, p));
        BigInteger exponent = new BigInteger(1, Arrays.copyOfRange(d, p + 2, d.length));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new AppletException(command + " returned an unusable public key", StatusWords.OK);
        }
    }
}
