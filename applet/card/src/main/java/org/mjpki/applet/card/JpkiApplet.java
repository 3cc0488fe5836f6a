package org.mjpki.applet.card;

import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.OwnerPIN;
import javacard.framework.Util;
import javacard.security.CryptoException;
import javacard.security.KeyPair;
import javacard.security.RSAPublicKey;
import javacard.security.RandomData;
import javacard.security.Signature;

/**
 * The JPKI applet: two on-card RSA-2048 key pairs (signing, user authentication), their
 * certificates, the signing password and user-auth PIN, biometric activation and the issuer
 * operations over SCP03. See applet/README.md for the APDU table and state machine.
 *
 * <p>Not final for one reason: a simulated secure element may take RSA key pairs from a pool made ahead of time
 * ({@link #makeKeyPair}), so that a throughput benchmark measures the back end rather than jcardsim's key
 * generation. Everything else is private.
 */
public class JpkiApplet extends Applet {

    private final PersistentState state;
    private final Transients ram;
    private final AesCmac cmac;
    private final SecureChannel channel;
    private final SecretTransport transport;
    private final RandomData random;
    private final Signature rsaSign;
    private final Signature ecdsaVerify;
    private final P256 curve;

    /**
     * GlobalPlatform install: bArray = Li | instance AID | Lc | control info | La | applet data,
     * applet data = version(01) | KVN | ENC(16) | MAC(16) | DEK(16).
     */
    public static void install(byte[] bArray, short bOffset, byte bLength) {
        new JpkiApplet(bArray, parameters(bArray, bOffset, bLength)).registerAs(bArray, bOffset);
    }

    /** Checks the install data's layout; returns where the applet data starts. */
    protected static short parameters(byte[] bArray, short bOffset, byte bLength) {
        short end = (short) (bOffset + (short) (bLength & 0xFF));
        short off = bOffset;
        short aidLen = (short) (bArray[off] & 0xFF);
        off = (short) (off + 1 + aidLen);
        if (off >= end) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        off = (short) (off + 1 + (short) (bArray[off] & 0xFF));
        if (off >= end) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        short dataLen = (short) (bArray[off] & 0xFF);
        off++;
        if (dataLen != Constants.INSTALL_PARAMS_LENGTH || (short) (off + dataLen) > end
                || bArray[off] != Constants.INSTALL_PARAMS_VERSION) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        return off;
    }

    /** Registers under the instance AID of the install data (or the load file's when it names none). */
    protected final void registerAs(byte[] bArray, short bOffset) {
        byte aidLen = bArray[bOffset];
        if (aidLen == 0) {
            register();
        } else {
            register(bArray, (short) (bOffset + 1), aidLen);
        }
    }

    protected JpkiApplet(byte[] params, short off) {
        state = new PersistentState();
        state.scpKvn = params[(short) (off + 1)];
        state.scpEnc.setKey(params, (short) (off + 2));
        state.scpMac.setKey(params, (short) (off + 18));
        state.scpDek.setKey(params, (short) (off + 34));
        ram = new Transients();
        cmac = new AesCmac();
        random = RandomData.getInstance(RandomData.ALG_SECURE_RANDOM);
        channel = new SecureChannel(state, ram, cmac, random);
        curve = new P256(ram.work);
        transport = new SecretTransport(state, ram, cmac, curve);
        rsaSign = Signature.getInstance(Signature.ALG_RSA_SHA_256_PKCS1, false);
        ecdsaVerify = Signature.getInstance(Signature.ALG_ECDSA_SHA_256, false);
        PersistentState.setP256(state.biometricKey);
    }

    public boolean select() {
        channel.reset();
        ram.clearAuthorizations();
        ram.clearPendingResponse();
        ram.abortChain();
        return true;
    }

    public void deselect() {
        channel.reset();
        state.signingPassword.reset();
        state.userAuthPin.reset();
    }

    public void process(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        if (selectingApplet()) {
            ram.clearPendingResponse();
            ram.abortChain();
            return;
        }
        byte cla = buf[ISO7816.OFFSET_CLA];
        byte ins = buf[ISO7816.OFFSET_INS];
        if ((cla & 0x60) != 0) {
            ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
        }
        if (ins == Constants.INS_GET_RESPONSE) {
            if ((cla & (byte) 0xFC) != 0) {
                ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
            }
            getResponse(apdu, buf);
            return;
        }
        ram.clearPendingResponse();
        if (ram.is(Transients.F_CHAIN_ACTIVE)
                && (ins != ram.flags[Transients.F_CHAIN_INS] || buf[ISO7816.OFFSET_P1] != ram.flags[Transients.F_CHAIN_P1]
                        || buf[ISO7816.OFFSET_P2] != ram.flags[Transients.F_CHAIN_P2])) {
            ram.abortChain();
        }
        try {
            dispatch(apdu, buf, cla, ins);
        } catch (ISOException e) {
            if ((short) (e.getReason() & (short) 0xFF00) != Constants.SW_BYTES_REMAINING_BASE) {
                ram.abortChain();
            }
            throw e;
        }
    }

    private void dispatch(APDU apdu, byte[] buf, byte cla, byte ins) {
        boolean proprietary = (cla & (byte) 0x80) != 0;
        byte sm = (byte) (cla & 0x0C);
        boolean chained = (cla & Constants.CLA_BIT_CHAINING) != 0;
        short len = receive(apdu, buf);

        // ISO interindustry commands
        if (ins == Constants.INS_VERIFY) {
            requireClass(proprietary, false, sm, chained);
            verify(apdu, buf, len);
            return;
        }
        if (ins == Constants.INS_CHANGE_REFERENCE_DATA && !proprietary) {
            requireClass(proprietary, false, sm, chained);
            changeSecret(buf, len);
            return;
        }
        if (!proprietary) {
            ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
        }
        // issuer commands over SCP03
        switch (ins) {
            case Constants.INS_INITIALIZE_UPDATE:
                requireClass(true, true, sm, chained);
                requireNotTerminated();
                sendChunked(apdu, Transients.OUT_RAM, channel.initializeUpdate(buf, len, ram.out));
                return;
            case Constants.INS_EXTERNAL_AUTHENTICATE:
                if (sm != Constants.CLA_BIT_SM || chained) {
                    ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
                }
                requireNotTerminated();
                channel.externalAuthenticate(buf, len);
                return;
            case Constants.INS_GENERATE_KEY_PAIR:
            case Constants.INS_STORE_CERTIFICATE:
            case Constants.INS_RESET_RETRY_COUNTER:
            case Constants.INS_TERMINATE:
                issuerCommand(apdu, buf, ins, sm, chained, len);
                return;
            default:
                break;
        }
        // holder / reader commands (plain proprietary class)
        if (sm != 0) {
            ISOException.throwIt(ISO7816.SW_SECURE_MESSAGING_NOT_SUPPORTED);
        }
        if (chained && ins != Constants.INS_SIGN) {
            ISOException.throwIt(ISO7816.SW_COMMAND_CHAINING_NOT_SUPPORTED);
        }
        switch (ins) {
            case Constants.INS_GET_STATUS:
                requireP1P2(buf, (byte) 0, (byte) 0);
                requireLength(len, (short) 0);
                sendChunked(apdu, Transients.OUT_RAM, writeStatus(ram.out));
                return;
            case Constants.INS_GET_TRANSPORT_KEY:
                requireP1P2(buf, (byte) 0, (byte) 0);
                requireLength(len, (short) 0);
                requireNotTerminated();
                sendChunked(apdu, Transients.OUT_RAM, transport.writePublic(ram.out, (short) 0));
                return;
            case Constants.INS_SET_INITIAL_SECRET:
                setInitialSecret(buf, len);
                return;
            case Constants.INS_READ_PUBLIC_KEY: {
                requireP1(buf, (byte) 0);
                short role = role(buf);
                requireLength(len, (short) 0);
                requireNotTerminated();
                requireKey(role);
                sendChunked(apdu, Transients.OUT_RAM, writePublicKey(role, ram.out, (short) 0));
                return;
            }
            case Constants.INS_READ_CERTIFICATE: {
                requireP1(buf, (byte) 0);
                short role = role(buf);
                requireLength(len, (short) 0);
                requireNotTerminated();
                if (!state.certificatePresent(role)) {
                    ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
                }
                sendChunked(apdu, (byte) (Transients.OUT_CERT + role), state.certLength[role]);
                return;
            }
            case Constants.INS_SIGN:
                sign(apdu, buf, chained, len);
                return;
            case Constants.INS_GET_CHALLENGE:
                requireP1P2(buf, (byte) 0, (byte) 0);
                requireLength(len, (short) 0);
                requireBiometricUsable();
                random.generateData(ram.challenge, (short) 0, Constants.BIO_CHALLENGE_LENGTH);
                ram.set(Transients.F_CHALLENGE_VALID, true);
                Util.arrayCopyNonAtomic(ram.challenge, (short) 0, ram.out, (short) 0, Constants.BIO_CHALLENGE_LENGTH);
                sendChunked(apdu, Transients.OUT_RAM, Constants.BIO_CHALLENGE_LENGTH);
                return;
            case Constants.INS_BIOMETRIC_ASSERTION:
                biometricAssertion(buf, len);
                return;
            case Constants.INS_REGISTER_BIOMETRIC_KEY:
                registerBiometricKey(buf, len);
                return;
            case Constants.INS_REMOVE_BIOMETRIC_KEY:
                requireP1P2(buf, (byte) 0, (byte) 0);
                requireLength(len, (short) 0);
                requirePersonalized();
                requirePhoneApp();
                requirePinVerified();
                if (!state.biometricRegistered) {
                    ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
                }
                JCSystem.beginTransaction();
                state.biometricRegistered = false;
                JCSystem.commitTransaction();
                state.biometricKey.clearKey();
                ram.flags[Transients.F_BIO_GRANT] = 0;
                ram.set(Transients.F_CHALLENGE_VALID, false);
                return;
            default:
                ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
        }
    }

    // ------------------------------------------------------------------ issuer commands

    private void issuerCommand(APDU apdu, byte[] buf, byte ins, byte sm, boolean chained, short len) {
        // TERMINATED answers 6985 to every issuer command, wrapped or not (no session can be opened)
        requireNotTerminated();
        if (sm != Constants.CLA_BIT_SM) {
            // issuer commands exist only inside the secure channel; a plain attempt closes it
            channel.reset();
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        short plain = channel.unwrap(buf, len); // MAC checked before anything else is looked at
        if (chained && ins != Constants.INS_STORE_CERTIFICATE) {
            ISOException.throwIt(ISO7816.SW_COMMAND_CHAINING_NOT_SUPPORTED);
        }
        short outLen = 0;
        byte[] out = ram.out;
        switch (ins) {
            case Constants.INS_GENERATE_KEY_PAIR:
                outLen = generateKeyPair(buf, plain, out);
                break;
            case Constants.INS_STORE_CERTIFICATE:
                storeCertificate(buf, chained, plain);
                break;
            case Constants.INS_RESET_RETRY_COUNTER:
                resetRetryCounter(buf, plain);
                break;
            default: // INS_TERMINATE
                requireP1P2(buf, (byte) 0, (byte) 0);
                requireLength(plain, (short) 0);
                terminate();
                break;
        }
        outLen = channel.wrapResponse(out, (short) 0, outLen);
        if (ins == Constants.INS_TERMINATE) {
            channel.reset();
        }
        if (outLen != 0) {
            sendChunked(apdu, Transients.OUT_RAM, outLen);
        }
    }

    private short generateKeyPair(byte[] buf, short len, byte[] out) {
        byte p1 = buf[ISO7816.OFFSET_P1];
        if (p1 != Constants.GENERATE_FRESH && p1 != Constants.GENERATE_IF_ABSENT && p1 != Constants.GENERATE_REPLACEMENT) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        short role = role(buf);
        requireLength(len, (short) 0);
        if (p1 == Constants.GENERATE_REPLACEMENT) {
            return generateReplacement(role, out);
        }
        if (state.certificatePresent(role)) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        if (p1 == Constants.GENERATE_FRESH || !state.keyPresent[role]) {
            JCSystem.beginTransaction();
            state.keyPresent[role] = false;
            JCSystem.commitTransaction();
            ((RSAPublicKey) state.rsaKeys[role].getPublic()).setExponent(EXPONENT, (short) 0, (short) 3);
            makeKeyPair(state.rsaKeys[role]);
            JCSystem.beginTransaction();
            state.keyPresent[role] = true;
            JCSystem.commitTransaction();
        }
        return writePublicKey(role, out, (short) 0);
    }

    /**
     * Re-issue of a certificate: a new key pair for a role that has a key and a certificate, kept beside the live
     * one (which goes on signing) until its certificate is stored. One replacement at a time; asking again for the
     * same role answers the pending public key, so a retried script does not make a second one.
     */
    private short generateReplacement(short role, byte[] out) {
        if (!state.keyPresent[role] || !state.certificatePresent(role)) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        if (state.replacementRole == role) {
            return writePublicKey(state.replacementKeys, out, (short) 0);
        }
        if (state.replacementRole != Constants.NO_REPLACEMENT) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        ((RSAPublicKey) state.replacementKeys.getPublic()).setExponent(EXPONENT, (short) 0, (short) 3);
        makeKeyPair(state.replacementKeys);
        JCSystem.beginTransaction();
        state.replacementRole = role;
        JCSystem.commitTransaction();
        return writePublicKey(state.replacementKeys, out, (short) 0);
    }

    /**
     * Makes a new RSA-2048 key pair in {@code keys} (public exponent already set to 65537): on a card, the SE
     * generates it here and the private half never leaves it.
     */
    protected void makeKeyPair(KeyPair keys) {
        keys.genKeyPair();
    }

    private static final byte[] EXPONENT = {(byte) 0x01, (byte) 0x00, (byte) 0x01};

    private void storeCertificate(byte[] buf, boolean chained, short len) {
        byte p1 = buf[ISO7816.OFFSET_P1];
        if (p1 != Constants.STORE_FOR_CURRENT_KEY && p1 != Constants.STORE_FOR_REPLACEMENT) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        short role = role(buf);
        requireKey(role);
        boolean forReplacement = p1 == Constants.STORE_FOR_REPLACEMENT;
        if (forReplacement && state.replacementRole != role) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        short off = 0;
        if (ram.is(Transients.F_CHAIN_ACTIVE)) {
            off = ram.values[Transients.S_CHAIN_OFFSET];
        }
        if ((short) (Constants.CERT_MAX - off) < len) {
            ISOException.throwIt(Constants.SW_NOT_ENOUGH_MEMORY);
        }
        byte[] spare = state.spareCert;
        Util.arrayCopyNonAtomic(buf, ISO7816.OFFSET_CDATA, spare, off, len);
        off += len;
        if (chained) {
            ram.set(Transients.F_CHAIN_ACTIVE, true);
            ram.flags[Transients.F_CHAIN_INS] = Constants.INS_STORE_CERTIFICATE;
            ram.flags[Transients.F_CHAIN_P1] = p1;
            ram.flags[Transients.F_CHAIN_P2] = buf[ISO7816.OFFSET_P2];
            ram.values[Transients.S_CHAIN_OFFSET] = off;
            return;
        }
        ram.abortChain();
        if (derLength(spare, off) != off) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        JCSystem.beginTransaction();
        state.spareCert = state.cert(role);
        state.certSlot[role] = spare;
        state.certLength[role] = off;
        KeyPair replaced = null;
        if (forReplacement) {
            // the new key and its certificate take the old ones' place together
            replaced = state.rsaKeys[role];
            state.rsaKeys[role] = state.replacementKeys;
            state.replacementKeys = replaced;
            state.replacementRole = Constants.NO_REPLACEMENT;
        }
        updateLifecycle();
        JCSystem.commitTransaction();
        if (replaced != null) {
            replaced.getPrivate().clearKey();
            replaced.getPublic().clearKey();
            // an authorization the holder gave for the old key does not carry over to the new one
            clearAuthorization(role);
        }
    }

    /** Total length of the DER SEQUENCE at b[0..], or -1. */
    private static short derLength(byte[] b, short available) {
        if (available < 2 || b[0] != (byte) 0x30) {
            return -1;
        }
        short l = (short) (b[1] & 0xFF);
        if (l < 0x80) {
            return (short) (2 + l);
        }
        if (l == 0x81 && available >= 3) {
            return (short) (3 + (short) (b[2] & 0xFF));
        }
        if (l == 0x82 && available >= 4) {
            short v = Util.getShort(b, (short) 2);
            if (v < 0 || v > (short) (Constants.CERT_MAX - 4)) {
                return -1;
            }
            return (short) (4 + v);
        }
        return -1;
    }

    private void resetRetryCounter(byte[] buf, short len) {
        requireP1(buf, (byte) 0);
        short kind = kind(buf);
        if (!state.secretSet[kind]) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        installSecret(buf, ISO7816.OFFSET_CDATA, len, kind, true);
        clearAuthorization(kind);
    }

    private void terminate() {
        JCSystem.beginTransaction();
        state.lifecycle = Constants.LIFECYCLE_TERMINATED;
        state.keyPresent[0] = false;
        state.keyPresent[1] = false;
        state.certLength[0] = 0;
        state.certLength[1] = 0;
        state.secretSet[0] = false;
        state.secretSet[1] = false;
        state.biometricRegistered = false;
        state.replacementRole = Constants.NO_REPLACEMENT;
        JCSystem.commitTransaction();
        ram.clearAuthorizations();
        state.eraseAll();
    }

    // ------------------------------------------------------------------ holder commands

    private void verify(APDU apdu, byte[] buf, short len) {
        requireP1(buf, (byte) 0);
        short kind = kind(buf);
        requireNotTerminated();
        if (!state.secretSet[kind]) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        OwnerPIN pin = state.secret(kind);
        if (pin.getTriesRemaining() == 0) {
            clearAuthorization(kind);
            ISOException.throwIt(Constants.SW_AUTH_BLOCKED);
        }
        if (len == 0) { // ISO 7816-4: empty VERIFY asks for the state (on this interface)
            if (!authorized(kind)) {
                ISOException.throwIt((short) (Constants.SW_PIN_TRIES_BASE | pin.getTriesRemaining()));
            }
            return;
        }
        if (!secretFormatOk(kind, buf, ISO7816.OFFSET_CDATA, len)) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        if (pin.check(buf, ISO7816.OFFSET_CDATA, (byte) len)) {
            Util.arrayFillNonAtomic(buf, ISO7816.OFFSET_CDATA, len, (byte) 0);
            ram.flags[kind == 0 ? Transients.F_PASSWORD_GRANT : Transients.F_PIN_GRANT] = grantToken();
            return;
        }
        Util.arrayFillNonAtomic(buf, ISO7816.OFFSET_CDATA, len, (byte) 0);
        clearAuthorization(kind);
        byte left = pin.getTriesRemaining();
        if (left == 0) {
            ISOException.throwIt(Constants.SW_AUTH_BLOCKED);
        }
        ISOException.throwIt((short) (Constants.SW_PIN_TRIES_BASE | left));
    }

    private boolean authorized(short kind) {
        return ram.flags[kind == 0 ? Transients.F_PASSWORD_GRANT : Transients.F_PIN_GRANT] == grantToken();
    }

    private void clearAuthorization(short kind) {
        if (kind == 0) {
            ram.flags[Transients.F_PASSWORD_GRANT] = 0;
        } else {
            ram.flags[Transients.F_PIN_GRANT] = 0;
            ram.flags[Transients.F_BIO_GRANT] = 0;
        }
    }

    /**
     * CHANGE REFERENCE DATA: the holder changes a known password or PIN in the app (R9, ADR 0020). Data = Lcur | current
     * secret | holder-secret blob of the new one. The current secret is checked as VERIFY checks it (a wrong one
     * consumes a try; a blocked one cannot be changed); then the blob is opened and the new secret installed with a full
     * try counter in one transaction, as a lock release would. A blob refused after a right current secret changes
     * nothing but the try counter the right secret filled, as VERIFY does. The kind's authorization is withdrawn: the
     * holder verifies the new secret. The biometric registration stays (the holder just proved the PIN).
     */
    private void changeSecret(byte[] buf, short len) {
        requireP1(buf, (byte) 0);
        short kind = kind(buf);
        requirePersonalized();
        // a change is made in the app on the phone, never at a reader
        requirePhoneApp();
        if (!state.secretSet[kind]) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        if (len < 1) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        short current = (short) (buf[ISO7816.OFFSET_CDATA] & 0xFF);
        short currentOff = (short) (ISO7816.OFFSET_CDATA + 1);
        short blobLen = (short) (len - 1 - current);
        if (current == 0 || (blobLen != Constants.BLOB_SHORT && blobLen != Constants.BLOB_LONG)) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        OwnerPIN pin = state.secret(kind);
        if (pin.getTriesRemaining() == 0) {
            clearAuthorization(kind);
            ISOException.throwIt(Constants.SW_AUTH_BLOCKED);
        }
        if (!secretFormatOk(kind, buf, currentOff, current)) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        boolean right = pin.check(buf, currentOff, (byte) current);
        Util.arrayFillNonAtomic(buf, currentOff, current, (byte) 0);
        clearAuthorization(kind);
        if (!right) {
            byte left = pin.getTriesRemaining();
            if (left == 0) {
                ISOException.throwIt(Constants.SW_AUTH_BLOCKED);
            }
            ISOException.throwIt((short) (Constants.SW_PIN_TRIES_BASE | left));
        }
        installSecret(buf, (short) (currentOff + current), blobLen, kind, false);
    }

    private void setInitialSecret(byte[] buf, short len) {
        requireP1(buf, (byte) 0);
        short kind = kind(buf);
        // the first secret of each kind is trusted from whoever reaches the applet first, so only the
        // app on the phone may set it, never a contactless reader (ADR 0003)
        requirePhoneApp();
        if (state.lifecycle != Constants.LIFECYCLE_INSTALLED || state.secretSet[kind]) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        installSecret(buf, ISO7816.OFFSET_CDATA, len, kind, false);
    }

    /**
     * Opens the holder-secret blob in buf and installs it as the new reference value. A lock release
     * of the PIN also ends the biometric registration, in the same transaction: biometrics stand in
     * for the PIN (R14), so the holder activates them again under the new PIN.
     */
    private void installSecret(byte[] buf, short off, short len, short kind, boolean lockRelease) {
        short n = transport.open(buf, off, len, (byte) (kind + 1));
        byte[] secret = ram.out;
        if (!secretFormatOk(kind, secret, (short) 0, n)) {
            Util.arrayFillNonAtomic(secret, (short) 0, (short) 32, (byte) 0);
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        OwnerPIN pin = state.secret(kind);
        JCSystem.beginTransaction();
        pin.update(secret, (short) 0, (byte) n);
        state.secretSet[kind] = true;
        state.incrementTransportCounter();
        boolean dropBiometric = lockRelease && kind == 1 && state.biometricRegistered;
        if (dropBiometric) {
            state.biometricRegistered = false;
        }
        updateLifecycle();
        JCSystem.commitTransaction();
        if (dropBiometric) {
            state.biometricKey.clearKey();
            ram.flags[Transients.F_BIO_GRANT] = 0;
            ram.set(Transients.F_CHALLENGE_VALID, false);
        }
        pin.resetAndUnblock();
        Util.arrayFillNonAtomic(secret, (short) 0, (short) 32, (byte) 0);
    }

    private static boolean secretFormatOk(short kind, byte[] b, short off, short len) {
        if (kind == 0) {
            if (len < Constants.PASSWORD_MIN || len > Constants.PASSWORD_MAX) {
                return false;
            }
        } else if (len != Constants.PIN_LENGTH) {
            return false;
        }
        for (short i = 0; i < len; i++) {
            byte c = b[(short) (off + i)];
            boolean digit = c >= (byte) '0' && c <= (byte) '9';
            boolean upper = c >= (byte) 'A' && c <= (byte) 'Z';
            if (!(digit || (kind == 0 && upper))) {
                return false;
            }
        }
        return true;
    }

    private void sign(APDU apdu, byte[] buf, boolean chained, short len) {
        requireP1(buf, (byte) 0);
        short role = role(buf);
        requirePersonalized();
        requireNotBlocked(role); // role index = index of the secret that unlocks it
        byte token = grantToken();
        if (!ram.is(Transients.F_CHAIN_ACTIVE)) {
            // each authorization counts only on the interface it was granted on
            byte method = 0;
            if (role == 0) {
                if (ram.flags[Transients.F_PASSWORD_GRANT] == token) {
                    method = Constants.UNLOCK_SIGNING_PASSWORD;
                }
            } else if (ram.flags[Transients.F_BIO_GRANT] == token) {
                method = Constants.UNLOCK_BIOMETRIC;
            } else if (ram.flags[Transients.F_PIN_GRANT] == token) {
                method = Constants.UNLOCK_USER_AUTH_PIN;
            }
            if (method == 0) {
                ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
            }
            ram.flags[Transients.F_SIGN_UNLOCK] = method;
            ram.flags[Transients.F_SIGN_GRANT] = token;
            rsaSign.init(state.privateKey(role), Signature.MODE_SIGN);
            ram.set(Transients.F_CHAIN_ACTIVE, true);
            ram.flags[Transients.F_CHAIN_INS] = Constants.INS_SIGN;
            ram.flags[Transients.F_CHAIN_P1] = buf[ISO7816.OFFSET_P1];
            ram.flags[Transients.F_CHAIN_P2] = buf[ISO7816.OFFSET_P2];
        } else if (ram.flags[Transients.F_SIGN_GRANT] != token) {
            // a chain started on one interface cannot be finished (and labelled) on another
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        if (len != 0) {
            rsaSign.update(buf, ISO7816.OFFSET_CDATA, len);
        }
        if (chained) {
            return;
        }
        ram.abortChain();
        byte method = ram.flags[Transients.F_SIGN_UNLOCK];
        // consume the one-shot authorization before the signature exists
        if (method == Constants.UNLOCK_SIGNING_PASSWORD) {
            ram.flags[Transients.F_PASSWORD_GRANT] = 0;
        } else if (method == Constants.UNLOCK_BIOMETRIC) {
            ram.flags[Transients.F_BIO_GRANT] = 0;
        }
        ram.flags[Transients.F_SIGN_UNLOCK] = 0;
        byte[] out = ram.out;
        out[0] = Constants.TAG_SIG_INFO;
        out[1] = (byte) (Constants.SIG_INFO_LENGTH - 2);
        out[2] = Constants.TAG_SIG_INFO_METHOD;
        out[3] = 1;
        out[4] = method;
        out[5] = Constants.TAG_SIG_INFO_INTERFACE;
        out[6] = 1;
        out[7] = isContactless() ? Constants.INTERFACE_CONTACTLESS : Constants.INTERFACE_PHONE_APP;
        out[8] = Constants.TAG_SIG_INFO_ROLE;
        out[9] = 1;
        out[10] = (byte) (role + 1);
        short sigLen = rsaSign.sign(out, (short) 0, Constants.SIG_INFO_LENGTH, out, Constants.SIG_INFO_LENGTH);
        sendChunked(apdu, Transients.OUT_RAM, (short) (Constants.SIG_INFO_LENGTH + sigLen));
    }

    private void registerBiometricKey(byte[] buf, short len) {
        requireP1P2(buf, (byte) 0, (byte) 0);
        requirePersonalized();
        requirePhoneApp();
        requirePinVerified();
        requireLength(len, Constants.EC_POINT_LENGTH);
        // checked before anything changes: a refused point leaves the old registration in place
        if (!curve.isValidPoint(buf, ISO7816.OFFSET_CDATA)) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        JCSystem.beginTransaction();
        state.biometricRegistered = false;
        JCSystem.commitTransaction();
        ram.flags[Transients.F_BIO_GRANT] = 0;
        ram.set(Transients.F_CHALLENGE_VALID, false);
        try {
            // clearKey() (removal, termination) also clears the domain parameters: set them every time
            PersistentState.setP256(state.biometricKey);
            state.biometricKey.setW(buf, ISO7816.OFFSET_CDATA, Constants.EC_POINT_LENGTH);
        } catch (CryptoException e) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        JCSystem.beginTransaction();
        state.biometricRegistered = true;
        JCSystem.commitTransaction();
    }

    private void biometricAssertion(byte[] buf, short len) {
        requireP1P2(buf, (byte) 0, (byte) 0);
        requireBiometricUsable();
        if (!ram.is(Transients.F_CHALLENGE_VALID)) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        ram.set(Transients.F_CHALLENGE_VALID, false); // single use, whatever the outcome
        if (len < 8 || len > 72) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        boolean ok = false;
        try {
            ecdsaVerify.init(state.biometricKey, Signature.MODE_VERIFY);
            ok = ecdsaVerify.verify(ram.challenge, (short) 0, Constants.BIO_CHALLENGE_LENGTH,
                    buf, ISO7816.OFFSET_CDATA, len);
        } catch (RuntimeException e) {
            // a malformed signature is a wrong one: a card's ECDSA may throw CryptoException on it, a simulator's
            // crypto library something else (the APDU fuzz test found a 72-byte one that did)
            ok = false;
        }
        Util.arrayFillNonAtomic(ram.challenge, (short) 0, Constants.BIO_CHALLENGE_LENGTH, (byte) 0);
        if (!ok) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        ram.flags[Transients.F_BIO_GRANT] = grantToken();
    }

    // ------------------------------------------------------------------ helpers

    private short writeStatus(byte[] b) {
        b[0] = 1;
        b[1] = state.lifecycle;
        b[2] = (byte) ((state.keyPresent[0] ? 1 : 0) | (state.keyPresent[1] ? 2 : 0));
        b[3] = (byte) ((state.certificatePresent((short) 0) ? 1 : 0) | (state.certificatePresent((short) 1) ? 2 : 0));
        b[4] = (byte) ((state.secretSet[0] ? 1 : 0) | (state.secretSet[1] ? 2 : 0));
        b[5] = state.secretSet[0] ? state.signingPassword.getTriesRemaining() : 0;
        b[6] = state.secretSet[1] ? state.userAuthPin.getTriesRemaining() : 0;
        b[7] = state.biometricRegistered ? (byte) 1 : (byte) 0;
        return Constants.STATUS_LENGTH;
    }

    private short writePublicKey(short role, byte[] out, short off) {
        return writePublicKey(state.rsaKeys[role], out, off);
    }

    /** 81 82 01 00 modulus(256) 82 03 exponent(3) */
    private short writePublicKey(KeyPair keys, byte[] out, short off) {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        out[off] = Constants.TAG_MODULUS;
        out[(short) (off + 1)] = (byte) 0x82;
        short n = pub.getModulus(out, (short) (off + 4));
        Util.setShort(out, (short) (off + 2), n);
        short p = (short) (off + 4 + n);
        out[p] = Constants.TAG_EXPONENT;
        short e = pub.getExponent(out, (short) (p + 2));
        out[(short) (p + 1)] = (byte) e;
        return (short) (p + 2 + e - off);
    }

    private void updateLifecycle() {
        if (state.lifecycle == Constants.LIFECYCLE_INSTALLED && state.personalizationComplete()) {
            state.lifecycle = Constants.LIFECYCLE_PERSONALIZED;
        }
    }

    private short receive(APDU apdu, byte[] buf) {
        short got = apdu.setIncomingAndReceive();
        short total = (short) (buf[ISO7816.OFFSET_LC] & 0xFF);
        if (got == 0) {
            return 0;
        }
        while (got < total) {
            short n = apdu.receiveBytes((short) (ISO7816.OFFSET_CDATA + got));
            if (n == 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    /**
     * Sends a response from ram.out (OUT_RAM) or a stored certificate (OUT_CERT + role), in 256-byte
     * pieces with 61xx. The source is kept as an index: a response must never be sent out of the APDU
     * buffer across GET RESPONSEs, because keeping a reference to it is a firewall violation on a card.
     */
    private void sendChunked(APDU apdu, byte source, short len) {
        ram.flags[Transients.F_OUT_SOURCE] = source;
        ram.values[Transients.S_OUT_OFFSET] = 0;
        ram.values[Transients.S_OUT_REMAINING] = len;
        ram.set(Transients.F_OUT_ACTIVE, true);
        sendPending(apdu);
    }

    private void getResponse(APDU apdu, byte[] buf) {
        if (!ram.is(Transients.F_OUT_ACTIVE)) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        if (buf[ISO7816.OFFSET_P1] != 0 || buf[ISO7816.OFFSET_P2] != 0) {
            ram.clearPendingResponse();
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        sendPending(apdu);
    }

    private void sendPending(APDU apdu) {
        short le = apdu.setOutgoing();
        if (le <= 0 || le > Constants.CHUNK) {
            le = Constants.CHUNK;
        }
        short remaining = ram.values[Transients.S_OUT_REMAINING];
        short n = remaining < le ? remaining : le;
        short off = ram.values[Transients.S_OUT_OFFSET];
        byte source = ram.flags[Transients.F_OUT_SOURCE];
        byte[] src = source == Transients.OUT_RAM ? ram.out : state.cert((short) (source - Transients.OUT_CERT));
        apdu.setOutgoingLength(n);
        apdu.sendBytesLong(src, off, n);
        remaining -= n;
        if (remaining == 0) {
            ram.clearPendingResponse();
            return;
        }
        ram.values[Transients.S_OUT_OFFSET] = (short) (off + n);
        ram.values[Transients.S_OUT_REMAINING] = remaining;
        ISOException.throwIt((short) (Constants.SW_BYTES_REMAINING_BASE | (remaining > 255 ? 0 : remaining)));
    }

    private static byte media() {
        return (byte) (APDU.getProtocol() & APDU.PROTOCOL_MEDIA_MASK);
    }

    /** The value an authorization granted now, on this interface, is stored as (never 0). */
    private static byte grantToken() {
        return (byte) (media() | 1);
    }

    private static boolean isContactless() {
        byte m = media();
        return m == APDU.PROTOCOL_MEDIA_CONTACTLESS_TYPE_A || m == APDU.PROTOCOL_MEDIA_CONTACTLESS_TYPE_B
                || m == APDU.PROTOCOL_MEDIA_CONTACTLESS_TYPE_F;
    }

    private static void requireClass(boolean proprietary, boolean wantProprietary, byte sm, boolean chained) {
        if (proprietary != wantProprietary || sm != 0 || chained) {
            ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
        }
    }

    private static void requireP1(byte[] buf, byte p1) {
        if (buf[ISO7816.OFFSET_P1] != p1) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
    }

    private static void requireP1P2(byte[] buf, byte p1, byte p2) {
        if (buf[ISO7816.OFFSET_P1] != p1 || buf[ISO7816.OFFSET_P2] != p2) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
    }

    private static void requireLength(short len, short expected) {
        if (len != expected) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
    }

    private static short role(byte[] buf) {
        byte p2 = buf[ISO7816.OFFSET_P2];
        if (p2 != Constants.ROLE_SIGNING && p2 != Constants.ROLE_USER_AUTH) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        return (short) (p2 - 1);
    }

    private static short kind(byte[] buf) {
        byte p2 = buf[ISO7816.OFFSET_P2];
        if (p2 != Constants.KIND_SIGNING_PASSWORD && p2 != Constants.KIND_USER_AUTH_PIN) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        return (short) (p2 - 1);
    }

    private void requireNotTerminated() {
        if (state.lifecycle == Constants.LIFECYCLE_TERMINATED) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
    }

    private void requirePersonalized() {
        if (state.lifecycle != Constants.LIFECYCLE_PERSONALIZED) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
    }

    private void requireKey(short role) {
        if (!state.keyPresent[role]) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
    }

    private void requirePhoneApp() {
        if (isContactless()) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
    }

    private void requirePinVerified() {
        if (ram.flags[Transients.F_PIN_GRANT] != grantToken()) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
    }

    private void requireBiometricUsable() {
        requirePersonalized();
        requirePhoneApp();
        if (!state.biometricRegistered) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        // biometrics stand in for the PIN (R6, R14): a blocked PIN blocks them too, until lock release
        requireNotBlocked((short) 1);
    }

    private void requireNotBlocked(short kind) {
        if (state.secret(kind).getTriesRemaining() == 0) {
            ISOException.throwIt(Constants.SW_AUTH_BLOCKED);
        }
    }
}
