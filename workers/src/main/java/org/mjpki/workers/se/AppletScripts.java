package org.mjpki.workers.se;

import org.mjpki.applet.client.AppletException;
import org.mjpki.applet.client.IssuerSession;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.lifecycle.port.SecureElementChannel;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.workers.support.BusinessOutcome;
import org.springframework.stereotype.Component;

/**
 * Runs one issuer script against the JPKI applet on a phone: selects the applet, opens the SCP03 session with
 * that phone's keys only if the script needs it, and turns a refusal by the applet into the modelled
 * {@code SE_REFUSED} outcome. The phone being unreachable stays a transport failure (the task waits, R12).
 */
@Component
public class AppletScripts {

    /** What a script does with the applet; {@code issuer} opens the secure channel on first use. */
    @FunctionalInterface
    public interface Script<T> {
        T run(JpkiAppletClient applet, java.util.function.Supplier<IssuerSession> issuer);
    }

    private final SecureElementChannel channel;
    private final IssuerKeys issuerKeys;

    public AppletScripts(SecureElementChannel channel, IssuerKeys issuerKeys) {
        this.channel = channel;
        this.issuerKeys = issuerKeys;
    }

    /**
     * @param what the step in words, for the refusal message, e.g. "generate the SIGNING key pair"
     */
    public <T> T run(String applicationId, String seId, String what, Script<T> script) {
        try {
            return channel.withApplet(seId, transport -> {
                JpkiAppletClient applet = new JpkiAppletClient(transport);
                applet.select();
                IssuerSession[] session = new IssuerSession[1];
                return script.run(applet, () -> {
                    if (session[0] == null) {
                        session[0] = applet.openIssuerSession(issuerKeys.forSecureElement(seId));
                    }
                    return session[0];
                });
            });
        } catch (AppletException e) {
            throw new BusinessOutcome(Errors.SE_REFUSED, "Application " + applicationId + ": the applet refused to "
                    + what + " (" + e.getMessage() + ")");
        }
    }
}
