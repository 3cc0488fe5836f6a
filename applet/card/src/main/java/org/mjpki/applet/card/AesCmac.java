package org.mjpki.applet.card;

import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.AESKey;
import javacardx.crypto.Cipher;

/**
 * AES-CMAC (NIST SP 800-38B / RFC 4493) built on AES-CBC without padding, so it runs on
 * cards that do not offer Signature.ALG_AES_CMAC_128. Also the SP 800-108 counter-mode KDF
 * used by SCP03 (GP Card Spec Amendment D, 4.1.5).
 */
final class AesCmac {

    private static final short BLOCK = 16;
    private final Cipher cbc;
    private final Cipher ecb;
    // 0..15 K1/K2, 16..31 last block, 32..47 throw-away output
    private final byte[] scratch;

    AesCmac() {
        cbc = Cipher.getInstance(Cipher.ALG_AES_BLOCK_128_CBC_NOPAD, false);
        ecb = Cipher.getInstance(Cipher.ALG_AES_BLOCK_128_ECB_NOPAD, false);
        scratch = JCSystem.makeTransientByteArray((short) 48, JCSystem.CLEAR_ON_DESELECT);
    }

    /** Writes the 16-byte CMAC of msg[off..off+len) to out[outOff..]. */
    void mac(AESKey key, byte[] msg, short off, short len, byte[] out, short outOff) {
        // L = AES(K, 0^128); K1 = dbl(L)
        Util.arrayFillNonAtomic(scratch, (short) 0, BLOCK, (byte) 0);
        ecb.init(key, Cipher.MODE_ENCRYPT);
        ecb.doFinal(scratch, (short) 0, BLOCK, scratch, (short) 0);
        dbl(scratch);
        short blocks = (short) ((short) (len + 15) / BLOCK);
        boolean complete = len != 0 && (short) (len % BLOCK) == 0;
        if (blocks == 0) {
            blocks = 1;
        }
        if (!complete) {
            dbl(scratch); // K2
        }
        short lastOff = (short) (off + (short) ((short) (blocks - 1) * BLOCK));
        short lastLen = (short) (len - (short) ((short) (blocks - 1) * BLOCK));
        Util.arrayFillNonAtomic(scratch, BLOCK, BLOCK, (byte) 0);
        Util.arrayCopyNonAtomic(msg, lastOff, scratch, BLOCK, lastLen);
        if (!complete) {
            scratch[(short) (BLOCK + lastLen)] = (byte) 0x80;
        }
        for (short i = 0; i < BLOCK; i++) {
            scratch[(short) (BLOCK + i)] ^= scratch[i];
        }
        cbc.init(key, Cipher.MODE_ENCRYPT);
        for (short b = 0; b < (short) (blocks - 1); b++) {
            cbc.update(msg, (short) (off + (short) (b * BLOCK)), BLOCK, scratch, (short) 32);
        }
        cbc.doFinal(scratch, BLOCK, BLOCK, out, outOff);
        Util.arrayFillNonAtomic(scratch, (short) 0, (short) 48, (byte) 0);
    }

    private static void dbl(byte[] b) {
        byte msb = (byte) (b[0] & 0x80);
        for (short i = 0; i < 15; i++) {
            b[i] = (byte) ((b[i] << 1) | ((b[(short) (i + 1)] >> 7) & 1));
        }
        b[15] = (byte) (b[15] << 1);
        if (msb != 0) {
            b[15] ^= (byte) 0x87;
        }
    }

    /**
     * SP 800-108 KDF in counter mode with AES-CMAC, SCP03 layout: 11 zero bytes | constant |
     * 0x00 | L (bits, 2 bytes) | counter 0x01 | context. Writes 16 bytes (one block) to out.
     * buf[bufOff..bufOff+16+contextLen) is used as scratch; context is copied from ctx.
     */
    void kdf(AESKey key, byte constant, short bits, byte[] ctx, short ctxOff, short ctxLen,
             byte[] buf, short bufOff, byte[] out, short outOff) {
        Util.arrayFillNonAtomic(buf, bufOff, (short) 11, (byte) 0);
        buf[(short) (bufOff + 11)] = constant;
        buf[(short) (bufOff + 12)] = 0;
        Util.setShort(buf, (short) (bufOff + 13), bits);
        buf[(short) (bufOff + 15)] = 1;
        Util.arrayCopyNonAtomic(ctx, ctxOff, buf, (short) (bufOff + 16), ctxLen);
        mac(key, buf, bufOff, (short) (16 + ctxLen), out, outOff);
    }

    /** AES-ECB encryption of one block (used for the SCP03 ICV). */
    void encryptBlock(AESKey key, byte[] in, short inOff, byte[] out, short outOff) {
        ecb.init(key, Cipher.MODE_ENCRYPT);
        ecb.doFinal(in, inOff, BLOCK, out, outOff);
    }
}
