package org.mjpki.applet.client;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * App-to-applet encryption of a holder secret (see applet/README.md, "Holder-secret transport").
 * Blob v1 = 01 | kind | counter(4) | ephemeral P-256 point(65) | AES-128-CBC(pad(secret))(16|32)
 * | AES-CMAC(16). KDF: SHA-256(Z || 00000001 || header) → K_enc (first 16) | K_mac (last 16).
 */
final class HolderSecretCipher {

    /** The blob format's version byte. */
    static final byte VERSION = 0x01;

    private HolderSecretCipher() {
    }

    /**
     * @param transportKey the applet's 69-byte GET TRANSPORT KEY answer: point(65) | counter(4)
     */
    static byte[] seal(SecretKind kind, byte[] secret, byte[] transportKey, SecureRandom random) {
        if (transportKey.length != 69 || transportKey[0] != 0x04) {
            throw new AppletException("GET TRANSPORT KEY returned a malformed key", StatusWords.OK);
        }
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair eph = kpg.generateKeyPair();
            ECPublicKey ephPub = (ECPublicKey) eph.getPublic();
            ECPublicKey cardPub = decodePoint(Arrays.copyOf(transportKey, 65), ephPub);

            byte[] header = new byte[6];
            header[0] = VERSION;
            header[1] = (byte) kind.code();
            System.arraycopy(transportKey, 65, header, 2, 4);

            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(eph.getPrivate());
            ka.doPhase(cardPub, true);
            byte[] z = ka.generateSecret();
            byte[] okm = MessageDigest.getInstance("SHA-256").digest(Crypto.concat(z, new byte[] {0, 0, 0, 1}, header));
            Arrays.fill(z, (byte) 0);
            byte[] kEnc = Arrays.copyOf(okm, 16);
            byte[] kMac = Arrays.copyOfRange(okm, 16, 32);
            Arrays.fill(okm, (byte) 0);

            byte[] padded = Crypto.pad(secret);
            byte[] ct = Crypto.aesCbc(true, kEnc, new byte[16], padded);
            Arrays.fill(padded, (byte) 0);
            byte[] body = Crypto.concat(header, encodePoint(ephPub), ct);
            byte[] tag = Crypto.cmac(kMac, body);
            Arrays.fill(kEnc, (byte) 0);
            Arrays.fill(kMac, (byte) 0);
            return Crypto.concat(body, tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    static byte[] encodePoint(ECPublicKey key) {
        ECPoint w = key.getW();
        return ByteBuffer.allocate(65).put((byte) 0x04).put(fixed(w.getAffineX())).put(fixed(w.getAffineY())).array();
    }

    static ECPublicKey decodePoint(byte[] point, ECPublicKey sameCurve) throws GeneralSecurityException {
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        return (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), sameCurve.getParams()));
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }
}
