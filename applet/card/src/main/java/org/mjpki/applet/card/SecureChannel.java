package org.mjpki.applet.card;

import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.Util;
import javacard.security.AESKey;
import javacard.security.KeyBuilder;
import javacard.security.RandomData;
import javacardx.crypto.Cipher;

/**
 * Card side of the GlobalPlatform SCP03 secure channel (Amendment D profile): random card
 * challenge, session keys S-ENC / S-MAC / S-RMAC from the SP 800-108 KDF, card and host
 * cryptograms, C-MAC with chaining value, C-DECRYPTION with the counter-derived ICV and
 * R-MAC. Any MAC or cryptogram failure closes the channel and answers 6982.
 */
final class SecureChannel {

    static final byte STATE_NONE = 0;
    static final byte STATE_INITIALIZED = 1;
    static final byte STATE_OPEN = 2;

    private static final short MAC_LENGTH = 8;
    private static final short TMP = 280; // 16 bytes at the end of the work buffer

    private final PersistentState state;
    private final Transients ram;
    private final AesCmac cmac;
    private final RandomData random;
    private final Cipher cbc;
    private final AESKey sEnc;
    private final AESKey sMac;
    private final AESKey sRmac;

    SecureChannel(PersistentState state, Transients ram, AesCmac cmac, RandomData random) {
        this.state = state;
        this.ram = ram;
        this.cmac = cmac;
        this.random = random;
        cbc = Cipher.getInstance(Cipher.ALG_AES_BLOCK_128_CBC_NOPAD, false);
        sEnc = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES_TRANSIENT_DESELECT, KeyBuilder.LENGTH_AES_128, false);
        sMac = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES_TRANSIENT_DESELECT, KeyBuilder.LENGTH_AES_128, false);
        sRmac = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES_TRANSIENT_DESELECT, KeyBuilder.LENGTH_AES_128, false);
    }

    boolean isOpen() {
        return ram.flags[Transients.F_SC_STATE] == STATE_OPEN;
    }

    byte level() {
        return ram.flags[Transients.F_SC_LEVEL];
    }

    void reset() {
        ram.flags[Transients.F_SC_STATE] = STATE_NONE;
        ram.flags[Transients.F_SC_LEVEL] = 0;
        Util.arrayFillNonAtomic(ram.sc, (short) 0, Transients.SC_LENGTH, (byte) 0);
        sEnc.clearKey();
        sMac.clearKey();
        sRmac.clearKey();
    }

    /**
     * INITIALIZE UPDATE: buf[5..13) host challenge. Writes the 29-byte response to out[0..29)
     * and returns its length.
     */
    short initializeUpdate(byte[] buf, short dataLen, byte[] out) {
        reset();
        byte kvn = buf[ISO7816.OFFSET_P1];
        if (kvn != 0 && kvn != state.scpKvn) {
            ISOException.throwIt(Constants.SW_REFERENCED_DATA_NOT_FOUND);
        }
        if (buf[ISO7816.OFFSET_P2] != 0) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        if (dataLen != 8) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        byte[] sc = ram.sc;
        Util.arrayCopyNonAtomic(buf, ISO7816.OFFSET_CDATA, sc, Transients.SC_HOST_CHALLENGE, (short) 8);
        random.generateData(sc, Transients.SC_CARD_CHALLENGE, (short) 8);
        byte[] w = ram.work;
        // session keys; context = host challenge || card challenge (contiguous in sc)
        cmac.kdf(state.scpEnc, Constants.DC_S_ENC, (short) 0x0080, sc, Transients.SC_HOST_CHALLENGE, (short) 16, w, (short) 0, w, TMP);
        sEnc.setKey(w, TMP);
        cmac.kdf(state.scpMac, Constants.DC_S_MAC, (short) 0x0080, sc, Transients.SC_HOST_CHALLENGE, (short) 16, w, (short) 0, w, TMP);
        sMac.setKey(w, TMP);
        cmac.kdf(state.scpMac, Constants.DC_S_RMAC, (short) 0x0080, sc, Transients.SC_HOST_CHALLENGE, (short) 16, w, (short) 0, w, TMP);
        sRmac.setKey(w, TMP);
        // response: key diversification data (10) | key information (3) | card challenge (8) | card cryptogram (8)
        Util.arrayFillNonAtomic(out, (short) 0, (short) 10, (byte) 0);
        out[10] = state.scpKvn;
        out[11] = Constants.SCP03_ID;
        out[12] = Constants.SCP03_I_PARAM;
        Util.arrayCopyNonAtomic(sc, Transients.SC_CARD_CHALLENGE, out, (short) 13, (short) 8);
        cmac.kdf(sMac, Constants.DC_CARD_CRYPTOGRAM, (short) 0x0040, sc, Transients.SC_HOST_CHALLENGE, (short) 16, w, (short) 0, w, TMP);
        Util.arrayCopyNonAtomic(w, TMP, out, (short) 21, (short) 8);
        Util.arrayFillNonAtomic(w, (short) 0, Transients.WORK_LENGTH, (byte) 0);
        ram.flags[Transients.F_SC_STATE] = STATE_INITIALIZED;
        return (short) 29;
    }

    /** EXTERNAL AUTHENTICATE: P1 = security level, data = host cryptogram (8) | C-MAC (8). */
    void externalAuthenticate(byte[] buf, short dataLen) {
        if (ram.flags[Transients.F_SC_STATE] != STATE_INITIALIZED) {
            reset();
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        byte level = buf[ISO7816.OFFSET_P1];
        if (dataLen != 16) {
            reset();
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        if ((level & Constants.SL_C_MAC) == 0
                || (level & (byte) ~(Constants.SL_C_MAC | Constants.SL_C_DECRYPTION | Constants.SL_R_MAC)) != 0) {
            reset();
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        verifyMac(buf, dataLen); // chaining value is zero here
        byte[] w = ram.work;
        cmac.kdf(sMac, Constants.DC_HOST_CRYPTOGRAM, (short) 0x0040, ram.sc, Transients.SC_HOST_CHALLENGE, (short) 16, w, (short) 0, w, TMP);
        if (!equal(w, TMP, buf, ISO7816.OFFSET_CDATA, (short) 8)) {
            reset();
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        Util.arrayFillNonAtomic(ram.sc, Transients.SC_COUNTER, (short) 16, (byte) 0);
        ram.flags[Transients.F_SC_LEVEL] = level;
        ram.flags[Transients.F_SC_STATE] = STATE_OPEN;
    }

    /**
     * Verifies the C-MAC of a wrapped command and decrypts its data in place. Returns the
     * plaintext length at buf[5..]. On any failure the channel is closed and 6982 thrown.
     */
    short unwrap(byte[] buf, short dataLen) {
        if (!isOpen()) {
            reset();
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        incrementCounter();
        if (dataLen < MAC_LENGTH) {
            reset();
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        verifyMac(buf, dataLen);
        short len = (short) (dataLen - MAC_LENGTH);
        if ((level() & Constants.SL_C_DECRYPTION) != 0 && len != 0) {
            if ((short) (len % 16) != 0) {
                reset();
                ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
            }
            byte[] w = ram.work;
            cmac.encryptBlock(sEnc, ram.sc, Transients.SC_COUNTER, w, TMP);
            cbc.init(sEnc, Cipher.MODE_DECRYPT, w, TMP, (short) 16);
            cbc.doFinal(buf, ISO7816.OFFSET_CDATA, len, buf, ISO7816.OFFSET_CDATA);
            // strip ISO 9797-1 method 2 padding
            short i = (short) (ISO7816.OFFSET_CDATA + len - 1);
            while (i >= ISO7816.OFFSET_CDATA && buf[i] == 0) {
                i--;
            }
            if (i < ISO7816.OFFSET_CDATA || buf[i] != (byte) 0x80) {
                reset();
                ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
            }
            len = (short) (i - ISO7816.OFFSET_CDATA);
        }
        return len;
    }

    /** Appends the R-MAC (if the session has R-MAC) to data[off..off+len); returns the new length. */
    short wrapResponse(byte[] data, short off, short len) {
        if (!isOpen() || (level() & Constants.SL_R_MAC) == 0) {
            return len;
        }
        byte[] w = ram.work;
        Util.arrayCopyNonAtomic(ram.sc, Transients.SC_CHAINING, w, (short) 0, (short) 16);
        Util.arrayCopyNonAtomic(data, off, w, (short) 16, len);
        Util.setShort(w, (short) (16 + len), ISO7816.SW_NO_ERROR);
        cmac.mac(sRmac, w, (short) 0, (short) (18 + len), w, TMP);
        Util.arrayCopyNonAtomic(w, TMP, data, (short) (off + len), MAC_LENGTH);
        return (short) (len + MAC_LENGTH);
    }

    private void verifyMac(byte[] buf, short dataLen) {
        byte[] w = ram.work;
        short macOff = (short) (ISO7816.OFFSET_CDATA + dataLen - MAC_LENGTH);
        Util.arrayCopyNonAtomic(ram.sc, Transients.SC_CHAINING, w, (short) 0, (short) 16);
        Util.arrayCopyNonAtomic(buf, (short) 0, w, (short) 16, (short) (5 + dataLen - MAC_LENGTH));
        cmac.mac(sMac, w, (short) 0, (short) (16 + 5 + dataLen - MAC_LENGTH), w, TMP);
        if (!equal(w, TMP, buf, macOff, MAC_LENGTH)) {
            reset();
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        Util.arrayCopyNonAtomic(w, TMP, ram.sc, Transients.SC_CHAINING, (short) 16);
    }

    private void incrementCounter() {
        byte[] sc = ram.sc;
        for (short i = (short) (Transients.SC_COUNTER + 15); i >= Transients.SC_COUNTER; i--) {
            sc[i]++;
            if (sc[i] != 0) {
                return;
            }
        }
    }

    /** Constant-time comparison. */
    static boolean equal(byte[] a, short aOff, byte[] b, short bOff, short len) {
        byte diff = 0;
        for (short i = 0; i < len; i++) {
            diff |= (byte) (a[(short) (aOff + i)] ^ b[(short) (bOff + i)]);
        }
        return diff == 0;
    }
}
