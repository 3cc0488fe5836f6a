package org.mjpki.applet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.SignatureIdentification.AccessInterface;
import org.mjpki.applet.client.SignatureIdentification.UnlockMethod;

class SignatureTest {

    private static AppletHarness shared;
    private AppletHarness h;
    private final byte[] data = AppletHarness.ascii("application 2026-0001: revoke my smartphone certificates");

    @BeforeEach
    void personalizedOnce() {
        if (shared == null) {
            shared = AppletHarness.personalized();
        }
        h = shared;
        h.se.usePhoneApp();
        h.reselect();
    }

    private static int sw(Runnable r) {
        try {
            r.run();
            return 0x9000;
        } catch (AppletException e) {
            return e.statusWord();
        }
    }

    @Test
    void signingKeyNeedsThePasswordRightBeforeEachSignature() {
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6982);
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        SignatureResult r = h.client.sign(AppletKey.SIGNING, data);
        assertThat(r.identification().unlockMethod()).isEqualTo(UnlockMethod.SIGNING_PASSWORD);
        assertThat(r.identification().accessInterface()).isEqualTo(AccessInterface.PHONE_APP);
        assertThat(r.identification().keyRole()).isEqualTo(AppletKey.SIGNING);
        assertThat(r.verify(h.signingKey, data)).isTrue();
        assertThat(r.verify(TestCertificates.parse(h.client.readCertificate(AppletKey.SIGNING)).getPublicKey(), data)).isTrue();
        assertThat(r.verify(h.userAuthKey, data)).isFalse();
        assertThat(r.verify(h.signingKey, AppletHarness.ascii("other data"))).isFalse();
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).as("one signature per verification").isEqualTo(0x6982);
        // the PIN does not unlock the signing key
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6982);
        // a failed verification withdraws it
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        assertThat(sw(() -> h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.ascii("WRONG1")))).isEqualTo(0x63C4);
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6982);
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD); // resets the counter
        assertThat(h.client.status().remainingTries(SecretKind.SIGNING_PASSWORD)).isEqualTo(5);
        // and a new session (reselect) withdraws it
        h.reselect();
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6982);
    }

    @Test
    void signatureIsExactlySha256WithRsaOverDataAndIdentification() throws Exception {
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        byte[] longData = new byte[1000];
        for (int i = 0; i < longData.length; i++) {
            longData[i] = (byte) i;
        }
        SignatureResult r = h.client.sign(AppletKey.SIGNING, longData);
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(h.signingKey);
        v.update(r.signedBytes(longData));
        assertThat(v.verify(r.signature())).isTrue();
        assertThat(Hex.encode(r.identification().encoded())).isEqualTo("7109800101810101820101");
    }

    @Test
    void userAuthKeyWorksForTheWholeSessionAfterThePin() {
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6982);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        for (int i = 0; i < 2; i++) {
            SignatureResult r = h.client.sign(AppletKey.USER_AUTH, data);
            assertThat(r.identification().unlockMethod()).isEqualTo(UnlockMethod.USER_AUTH_PIN);
            assertThat(r.verify(h.userAuthKey, data)).isTrue();
            assertThat(r.verify(TestCertificates.parse(h.userAuthCert).getPublicKey(), data)).isTrue();
        }
        SignatureResult empty = h.client.sign(AppletKey.USER_AUTH, new byte[0]);
        assertThat(empty.verify(h.userAuthKey, new byte[0])).isTrue();
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6982);
    }

    @Test
    void contactlessReaderIsToldApartFromThePhoneApp() {
        h.se.useContactless();
        h.reselect();
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        SignatureResult r = h.client.sign(AppletKey.USER_AUTH, data);
        assertThat(r.identification().accessInterface()).isEqualTo(AccessInterface.CONTACTLESS_READER);
        assertThat(r.identification().unlockMethod()).isEqualTo(UnlockMethod.USER_AUTH_PIN);
        assertThat(r.verify(h.userAuthKey, data)).isTrue();
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        SignatureResult s = h.client.sign(AppletKey.SIGNING, data);
        assertThat(s.identification().accessInterface()).isEqualTo(AccessInterface.CONTACTLESS_READER);
        assertThat(s.verify(h.signingKey, data)).isTrue();
        // biometric activation is for the app on the phone only
        assertThat(sw(h.client::biometricChallenge)).isEqualTo(0x6985);
        // an authorization granted on one interface is not usable from the other
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        h.se.usePhoneApp();
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6982);
    }

    /**
     * The audit's probe: password verified in the phone app, then the PIN on a contactless reader. Each
     * authorization keeps its own interface, so the reader cannot spend the app's password verification
     * (the shared interface byte used to be overwritten by the last VERIFY, and the signature then came
     * out labelled CONTACTLESS_READER).
     */
    @Test
    void eachAuthorizationIsBoundToTheInterfaceItWasGrantedOn() {
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        h.se.useContactless();
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).isEqualTo(0x6982);
        SignatureResult reader = h.client.sign(AppletKey.USER_AUTH, data);
        assertThat(reader.identification().accessInterface()).isEqualTo(AccessInterface.CONTACTLESS_READER);
        assertThat(reader.identification().unlockMethod()).isEqualTo(UnlockMethod.USER_AUTH_PIN);
        assertThat(SimulatedSecureElement.sw(h.se.send("00200001"))).as("password state seen from the reader").isEqualTo(0x63C5);

        h.se.usePhoneApp();
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).as("the reader's PIN, in the app").isEqualTo(0x6982);
        SignatureResult app = h.client.sign(AppletKey.SIGNING, data);
        assertThat(app.identification().accessInterface()).isEqualTo(AccessInterface.PHONE_APP);
        assertThat(app.identification().unlockMethod()).isEqualTo(UnlockMethod.SIGNING_PASSWORD);
        assertThat(app.verify(h.signingKey, data)).isTrue();
    }

    @Test
    void aChainedSignatureCannotBeStartedOnOneInterfaceAndFinishedOnAnother() {
        h.client.verify(SecretKind.SIGNING_PASSWORD, AppletHarness.PASSWORD);
        assertThat(SimulatedSecureElement.sw(h.se.send("902A0001 04 01020304"))).isEqualTo(0x9000);
        h.se.useContactless();
        assertThat(SimulatedSecureElement.sw(h.se.send("802A0001 04 05060708 00"))).isEqualTo(0x6982);
        h.se.usePhoneApp();
        // the refused link aborted the chain but did not spend the app's authorization
        SignatureResult r = h.client.sign(AppletKey.SIGNING, data);
        assertThat(r.identification().accessInterface()).isEqualTo(AccessInterface.PHONE_APP);
    }

    @Test
    void biometricActivationRegisterAssertSignRemove() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keystore = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) keystore.getPublic();

        assertThat(sw(() -> h.client.registerBiometricKey(pub))).as("needs the PIN").isEqualTo(0x6982);
        assertThat(sw(h.client::biometricChallenge)).as("nothing registered").isEqualTo(0x6985);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        h.client.registerBiometricKey(pub);
        assertThat(h.client.status().biometricRegistered()).isTrue();
        h.reselect(); // a later session: no PIN this time

        byte[] challenge = h.client.biometricChallenge();
        assertThat(challenge).hasSize(32);
        h.client.presentBiometricAssertion(ecdsa(keystore, challenge));
        SignatureResult r = h.client.sign(AppletKey.USER_AUTH, data);
        assertThat(r.identification().unlockMethod()).isEqualTo(UnlockMethod.BIOMETRIC);
        assertThat(r.verify(h.userAuthKey, data)).isTrue();
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).as("one signature per assertion").isEqualTo(0x6982);
        assertThat(sw(() -> h.client.sign(AppletKey.SIGNING, data))).as("never the signing key").isEqualTo(0x6982);

        // a replayed assertion, a reused challenge, a signature by another key
        assertThat(sw(() -> h.client.presentBiometricAssertion(ecdsaQuiet(keystore, challenge)))).isEqualTo(0x6985);
        byte[] c2 = h.client.biometricChallenge();
        assertThat(c2).isNotEqualTo(challenge);
        assertThat(sw(() -> h.client.presentBiometricAssertion(ecdsaQuiet(keystore, challenge)))).isEqualTo(0x6982);
        byte[] c3 = h.client.biometricChallenge();
        assertThat(sw(() -> h.client.presentBiometricAssertion(ecdsaQuiet(g.generateKeyPair(), c3)))).isEqualTo(0x6982);
        h.client.biometricChallenge();
        assertThat(sw(() -> h.client.presentBiometricAssertion(new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}))).isEqualTo(0x6982);
        assertThat(sw(() -> h.client.sign(AppletKey.USER_AUTH, data))).isEqualTo(0x6982);

        // removal needs the PIN
        assertThat(sw(h.client::removeBiometricKey)).isEqualTo(0x6982);
        h.client.verify(SecretKind.USER_AUTH_PIN, AppletHarness.PIN);
        h.client.removeBiometricKey();
        assertThat(h.client.status().biometricRegistered()).isFalse();
        assertThat(sw(h.client::biometricChallenge)).isEqualTo(0x6985);
        assertThat(sw(h.client::removeBiometricKey)).isEqualTo(0x6985);
    }

    private static byte[] ecdsa(KeyPair kp, byte[] msg) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(msg);
        return s.sign();
    }

    private static byte[] ecdsaQuiet(KeyPair kp, byte[] msg) {
        try {
            return ecdsa(kp, msg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
