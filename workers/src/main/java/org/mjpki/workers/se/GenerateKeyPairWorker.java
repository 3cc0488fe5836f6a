package org.mjpki.workers.se;

import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.camunda.bpm.client.spring.annotation.ExternalTaskSubscription;
import org.mjpki.applet.client.AppletException;
import org.mjpki.applet.client.AppletStatus;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.processes.issuance.IssuanceProcess.Errors;
import org.mjpki.processes.issuance.IssuanceProcess.Topics;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.KeyRole;
import org.mjpki.registry.SmartphoneCredential;
import org.mjpki.registry.UnknownApplicationException;
import org.mjpki.workers.port.SecureElementChannel;
import org.mjpki.workers.support.BusinessOutcome;
import org.mjpki.workers.support.IssuanceTask;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.stereotype.Component;

/**
 * Has the applet generate one RSA-2048 key pair on the SE and records its public half. Exactly once: a
 * retry finds the key already on the applet (or on record) and reads it instead of generating a second.
 */
@Component
@ExternalTaskSubscription(topicName = Topics.GENERATE_KEY_PAIR, lockDuration = 120_000)
public class GenerateKeyPairWorker extends MjpkiWorker {

    private final CredentialRegistry registry;
    private final SecureElementChannel channel;
    private final IssuerKeys issuerKeys;

    public GenerateKeyPairWorker(CredentialRegistry registry, SecureElementChannel channel, IssuerKeys issuerKeys) {
        this.registry = registry;
        this.channel = channel;
        this.issuerKeys = issuerKeys;
    }

    @Override
    protected Map<String, Object> work(IssuanceTask task) {
        String applicationId = task.applicationId();
        KeyRole role = task.keyRole();
        if (registry.key(applicationId, role).isPresent()) {
            return Map.of();
        }
        SmartphoneCredential credential = registry.credential(applicationId)
                .orElseThrow(() -> new UnknownApplicationException(applicationId));
        org.mjpki.applet.client.KeyRole appletRole = AppletRoles.of(role);
        RSAPublicKey publicKey;
        try {
            publicKey = channel.withApplet(credential.seId(), transport -> {
                JpkiAppletClient applet = new JpkiAppletClient(transport);
                applet.select();
                AppletStatus status = applet.status();
                if (status.keyPresent(appletRole)) {
                    return applet.readPublicKey(appletRole);
                }
                return applet.openIssuerSession(issuerKeys.forSecureElement(credential.seId())).generateKeyPair(appletRole);
            });
        } catch (AppletException e) {
            throw new BusinessOutcome(Errors.SE_REFUSED, "Application " + applicationId + ": the applet refused to generate the "
                    + role + " key pair (" + e.getMessage() + ")");
        }
        registry.recordPublicKey(applicationId, role, publicKey.getEncoded());
        return Map.of();
    }

    @Override
    protected String step(IssuanceTask task) {
        return "generate the " + task.keyRole() + " key pair on the phone's secure element";
    }

    @Override
    protected String retryEffect() {
        return "retrying reads a key pair already generated instead of making a second";
    }
}
