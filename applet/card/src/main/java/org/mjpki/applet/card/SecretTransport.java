package org.mjpki.applet.card;

import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.Util;
import javacard.security.AESKey;
import javacard.security.CryptoException;
import javacard.security.KeyAgreement;
import javacard.security.KeyBuilder;
import javacard.security.MessageDigest;
import javacardx.crypto.Cipher;

/**
 * Opens the holder-secret blobs the app builds for the applet (initial password/PIN and
 * lock release). Blob v1 = version(1) | kind(1) | counter(4) | ephemeral P-256 point(65) |
 * AES-128-CBC ciphertext (16 or 32) | AES-CMAC tag(16). Keys: X9.63 KDF with SHA-256 over the
 * ECDH x-coordinate, the counter 00000001 and the 6-byte header; first 16 bytes encrypt,
 * last 16 MAC. The counter must equal the applet's transport counter, which is incremented
 * whenever a blob is consumed, so every blob is single-use. The ephemeral point must be on P-256.
 */
final class SecretTransport {

    private final PersistentState state;
    private final Transients ram;
    private final AesCmac cmac;
    private final KeyAgreement ecdh;
    private final MessageDigest sha256;
    private final Cipher cbc;
    private final AESKey kEnc;
    private final AESKey kMac;
    private final P256 curve;

    SecretTransport(PersistentState state, Transients ram, AesCmac cmac, P256 curve) {
        this.state = state;
        this.ram = ram;
        this.cmac = cmac;
        this.curve = curve;
        ecdh = KeyAgreement.getInstance(KeyAgreement.ALG_EC_SVDP_DH_PLAIN, false);
        sha256 = MessageDigest.getInstance(MessageDigest.ALG_SHA_256, false);
        cbc = Cipher.getInstance(Cipher.ALG_AES_BLOCK_128_CBC_NOPAD, false);
        kEnc = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES_TRANSIENT_DESELECT, KeyBuilder.LENGTH_AES_128, false);
        kMac = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES_TRANSIENT_DESELECT, KeyBuilder.LENGTH_AES_128, false);
    }

    /** Writes the transport public point (65) and counter (4) to out; returns 69. */
    short writePublic(byte[] out, short off) {
        short n = state.transportPublic().getW(out, off);
        Util.arrayCopyNonAtomic(state.transportCounter, (short) 0, out, (short) (off + n), Constants.TRANSPORT_COUNTER_LENGTH);
        return (short) (n + Constants.TRANSPORT_COUNTER_LENGTH);
    }

    /**
     * Authenticates and decrypts the blob at buf[off..off+len) for the given kind; the secret
     * is written to ram.out[0..] and its length returned. The caller increments the counter.
     */
    short open(byte[] buf, short off, short len, byte kind) {
        short ctLen = (short) (len - Constants.BLOB_CT_OFFSET - Constants.BLOB_TAG_LENGTH);
        if (ctLen != 16 && ctLen != 32) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        if (buf[off] != Constants.BLOB_VERSION || buf[(short) (off + 1)] != kind) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        if (Util.arrayCompare(buf, (short) (off + 2), state.transportCounter, (short) 0,
                Constants.TRANSPORT_COUNTER_LENGTH) != 0) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        // before ECDH: a point off P-256 would make the answers leak the transport key (invalid curve)
        if (!curve.isValidPoint(buf, (short) (off + Constants.BLOB_EPK_OFFSET))) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        byte[] w = ram.work;
        try {
            ecdh.init(state.transportPrivate());
            ecdh.generateSecret(buf, (short) (off + Constants.BLOB_EPK_OFFSET), Constants.EC_POINT_LENGTH, w, (short) 0);
        } catch (CryptoException e) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        w[32] = 0;
        w[33] = 0;
        w[34] = 0;
        w[35] = 1;
        Util.arrayCopyNonAtomic(buf, off, w, (short) 36, Constants.BLOB_HEADER);
        sha256.reset();
        sha256.doFinal(w, (short) 0, (short) 42, w, (short) 64);
        kEnc.setKey(w, (short) 64);
        kMac.setKey(w, (short) 80);
        Util.arrayFillNonAtomic(w, (short) 0, (short) 96, (byte) 0);
        short tagOff = (short) (off + len - Constants.BLOB_TAG_LENGTH);
        cmac.mac(kMac, buf, off, (short) (len - Constants.BLOB_TAG_LENGTH), w, (short) 0);
        boolean ok = SecureChannel.equal(w, (short) 0, buf, tagOff, Constants.BLOB_TAG_LENGTH);
        kMac.clearKey();
        if (!ok) {
            kEnc.clearKey();
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        byte[] out = ram.out;
        cbc.init(kEnc, Cipher.MODE_DECRYPT);
        cbc.doFinal(buf, (short) (off + Constants.BLOB_CT_OFFSET), ctLen, out, (short) 0);
        kEnc.clearKey();
        short i = (short) (ctLen - 1);
        while (i >= 0 && out[i] == 0) {
            i--;
        }
        if (i < 0 || out[i] != (byte) 0x80) {
            Util.arrayFillNonAtomic(out, (short) 0, ctLen, (byte) 0);
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        out[i] = 0;
        return i;
    }
}
