package org.mjpki.applet.card;

import javacard.framework.OwnerPIN;
import javacard.framework.Util;
import javacard.security.AESKey;
import javacard.security.ECKey;
import javacard.security.ECPrivateKey;
import javacard.security.ECPublicKey;
import javacard.security.KeyBuilder;
import javacard.security.KeyPair;
import javacard.security.RSAPrivateCrtKey;
import javacard.security.RSAPublicKey;

/**
 * Everything that lives in persistent memory, allocated once at install. Fields that must
 * change together are only written inside a transaction by the applet class.
 */
final class PersistentState {

    /** Lifecycle: {@link Constants#LIFECYCLE_INSTALLED} etc. */
    byte lifecycle;

    // RSA-2048 key pairs, index 0 = signing, 1 = user authentication
    final KeyPair[] rsaKeys;
    final boolean[] keyPresent;
    // re-issue: a replacement key pair for one personalized key, swapped with it when its certificate is stored
    KeyPair replacementKeys;
    short replacementRole;

    // certificates: three equally sized buffers; certSlot[role] points to the live one, spare is the staging buffer
    final Object[] certSlot;
    final short[] certLength;
    byte[] spareCert;

    // holder secrets
    final OwnerPIN signingPassword;
    final OwnerPIN userAuthPin;
    final boolean[] secretSet;

    // app -> applet secret transport (EC P-256 static key, single-use blob counter)
    final KeyPair transportKeys;
    final byte[] transportCounter;

    // biometric activation (R14)
    final ECPublicKey biometricKey;
    boolean biometricRegistered;

    // SCP03 static keys from the install parameters
    final AESKey scpEnc;
    final AESKey scpMac;
    final AESKey scpDek;
    byte scpKvn;

    PersistentState() {
        lifecycle = Constants.LIFECYCLE_INSTALLED;

        rsaKeys = new KeyPair[2];
        for (short i = 0; i < 2; i++) {
            rsaKeys[i] = new KeyPair(KeyPair.ALG_RSA_CRT, Constants.RSA_BITS);
        }
        keyPresent = new boolean[2];
        replacementKeys = new KeyPair(KeyPair.ALG_RSA_CRT, Constants.RSA_BITS);
        replacementRole = Constants.NO_REPLACEMENT;

        certSlot = new Object[2];
        certSlot[0] = new byte[Constants.CERT_MAX];
        certSlot[1] = new byte[Constants.CERT_MAX];
        spareCert = new byte[Constants.CERT_MAX];
        certLength = new short[2];

        signingPassword = new OwnerPIN(Constants.PASSWORD_TRY_LIMIT, Constants.PASSWORD_MAX);
        userAuthPin = new OwnerPIN(Constants.PIN_TRY_LIMIT, Constants.PIN_LENGTH);
        secretSet = new boolean[2];

        transportKeys = new KeyPair(KeyPair.ALG_EC_FP, KeyBuilder.LENGTH_EC_FP_256);
        setP256((ECKey) transportKeys.getPublic());
        setP256((ECKey) transportKeys.getPrivate());
        transportKeys.genKeyPair();
        transportCounter = new byte[Constants.TRANSPORT_COUNTER_LENGTH];

        biometricKey = (ECPublicKey) KeyBuilder.buildKey(KeyBuilder.TYPE_EC_FP_PUBLIC,
                KeyBuilder.LENGTH_EC_FP_256, false);

        scpEnc = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_128, false);
        scpMac = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_128, false);
        scpDek = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_128, false);
    }

    static void setP256(ECKey key) {
        key.setFieldFP(Constants.P256_P, (short) 0, (short) Constants.P256_P.length);
        key.setA(Constants.P256_A, (short) 0, (short) Constants.P256_A.length);
        key.setB(Constants.P256_B, (short) 0, (short) Constants.P256_B.length);
        key.setG(Constants.P256_G, (short) 0, (short) Constants.P256_G.length);
        key.setR(Constants.P256_N, (short) 0, (short) Constants.P256_N.length);
        key.setK((short) 1);
    }

    RSAPublicKey publicKey(short role) {
        return (RSAPublicKey) rsaKeys[role].getPublic();
    }

    RSAPrivateCrtKey privateKey(short role) {
        return (RSAPrivateCrtKey) rsaKeys[role].getPrivate();
    }

    byte[] cert(short role) {
        return (byte[]) certSlot[role];
    }

    OwnerPIN secret(short kind) {
        return kind == 0 ? signingPassword : userAuthPin;
    }

    ECPrivateKey transportPrivate() {
        return (ECPrivateKey) transportKeys.getPrivate();
    }

    ECPublicKey transportPublic() {
        return (ECPublicKey) transportKeys.getPublic();
    }

    boolean certificatePresent(short role) {
        return certLength[role] != 0;
    }

    boolean personalizationComplete() {
        return keyPresent[0] && keyPresent[1] && certLength[0] != 0 && certLength[1] != 0
                && secretSet[0] && secretSet[1];
    }

    /** Increments the 4-byte big-endian transport counter; caller holds a transaction. */
    void incrementTransportCounter() {
        for (short i = (short) (Constants.TRANSPORT_COUNTER_LENGTH - 1); i >= 0; i--) {
            transportCounter[i]++;
            if (transportCounter[i] != 0) {
                return;
            }
        }
    }

    /** Erases keys, certificates, secrets and the biometric key (termination). */
    void eraseAll() {
        for (short i = 0; i < 2; i++) {
            rsaKeys[i].getPrivate().clearKey();
            rsaKeys[i].getPublic().clearKey();
            Util.arrayFillNonAtomic(cert(i), (short) 0, Constants.CERT_MAX, (byte) 0);
        }
        replacementKeys.getPrivate().clearKey();
        replacementKeys.getPublic().clearKey();
        Util.arrayFillNonAtomic(spareCert, (short) 0, Constants.CERT_MAX, (byte) 0);
        biometricKey.clearKey();
        transportKeys.getPrivate().clearKey();
        scpDek.clearKey();
        signingPassword.update(spareCert, (short) 0, Constants.PASSWORD_MAX);
        userAuthPin.update(spareCert, (short) 0, Constants.PIN_LENGTH);
    }
}
