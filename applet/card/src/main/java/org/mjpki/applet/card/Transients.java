package org.mjpki.applet.card;

import javacard.framework.JCSystem;

/**
 * RAM state, allocated once at install and cleared on deselect: session authorizations,
 * command chaining, the pending response (61xx / GET RESPONSE) and work buffers.
 * <p>
 * Every response is built in {@link #out} (or read from a stored certificate), never left in the
 * APDU buffer for a later GET RESPONSE: Java Card forbids keeping a reference to the APDU buffer.
 */
final class Transients {

    // byte flags
    // Authorizations are grant tokens, one per secret: 0 = none, else the media bits of the interface
    // where it was granted | 1. A SIGN is honoured only on that same interface (R16), so verifying the
    // password in the app and the PIN on a reader cannot combine into a reader signature.
    static final short F_PASSWORD_GRANT = 0;       // one signing-key signature, set by VERIFY(password)
    static final short F_PIN_GRANT = 1;            // user-auth signatures for the session, set by VERIFY(PIN)
    static final short F_BIO_GRANT = 2;            // one user-auth signature, set by a biometric assertion
    static final short F_CHALLENGE_VALID = 3;      // biometric challenge outstanding
    static final short F_SIGN_GRANT = 4;           // interface token at the start of a (chained) SIGN
    static final short F_CHAIN_ACTIVE = 5;
    static final short F_CHAIN_INS = 6;
    static final short F_CHAIN_P2 = 7;
    static final short F_OUT_ACTIVE = 8;
    static final short F_SC_STATE = 9;             // 0 none, 1 initialized (awaiting EXTERNAL AUTHENTICATE), 2 open
    static final short F_SC_LEVEL = 10;
    static final short F_SIGN_UNLOCK = 11;         // unlock method recorded at the start of a chained SIGN
    static final short F_OUT_SOURCE = 12;          // where the pending response is: OUT_RAM or OUT_CERT + role
    static final short F_CHAIN_P1 = 13;
    static final short FLAG_COUNT = 14;

    // pending-response sources: an index, never a reference, so the APDU buffer can never be kept
    static final byte OUT_RAM = 0;
    static final byte OUT_CERT = 1;

    // short values
    static final short S_CHAIN_OFFSET = 0;
    static final short S_OUT_OFFSET = 1;
    static final short S_OUT_REMAINING = 2;
    static final short SHORT_COUNT = 3;

    // secure channel buffer layout
    static final short SC_CHAINING = 0;      // 16: C-MAC chaining value
    static final short SC_COUNTER = 16;      // 16: encryption counter
    static final short SC_HOST_CHALLENGE = 32; // 8
    static final short SC_CARD_CHALLENGE = 40; // 8
    static final short SC_LENGTH = 48;

    static final short WORK_LENGTH = 300;
    static final short OUT_LENGTH = 300;

    final byte[] flags;
    final short[] values;
    final byte[] work;
    final byte[] out;
    final byte[] sc;
    final byte[] challenge;

    Transients() {
        flags = JCSystem.makeTransientByteArray(FLAG_COUNT, JCSystem.CLEAR_ON_DESELECT);
        values = JCSystem.makeTransientShortArray(SHORT_COUNT, JCSystem.CLEAR_ON_DESELECT);
        work = JCSystem.makeTransientByteArray(WORK_LENGTH, JCSystem.CLEAR_ON_DESELECT);
        out = JCSystem.makeTransientByteArray(OUT_LENGTH, JCSystem.CLEAR_ON_DESELECT);
        sc = JCSystem.makeTransientByteArray(SC_LENGTH, JCSystem.CLEAR_ON_DESELECT);
        challenge = JCSystem.makeTransientByteArray(Constants.BIO_CHALLENGE_LENGTH, JCSystem.CLEAR_ON_DESELECT);
    }

    boolean is(short flag) {
        return flags[flag] != 0;
    }

    void set(short flag, boolean value) {
        flags[flag] = value ? (byte) 1 : (byte) 0;
    }

    void clearAuthorizations() {
        flags[F_PASSWORD_GRANT] = 0;
        flags[F_PIN_GRANT] = 0;
        flags[F_BIO_GRANT] = 0;
        flags[F_CHALLENGE_VALID] = 0;
    }

    void abortChain() {
        flags[F_CHAIN_ACTIVE] = 0;
        values[S_CHAIN_OFFSET] = 0;
    }

    void clearPendingResponse() {
        flags[F_OUT_ACTIVE] = 0;
        flags[F_OUT_SOURCE] = OUT_RAM;
        values[S_OUT_OFFSET] = 0;
        values[S_OUT_REMAINING] = 0;
    }
}
