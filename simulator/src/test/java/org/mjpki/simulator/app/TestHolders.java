package org.mjpki.simulator.app;

import java.security.interfaces.RSAPublicKey;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.InstallParameters;
import org.mjpki.applet.client.IssuerSession;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecureChannelKeys;
import org.mjpki.simulator.card.TestCards;
import org.mjpki.simulator.phone.SimulatedPhone;

/** Puts on a holder's phone what an issuance would: the applet, both key pairs and certificates, the secrets. */
public final class TestHolders {

    private TestHolders() {
    }

    /** The issuer's keys of the simulated SE {@code phone} (a zero master key: tests only). */
    public static SecureChannelKeys keys(SimulatedPhone phone) {
        return SecureChannelKeys.diversify(new byte[16], phone.seId());
    }

    /** Installs the applet on the holder's phone if it is not there. */
    public static void installApplet(SimulatedPhone phone) {
        phone.installApplet(InstallParameters.encode(keys(phone)));
    }

    /**
     * Installs and personalizes the applet (certificates from the throw-away test CA) and has the holder set the
     * password and PIN through {@code app}. Answers the signing key's public key.
     */
    public static RSAPublicKey personalize(SimulatedHolder holder, SimulatedMynaportalApp app) {
        installApplet(holder.phone());
        RSAPublicKey signing = holder.phone().withLocalApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            IssuerSession issuer = applet.openIssuerSession(keys(holder.phone()));
            RSAPublicKey signingKey = issuer.generateKeyPair(AppletKey.SIGNING);
            RSAPublicKey userAuthKey = issuer.generateKeyPair(AppletKey.USER_AUTH);
            issuer.storeCertificate(AppletKey.SIGNING, der(TestCards.certificate(signingKey, "CN=signing")));
            issuer.storeCertificate(AppletKey.USER_AUTH, der(TestCards.certificate(userAuthKey, "CN=user auth")));
            return signingKey;
        });
        app.setSecrets(holder);
        return signing;
    }

    static byte[] der(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
