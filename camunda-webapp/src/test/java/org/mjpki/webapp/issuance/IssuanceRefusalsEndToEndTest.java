package org.mjpki.webapp.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_APPLICATION_REJECTED;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_CARD_CERTIFICATE_NOT_GOOD;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_DEVICE_INELIGIBLE;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.END_EVENT_DEVICE_INTEGRITY_FAILED;
import static org.mjpki.processes.issuance.IssuanceProcess.Elements.TASK_VERIFY_DEVICE_INTEGRITY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.jpki.ApplicationFreshness;
import org.mjpki.processes.issuance.IssuanceProcess.EligibilityReasons;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp.PreparedApplication;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.webapp.RestClientForTests;

/**
 * Applications the issuance process refuses before anything is reserved or issued (R1, R7, R15): each ends in
 * its own end event, tells the holder REFUSED with a stable reason, and leaves no slot, no certificate and no
 * applet behind.
 */
class IssuanceRefusalsEndToEndTest extends EndToEndOnPostgres {

    @Test
    void applicationSignedWithAKeyThatDoesNotMatchTheCardCertificateIsRejected() throws Exception {
        SimulatedHolder holder = newHolder();
        PreparedApplication honest = world.app().prepare(holder);
        // the card certificate travels in the CMS, but the signature is made with some other key
        PreparedApplication forged = honest.withSignedApplication(
                signWithWrongKey(honest.content(), holder.card().signingCertificate()));

        String applicationId = refused(holder, forged, END_EVENT_APPLICATION_REJECTED, "APPLICATION_INVALID");
        assertThat(registry.application(applicationId).orElseThrow().holderRef()).as("no holder was verified").isNull();
    }

    @Test
    void applicationAlteredAfterTheCardSignedItIsRejected() {
        SimulatedHolder holder = newHolder();
        PreparedApplication honest = world.app().prepare(holder);
        // a restricted model would say it is an allowed one: same length, so the CMS stays well-formed
        byte[] tampered = replaceOnce(honest.signedApplication(), "\"deviceModel\":\"SP-100\"", "\"deviceModel\":\"SP-999\"");

        refused(holder, honest.withSignedApplication(tampered), END_EVENT_APPLICATION_REJECTED, "APPLICATION_INVALID");
    }

    @Test
    void applicationThatHadExpiredWhenItArrivedIsRejected() {
        SimulatedHolder holder = newHolder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // signed half an hour ago for ten minutes, and sent only now (kept back, or replayed from a capture)
        PreparedApplication stale = signedBy(holder, now.minus(Duration.ofMinutes(30)), now.minus(Duration.ofMinutes(20)));

        refused(holder, stale, END_EVENT_APPLICATION_REJECTED, "APPLICATION_INVALID");
    }

    @Test
    void applicationDatedAheadBeyondTheClockSkewIsRejected() {
        SimulatedHolder holder = newHolder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // made "in ten minutes": more than the 5 minutes a phone's clock may run ahead
        PreparedApplication ahead = signedBy(holder, now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(20)));

        refused(holder, ahead, END_EVENT_APPLICATION_REJECTED, "APPLICATION_INVALID");
    }

    @Test
    void applicationValidForLongerThanTheMaximumWindowIsRejected() {
        SimulatedHolder holder = newHolder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // fresh and not yet expired, but usable for a year: the window is bounded (ADR 0008)
        assertThat(Duration.ofDays(365)).isGreaterThan(ApplicationFreshness.DEFAULT_MAX_VALIDITY);
        PreparedApplication longLived = signedBy(holder, now, now.plus(Duration.ofDays(365)));

        refused(holder, longLived, END_EVENT_APPLICATION_REJECTED, "APPLICATION_INVALID");
    }

    @Test
    void revokedCardSigningCertificateIsRefused() {
        SimulatedHolder holder = newHolder();
        X509Certificate card = holder.card().signingCertificate();
        CertificateRef cardRef = CertificateRef.of(card, IssuingCa.SIGNING);
        // the holder moved: a change of address revokes the card signing certificate at the CA
        ca.revoke("e2e/revoke-card/" + UUID.randomUUID(), cardRef, RevocationReason.AFFILIATION_CHANGED);
        assertThat(ca.status(cardRef).state()).isEqualTo(CertificateStatus.State.REVOKED);

        refused(holder, world.app().prepare(holder), END_EVENT_CARD_CERTIFICATE_NOT_GOOD, "CARD_CERTIFICATE_NOT_GOOD");
    }

    @Test
    void applicationWithoutTheCardsUserAuthCountersignatureIsRejected() throws Exception {
        SimulatedHolder holder = newHolder();
        PreparedApplication honest = world.app().prepare(holder);
        // signed with the card signing key alone: the phone user-auth certificate would follow no card certificate
        byte[] json = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build().writeValueAsBytes(honest.content());

        refused(holder, honest.withSignedApplication(holder.card().signDocument(json)), END_EVENT_APPLICATION_REJECTED,
                "APPLICATION_INVALID");
    }

    @Test
    void applicationCountersignedWithAnotherHoldersCardIsRejected() {
        SimulatedHolder holder = newHolder();
        SimulatedHolder other = newHolder();
        PreparedApplication honest = world.app().prepare(holder);

        refused(holder, honest.withSignedApplication(holder.card().signApplicationWithUserAuthOf(honest.content(), other.card())),
                END_EVENT_APPLICATION_REJECTED, "APPLICATION_INVALID");
    }

    @Test
    void revokedCardUserAuthCertificateIsRefused() {
        SimulatedHolder holder = newHolder();
        CertificateRef userAuth = CertificateRef.of(holder.card().userAuthCertificate(), IssuingCa.USER_AUTH);
        ca.revoke("e2e/revoke-card-ua/" + UUID.randomUUID(), userAuth, RevocationReason.CESSATION_OF_OPERATION);

        refused(holder, world.app().prepare(holder), END_EVENT_CARD_CERTIFICATE_NOT_GOOD, "CARD_CERTIFICATE_NOT_GOOD");
    }

    @Test
    void phoneOnAndroid8IsIneligible() {
        String applicationId = refusedThroughSimulatorRest("{\"osVersion\":8}", "DEVICE_INELIGIBLE");
        HistoricProcessInstance instance = assertEndedIn(applicationId, END_EVENT_DEVICE_INELIGIBLE);
        assertThat(historicVariable(instance.getId(), Variables.ELIGIBILITY_REASON)).isEqualTo(EligibilityReasons.OS_TOO_OLD);
        assertThat(visited(instance.getId(), TASK_VERIFY_DEVICE_INTEGRITY)).isFalse();
    }

    @Test
    void restrictedModelIsIneligible() {
        SimulatedHolder holder = world.newHolder(new DeviceFacts("ExampleCorp", "EX-1", 14, "GP-SE-JAVACARD", false));
        String applicationId = refused(holder, world.app().prepare(holder), END_EVENT_DEVICE_INELIGIBLE, "DEVICE_INELIGIBLE");
        assertThat(historicVariable(historicInstance(applicationId).getId(), Variables.ELIGIBILITY_REASON))
                .isEqualTo(EligibilityReasons.MODEL_RESTRICTED);
    }

    @Test
    void rootedPhoneFailsTheIntegrityCheck() {
        SimulatedHolder holder = world.newHolder(new DeviceFacts("SimPhone", "SP-100", 14, "GP-SE-JAVACARD", true));
        String applicationId = refused(holder, world.app().prepare(holder), END_EVENT_DEVICE_INTEGRITY_FAILED,
                "DEVICE_INTEGRITY_FAILED");
        assertThat(historicVariable(historicInstance(applicationId).getId(), Variables.ELIGIBLE)).isEqualTo(true);
    }

    @Test
    void rootedPhoneIsRefusedThroughTheSimulatorRestApiToo() {
        String applicationId = refusedThroughSimulatorRest("{\"rooted\":true}", "DEVICE_INTEGRITY_FAILED");
        assertEndedIn(applicationId, END_EVENT_DEVICE_INTEGRITY_FAILED);
    }

    /** Sends {@code application} as the app, and checks the refusal end to end. */
    private String refused(SimulatedHolder holder, PreparedApplication application, String endEvent, String reason) {
        ApplicationStatus received = world.app().submit(application);
        assertThat(received.stage()).isEqualTo("RECEIVED");
        String applicationId = received.applicationId();
        assertThat(applicationId).isEqualTo(application.content().applicationId());

        JsonNode outcome = awaitOutcome(applicationId);
        assertStatus(outcome, "REFUSED", reason);
        assertThat(outcome.path("nextAction").isNull()).isTrue();
        assertEndedIn(applicationId, endEvent);
        assertNothingReservedOrIssued(applicationId, holder);
        return applicationId;
    }

    /** A whole issuance through the simulator's REST API, as an operator demo would run it; it must be refused. */
    private String refusedThroughSimulatorRest(String deviceJson, String reason) {
        RestClientForTests.Response response = asOperator("POST", "/simulator/issuances", deviceJson);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().path("stage").asText()).isEqualTo("REFUSED");
        assertThat(response.body().path("reason").asText()).isEqualTo(reason);
        String applicationId = response.body().path("applicationId").asText();
        assertStatus(appStatus(applicationId), "REFUSED", reason);
        SimulatedHolder holder = world.holderOn(response.body().path("seId").asText()).orElseThrow();
        assertNothingReservedOrIssued(applicationId, holder);
        return applicationId;
    }

    /**
     * An application the holder's card really signed, with the times given: built here, as the app would build
     * it but with other times, then signed by the card and given an honest device verdict.
     */
    private PreparedApplication signedBy(SimulatedHolder holder, Instant issuedAt, Instant expiresAt) {
        PreparedApplication honest = world.app().prepare(holder);
        ApplicationContent c = honest.content();
        ApplicationContent content = new ApplicationContent(c.applicationId(), c.seId(), c.nonce(), issuedAt, expiresAt,
                c.deviceManufacturer(), c.deviceModel(), c.osVersion(), c.seType());
        return new PreparedApplication(content, holder.card().signApplication(content), honest.attestationToken());
    }

    private static byte[] signWithWrongKey(ApplicationContent content, X509Certificate cardCertificate) throws Exception {
        byte[] json = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build().writeValueAsBytes(content);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
        cms.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(generator.generateKeyPair().getPrivate()), cardCertificate));
        cms.addCertificates(new JcaCertStore(List.of(cardCertificate)));
        return cms.generate(new CMSProcessableByteArray(json), true).getEncoded();
    }

    private static byte[] replaceOnce(byte[] data, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.US_ASCII);
        byte[] b = to.getBytes(StandardCharsets.US_ASCII);
        assertThat(b).hasSameSizeAs(a);
        int found = -1;
        for (int i = 0; i + a.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + a.length, a, 0, a.length)) {
                assertThat(found).as("'" + from + "' occurs once").isEqualTo(-1);
                found = i;
            }
        }
        assertThat(found).as("'" + from + "' occurs in the signed application").isNotNegative();
        byte[] copy = data.clone();
        System.arraycopy(b, 0, copy, found, b.length);
        return copy;
    }
}
