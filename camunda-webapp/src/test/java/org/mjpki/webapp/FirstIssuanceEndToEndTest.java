package org.mjpki.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SignatureResult;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.processes.issuance.IssuanceProcess;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;

/**
 * The walking skeleton, end to end, on PostgreSQL: a simulated holder's app applies over REST, the issuance
 * process runs its external-task workers against the jcardsim phone and the embedded CA, and the set is usable.
 * It shares the one server of every end-to-end test ({@link EndToEndOnPostgres}).
 */
class FirstIssuanceEndToEndTest extends EndToEndOnPostgres {

    private final RestClientForTests operator = new RestClientForTests(ServerOnPostgres.baseUrl(), "demo", "demo");

    @Test
    void issuesASmartphoneSetThroughRestOnly() throws Exception {
        RestClientForTests.Response issued = operator.post("/simulator/issuances", "{}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String applicationId = issued.body().path("applicationId").asText();
        String seId = issued.body().path("seId").asText();
        assertThat(issued.body().path("stage").asText()).isEqualTo("COMPLETED");

        // the process ended in its success end event (engine REST, as an operator sees it)
        RestClientForTests.Response history = operator.get(
                "/engine-rest/history/process-instance?processInstanceBusinessKey=" + applicationId);
        assertThat(history.status()).isEqualTo(200);
        JsonNode instance = history.body().get(0);
        assertThat(instance.path("state").asText()).isEqualTo("COMPLETED");
        RestClientForTests.Response ends = operator.get("/engine-rest/history/activity-instance?processInstanceId="
                + instance.path("id").asText() + "&activityType=noneEndEvent");
        assertThat(ends.body()).extracting(e -> e.path("activityId").asText())
                .filteredOn(id -> !id.equals(IssuanceProcess.Elements.END_EVENT_CREDENTIAL_SET_PERSONALIZED))
                .containsExactly(IssuanceProcess.Elements.END_EVENT_CREDENTIAL_ACTIVE);

        // the credential is ACTIVE
        assertThat(registry.setOfApplication(applicationId).orElseThrow().state()).isEqualTo(CredentialState.ACTIVE);

        SimulatedHolder holder = world.holderOn(seId).orElseThrow();
        X509Certificate card = holder.card().signingCertificate();
        // R4 per kind: each phone certificate follows the card certificate of its own kind
        String setId = registry.setOfApplication(applicationId).orElseThrow().credentialSetId();
        assertThat(registry.cardLinks(setId)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                org.mjpki.lifecycle.KeyRole.SIGNING, new org.mjpki.registry.CardCertificateLink("SIGNING", card.getSerialNumber()),
                org.mjpki.lifecycle.KeyRole.USER_AUTH, new org.mjpki.registry.CardCertificateLink("USER_AUTH",
                        holder.card().userAuthCertificate().getSerialNumber())));
        for (AppletKey role : AppletKey.values()) {
            byte[] der = holder.phone().withLocalApplet(t -> {
                JpkiAppletClient applet = new JpkiAppletClient(t);
                applet.select();
                return applet.readCertificate(role);
            });
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            // chains to the CA
            X509Certificate issuer = issuerOf(certificate, ca.caCertificates());
            certificate.verify(issuer.getPublicKey());
            // R3: the card certificate's notAfter
            assertThat(certificate.getNotAfter()).isEqualTo(card.getNotAfter());
            // the key in the applet is the certified one: the applet signs a challenge, verified with the certificate
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            SignatureResult signature = world.app().sign(holder, role, challenge);
            assertThat(signature.verify(certificate.getPublicKey(), challenge)).as(role + " key matches its certificate").isTrue();
        }
        assertThat(holder.phone().inbox()).as("R18: the holder is told, once, that the set is issued")
                .containsExactly(HolderNotification.ISSUANCE_COMPLETED);
    }

    @Test
    void refusesAnonymousCallsToEveryApi() {
        RestClientForTests anonymous = new RestClientForTests(ServerOnPostgres.baseUrl(), null, null);
        assertThat(anonymous.get("/engine-rest/process-definition").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/applications/APP-00000000").status()).isEqualTo(401);
        assertThat(anonymous.post("/simulator/issuances", "{}").status()).isEqualTo(401);
        RestClientForTests wrongPassword = new RestClientForTests(ServerOnPostgres.baseUrl(), "demo", "wrong");
        assertThat(wrongPassword.get("/engine-rest/process-definition").status()).isEqualTo(401);
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> cas) {
        return cas.stream().filter(c -> c.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .findFirst().orElseThrow(() -> new AssertionError("no CA issued " + certificate.getSubjectX500Principal()));
    }
}
