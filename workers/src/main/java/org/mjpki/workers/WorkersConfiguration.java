package org.mjpki.workers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mjpki.lifecycle.device.AttestationTrustAnchor;
import org.mjpki.lifecycle.jpki.ApplicationFreshness;
import org.mjpki.lifecycle.jpki.CardCertificateOcsp;
import org.mjpki.workers.runtime.RestTaskTransport;
import org.mjpki.workers.runtime.TaskTransport;
import org.mjpki.workers.runtime.WorkerRuntime;
import org.mjpki.workers.se.IssuerKeys;
import org.mjpki.workers.support.MjpkiWorker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkersProperties.class)
public class WorkersConfiguration {

    @Bean
    IssuerKeys issuerKeys(WorkersProperties properties) {
        return IssuerKeys.load(properties.issuerMasterKeyFile(), properties.createIssuerMasterKey());
    }

    /** The call center's look-up of a holder by the four facts on the card, without storing them (ADR 0018). */
    @Bean
    org.mjpki.lifecycle.holder.HolderFactsDigest holderFactsDigest(WorkersProperties properties) {
        return new org.mjpki.lifecycle.holder.HolderFactsDigest(org.mjpki.workers.support.SecretKeyFile.load(
                properties.holderLookupKeyFile(), properties.createHolderLookupKey(), java.util.Set.of(32), 32,
                "the holder look-up key"));
    }

    /**
     * What runs the workers; off where the workers run in a process of their own. The transport (ADR 0031): the
     * engine's Java API where the server offers one (a {@link TaskTransport} bean: only the server, which has the
     * engine, declares one) unless told {@code rest}; REST otherwise.
     */
    @Bean
    @ConditionalOnProperty(prefix = "mjpki.workers.client", name = "enabled", havingValue = "true", matchIfMissing = true)
    WorkerRuntime workerRuntime(List<MjpkiWorker> workers, WorkersProperties properties, Environment environment,
                                ObjectProvider<TaskTransport> engineApi) {
        workers.forEach(worker -> worker.waitBetweenTries(properties.waits()));
        WorkersProperties.Client client = properties.client();
        TaskTransport inProcess = engineApi.getIfAvailable();
        TaskTransport transport = switch (client.transport()) {
            case REST -> rest(client, environment);
            case ENGINE_API -> {
                if (inProcess == null) {
                    throw new IllegalStateException("mjpki.workers.client.transport=engine-api needs the engine in this "
                            + "process; workers in a process of their own reach it with transport=rest (or auto)");
                }
                yield inProcess;
            }
            case AUTO -> inProcess != null ? inProcess : rest(client, environment);
        };
        return new WorkerRuntime(workers, transport, client.lanes());
    }

    private static TaskTransport rest(WorkersProperties.Client client, Environment environment) {
        return new RestTaskTransport(() -> engineUrl(client, environment), client.username(), client.password(),
                client.asyncResponseTimeout());
    }

    /** The engine REST API: the configured one, else this server's own on the port it listens on. */
    private static URI engineUrl(WorkersProperties.Client client, Environment environment) {
        if (client.engineUrl() != null) {
            return client.engineUrl();
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://localhost:" + port + "/engine-rest");
    }

    @Bean
    ApplicationFreshness applicationFreshness(WorkersProperties properties, java.time.Clock clock) {
        return new ApplicationFreshness(properties.applicationMaxValidity(), properties.applicationClockSkew(), clock);
    }

    @Bean
    CardCertificateOcsp cardCertificateOcsp(java.time.Clock clock) {
        return new CardCertificateOcsp(clock);
    }

    /** Trust anchors from configuration, plus any contributed as beans (the simulator's attestation service). */
    @Bean
    List<AttestationTrustAnchor> attestationTrustAnchors(WorkersProperties properties,
                                                         ObjectProvider<AttestationTrustAnchor> contributed) {
        List<AttestationTrustAnchor> anchors = new ArrayList<>();
        for (Path file : properties.attestationTrustAnchors()) {
            anchors.add(new AttestationTrustAnchor(file.toString(), readPublicKey(file)));
        }
        contributed.orderedStream().forEach(anchors::add);
        return List.copyOf(anchors);
    }

    static PublicKey readPublicKey(Path pem) {
        try {
            String base64 = Files.readString(pem)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attestation trust anchor " + pem, e);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("attestation trust anchor " + pem + " is not a PEM EC public key", e);
        }
    }
}
