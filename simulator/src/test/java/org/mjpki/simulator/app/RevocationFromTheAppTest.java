package org.mjpki.simulator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.AppletKey;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SignatureIdentification;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.simulator.app.AppApiClient.AppApiException;
import org.mjpki.simulator.app.AppApiClient.CredentialSetView;
import org.mjpki.simulator.app.AppApiClient.RevocationStatus;
import org.mjpki.simulator.app.RevocationRequest.Reason;
import org.mjpki.simulator.card.TestCards;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.phone.SimulatedPhone;
import org.mjpki.simulator.timing.SimulatedTimings;

/**
 * The holder revokes their set with the phone alone (R9), and the app sends the delete-complete notice when the
 * applet is gone (R8): what the app signs and sends, against a stand-in for the app API (the end-to-end tests
 * run it against the server).
 */
class RevocationFromTheAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final PhoneFleet FLEET = new PhoneFleet();
    /** One personalized phone for the tests that sign (jcardsim generates its two RSA-2048 keys once). */
    private static SimulatedHolder signer;
    private static RSAPublicKey signingKey;
    private static RSAPublicKey userAuthKey;
    private static byte[] signingCertificate;

    private final FakeAppApi server = new FakeAppApi();
    private final SimulatedMynaportalApp app = newApp(server);

    private static SimulatedMynaportalApp newApp(FakeAppApi server) {
        return new SimulatedMynaportalApp(server.client(), null, Clock.systemUTC(),
                new SimulatedTimings(SimulatedTimings.Preset.NONE), Duration.ofSeconds(1));
    }

    @BeforeAll
    static void personalizeAPhone() {
        signer = new SimulatedHolder(TestCards.card(), FLEET.newPhone(DeviceFacts.eligibleDefault()), new SecureRandom());
        try (FakeAppApi none = new FakeAppApi()) {
            signingKey = TestHolders.personalize(signer, newApp(none));
        }
        signer.phone().withLocalApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            userAuthKey = applet.readPublicKey(AppletKey.USER_AUTH);
            signingCertificate = applet.readCertificate(AppletKey.SIGNING);
            return null;
        });
        signer.rememberCredentialSet("CS-SIGNER");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A holder whose phone has the applet installed (no keys: enough for the delete and its notice). */
    private static SimulatedHolder holderWithApplet() {
        SimulatedPhone phone = FLEET.newPhone(DeviceFacts.eligibleDefault());
        TestHolders.installApplet(phone);
        return new SimulatedHolder(TestCards.card(), phone, new SecureRandom());
    }

    private static boolean verifies(PublicKey key, byte[] request, byte[] identification, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(request);
        verifier.update(identification);
        return verifier.verify(signature);
    }

    private static String revocationAnswer(String stage, boolean finished) {
        return "{\"revocationId\":\"REV-1\",\"credentialSetId\":\"CS-SIGNER\",\"reason\":\"NO_LONGER_USED\",\"stage\":\""
                + stage + "\",\"finished\":" + finished + "}";
    }

    // ---- the signed request ----------------------------------------------------------------------------------

    @Test
    void thePhoneSignsTheRequestWithTheSigningKeyAsTheOperationCheckVerifiesIt() throws Exception {
        SimulatedMynaportalApp.PreparedRevocation prepared = app.prepareRevocation(signer, Reason.NO_LONGER_USED);

        byte[] request = prepared.requestBytes();
        assertThat(request).isEqualTo(prepared.request().toJson());
        assertThat(prepared.request().credentialSetId()).isEqualTo("CS-SIGNER");
        byte[] identification = prepared.signed().identification().encoded();
        byte[] signature = prepared.signed().signature();
        // SHA256withRSA over the request bytes followed by the identification bytes, as the server checks it
        assertThat(verifies(signingKey, request, identification, signature)).isTrue();
        PublicKey certified = CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(signingCertificate)).getPublicKey();
        assertThat(verifies(certified, request, identification, signature)).as("with the stored certificate's key").isTrue();
        RSAPublicKey readFromApplet = signer.phone().withLocalApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            return applet.readPublicKey(AppletKey.SIGNING);
        });
        assertThat(verifies(readFromApplet, request, identification, signature)).as("with the key the applet shows").isTrue();
        assertThat(verifies(userAuthKey, request, identification, signature)).as("not the user-auth key").isFalse();
        assertThat(verifies(signingKey, prepared.request().withCredentialSetId("CS-OTHER").toJson(), identification, signature))
                .as("the signature covers the request").isFalse();

        SignatureIdentification decoded = SignatureIdentification.decode(identification);
        assertThat(decoded.keyRole()).isEqualTo(AppletKey.SIGNING);
        assertThat(decoded.unlockMethod()).isEqualTo(SignatureIdentification.UnlockMethod.SIGNING_PASSWORD);
    }

    @Test
    void revokingSendsTheSignedRequestAsTheContractSays() throws Exception {
        server.on("POST", "/api/v1/revocations", 202,
                "{\"revocationId\":\"REV-1\",\"credentialSetId\":\"CS-SIGNER\",\"stage\":\"REVOKING\",\"finished\":false}");

        RevocationStatus status = app.revoke(signer, Reason.PHONE_COMPROMISED);

        assertThat(status).isEqualTo(new RevocationStatus("REV-1", "CS-SIGNER", null, "REVOKING", false));
        List<FakeAppApi.Request> sent = server.to("POST", "/api/v1/revocations");
        assertThat(sent).hasSize(1);
        FakeAppApi.Request post = sent.get(0);
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.header("Authorization")).startsWith("Basic ");
        JsonNode body = JSON.readTree(post.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("request", "signature", "identification");
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] request = b64.decode(body.get("request").asText());
        byte[] signature = b64.decode(body.get("signature").asText());
        byte[] identification = b64.decode(body.get("identification").asText());
        assertThat(identification).hasSize(SignatureIdentification.LENGTH);
        assertThat(signature).hasSize(256);
        assertThat(verifies(signingKey, request, identification, signature)).isTrue();
        JsonNode signed = JSON.readTree(request);
        assertThat(signed.get("type").asText()).isEqualTo("REVOCATION");
        assertThat(signed.get("credentialSetId").asText()).isEqualTo("CS-SIGNER");
        assertThat(signed.get("reason").asText()).isEqualTo("PHONE_COMPROMISED");
        assertThat(signed.get("nonce").asText()).matches("[A-Za-z0-9_-]{32}");
        assertThat(Instant.parse(signed.get("expiresAt").asText())).isAfter(Instant.now())
                .isBeforeOrEqualTo(Instant.now().plus(RevocationRequest.VALIDITY));
    }

    @Test
    void aRefusalIsATypedErrorWithTheServersStatusAndCode() {
        server.on("POST", "/api/v1/revocations", 409,
                "{\"error\":\"already_revoked\",\"message\":\"the credential set is already revoked\"}");

        assertThatThrownBy(() -> app.revoke(signer, Reason.OTHER))
                .isInstanceOfSatisfying(AppApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.error()).isEqualTo("already_revoked");
                    assertThat(e.serverMessage()).isEqualTo("the credential set is already revoked");
                    assertThat(e.getMessage()).contains("POST /api/v1/revocations answered 409");
                });
    }

    @Test
    void aHolderWithoutASetCannotRevokeAndNothingIsSent() {
        SimulatedHolder none = holderWithApplet();
        assertThatThrownBy(() -> app.revoke(none, Reason.NO_LONGER_USED)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no credential set");
        assertThat(server.all()).isEmpty();
    }

    @Test
    void waitsForTheRevocationByAskingUntilItIsOver() {
        AtomicInteger asked = new AtomicInteger();
        server.on("GET", "/api/v1/revocations/REV-1", r -> FakeAppApi.Response.of(200, switch (asked.incrementAndGet()) {
            case 1, 2 -> revocationAnswer("REVOKING", false);
            case 3, 4 -> revocationAnswer("DELETING_APPLET", false);
            default -> revocationAnswer("COMPLETED", true);
        }));
        long start = System.nanoTime();
        RevocationStatus done = app.awaitRevocationFinished("REV-1", Instant.now().plus(SOON));

        assertThat(done).isEqualTo(new RevocationStatus("REV-1", "CS-SIGNER", "NO_LONGER_USED", "COMPLETED", true));
        assertThat(asked.get()).isEqualTo(5);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("about every 100 ms")
                .isGreaterThanOrEqualTo(SimulatedMynaportalApp.REVOCATION_POLL.multipliedBy(4));

        asked.set(0);
        assertThat(app.awaitRevocationStage("REV-1", "DELETING_APPLET", Instant.now().plus(SOON)).stage())
                .isEqualTo("DELETING_APPLET");
    }

    @Test
    void waitingEndsAtTheDeadline() {
        server.on("GET", "/api/v1/revocations/REV-1", 200, revocationAnswer("DELETING_APPLET", false));
        assertThatThrownBy(() -> app.awaitRevocationFinished("REV-1", Instant.now().plusMillis(350)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("REV-1").hasMessageContaining("DELETING_APPLET");
        assertThat(server.to("GET", "/api/v1/revocations/REV-1").size()).isBetween(2, 6);
        server.on("GET", "/api/v1/revocations/REV-2", 404, "{\"error\":\"not_found\",\"message\":\"no revocation REV-2\"}");
        assertThatThrownBy(() -> app.revocation("REV-2")).isInstanceOfSatisfying(AppApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void readsTheSetAsTheValidityCheckShowsIt() {
        server.on("GET", "/api/v1/credential-sets/CS-SIGNER", 200, """
                {"credentialSetId":"CS-SIGNER","state":"REVOKED","applet":"DELETED",
                 "phone":{"manufacturer":"Sharp","model":"AQUOS sense8"},"issuedAt":"2026-03-01T09:00:00Z",
                 "certificates":[
                   {"keyRole":"SIGNING","serial":"1a2b","status":"REVOKED","revocationReason":"CESSATION_OF_OPERATION",
                    "notBefore":"2026-03-01T09:00:00Z","notAfter":"2031-03-01T09:00:00Z"},
                   {"keyRole":"USER_AUTH","serial":"3c4d","status":"REVOKED","revocationReason":"CESSATION_OF_OPERATION",
                    "notBefore":"2026-03-01T09:00:00Z","notAfter":"2031-03-01T09:00:00Z"}],
                 "history":[{"at":"2026-03-01T09:00:00Z","event":"ISSUED","actor":"HOLDER","reason":null},
                            {"at":"2026-03-02T10:00:00.123+09:00","event":"REVOKED","actor":"HOLDER","reason":"NO_LONGER_USED"}]}
                """);

        CredentialSetView set = app.credentialSet(signer);

        assertThat(set.credentialSetId()).isEqualTo("CS-SIGNER");
        assertThat(set.state()).isEqualTo("REVOKED");
        assertThat(set.applet()).isEqualTo("DELETED");
        assertThat(set.phoneManufacturer()).isEqualTo("Sharp");
        assertThat(set.phoneModel()).isEqualTo("AQUOS sense8");
        assertThat(set.issuedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(set.certificates()).hasSize(2);
        assertThat(set.certificate("SIGNING").orElseThrow()).isEqualTo(new AppApiClient.CertificateView("SIGNING", "1a2b",
                "REVOKED", "CESSATION_OF_OPERATION", Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2031-03-01T09:00:00Z")));
        assertThat(set.history()).containsExactly(
                new AppApiClient.HistoryEntry(Instant.parse("2026-03-01T09:00:00Z"), "ISSUED", "HOLDER", null),
                new AppApiClient.HistoryEntry(Instant.parse("2026-03-02T01:00:00.123Z"), "REVOKED", "HOLDER", "NO_LONGER_USED"));
        assertThat(set.json().path("phone").path("model").asText()).isEqualTo("AQUOS sense8");
    }

    // ---- the app knows its set -------------------------------------------------------------------------------

    @Test
    void theHolderRemembersTheSetOnceTheIssuanceHasCompleted() {
        SimulatedHolder holder = holderWithApplet();
        server.on("GET", "/api/v1/applications/APP-1", 200,
                "{\"applicationId\":\"APP-1\",\"stage\":\"COMPLETED\",\"credentialSetId\":\"CS-7\"}");

        assertThat(app.complete(holder, "APP-1", Instant.now().plus(SOON)).credentialSetId()).isEqualTo("CS-7");
        assertThat(holder.credentialSetId()).contains("CS-7");

        SimulatedHolder refused = holderWithApplet();
        server.on("GET", "/api/v1/applications/APP-2", 200,
                "{\"applicationId\":\"APP-2\",\"stage\":\"REFUSED\",\"reason\":\"DEVICE_NOT_ELIGIBLE\",\"credentialSetId\":\"CS-8\"}");
        assertThat(app.complete(refused, "APP-2", Instant.now().plus(SOON)).stage()).isEqualTo("REFUSED");
        assertThat(refused.credentialSetId()).as("only a completed issuance gives the holder a set").isEmpty();

        SimulatedHolder other = holderWithApplet();
        assertThat(app.learnCredentialSet(other, "APP-1")).contains("CS-7");
        assertThat(app.api().status("APP-2").credentialSetId()).isEqualTo("CS-8");
    }

    // ---- the delete-complete notice ----------------------------------------------------------------------------

    private static String noticePath(String credentialSetId) {
        return "/api/v1/credential-sets/" + credentialSetId + "/applet-delete-notices";
    }

    @Test
    void whenAPhoneWithAPendingDeleteIsBackTheAppSendsTheNotice() throws Exception {
        SimulatedHolder holder = holderWithApplet();
        holder.rememberCredentialSet("CS-PENDING");
        app.attach(holder);
        server.on("POST", noticePath("CS-PENDING"), 202, null);

        holder.phone().setOnline(false);
        assertThat(holder.phone().deleteApplet()).as("the SEI-TSM's delete waits for the phone").isFalse();
        holder.phone().deliver(HolderNotification.CREDENTIAL_SET_REVOKED);
        holder.phone().deliver(HolderNotification.DELETE_APPLET);
        assertThat(server.next(Duration.ofMillis(400))).as("nothing while the phone is offline").isNull();

        holder.phone().setOnline(true);

        FakeAppApi.Request notice = server.next(SOON);
        assertThat(notice).isNotNull();
        assertThat(notice.method()).isEqualTo("POST");
        assertThat(notice.path()).isEqualTo(noticePath("CS-PENDING"));
        assertThat(notice.body()).isEmpty();
        assertThat(holder.phone().appletInstalled()).isFalse();
        assertThat(server.next(Duration.ofMillis(300))).as("one notice").isNull();
    }

    @Test
    void aDeleteAppletPushWhileOnlineIsAnsweredOnceTheAppletIsGone() throws Exception {
        SimulatedHolder holder = holderWithApplet();
        holder.rememberCredentialSet("CS-ONLINE");
        app.attach(holder);
        app.attach(holder);
        server.on("POST", noticePath("CS-ONLINE"), 202, null);

        // the push comes first, the SEI-TSM deletes a moment later
        holder.phone().deliver(HolderNotification.DELETE_APPLET);
        assertThat(server.next(Duration.ofMillis(300))).as("not while the applet is still there").isNull();
        assertThat(holder.phone().deleteApplet()).isTrue();

        FakeAppApi.Request notice = server.next(SOON);
        assertThat(notice).isNotNull();
        assertThat(notice.path()).isEqualTo(noticePath("CS-ONLINE"));
        assertThat(server.next(Duration.ofMillis(300))).as("one notice, though attached twice").isNull();
    }

    @Test
    void aRefusedNoticeIsLoggedAndNeverFailsThePhone() throws Exception {
        SimulatedHolder holder = holderWithApplet();
        holder.rememberCredentialSet("CS-GONE");
        app.attach(holder);
        server.on("POST", noticePath("CS-GONE"), 404, "{\"error\":\"not_found\",\"message\":\"no credential set CS-GONE\"}");

        try (CapturedLogs logs = new CapturedLogs()) {
            holder.phone().setOnline(false);
            holder.phone().deleteApplet();
            holder.phone().setOnline(true);
            assertThat(server.next(SOON)).isNotNull();
            assertThat(holder.phone().online()).isTrue();
            assertThat(holder.phone().appletInstalled()).isFalse();
            awaitLine(logs, "answered 404");
            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("answered 404"))
                    .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO));
        }

        server.on("POST", noticePath("CS-GONE"), 409, "{\"error\":\"no_delete_awaited\",\"message\":\"nothing awaits it\"}");
        assertThat(app.sendAppletDeleteNotice(holder)).isFalse();
        server.on("POST", noticePath("CS-GONE"), 202, null);
        assertThat(app.sendAppletDeleteNotice(holder)).as("sent again after a refusal").isTrue();
        assertThat(app.sendAppletDeleteNotice(holder)).as("already taken: not sent again").isTrue();
        assertThat(server.to("POST", noticePath("CS-GONE"))).hasSize(3);

        SimulatedHolder unknown = holderWithApplet();
        assertThat(app.sendAppletDeleteNotice(unknown)).as("no set known: nothing to send").isFalse();
    }

    private static void awaitLine(CapturedLogs logs, String text) throws InterruptedException {
        long until = System.nanoTime() + SOON.toNanos();
        while (logs.lines().stream().noneMatch(l -> l.contains(text))) {
            assertThat(System.nanoTime() - until).as("a log line with '" + text + "'").isNegative();
            Thread.sleep(20);
        }
    }

    // ---- secrets -----------------------------------------------------------------------------------------------

    @Test
    void neitherThePasswordNorThePinIsInAnyLogLineRequestOrError() throws Exception {
        List<String> errors = new ArrayList<>();
        SimulatedHolder holder = holderWithApplet();
        holder.rememberCredentialSet("CS-LEAK");
        app.attach(holder);
        try (CapturedLogs logs = new CapturedLogs()) {
            server.on("POST", "/api/v1/revocations", 202, revocationAnswer("REVOKING", false));
            app.revoke(signer, Reason.NO_LONGER_USED);
            server.on("POST", "/api/v1/revocations", 400, "{\"error\":\"invalid_request\",\"message\":\"bad signature\"}");
            try {
                app.revoke(signer, Reason.OTHER);
            } catch (AppApiException e) {
                errors.add(e.getMessage());
            }
            server.on("POST", noticePath("CS-LEAK"), 500, "{\"error\":\"internal_error\",\"message\":\"try again later\"}");
            holder.phone().setOnline(false);
            holder.phone().deleteApplet();
            holder.phone().deliver(HolderNotification.DELETE_APPLET);
            holder.phone().setOnline(true);
            awaitLine(logs, "CS-LEAK");
            server.on("POST", noticePath("CS-LEAK"), 409, "{\"error\":\"wrong_step\",\"message\":\"not now\"}");
            app.sendAppletDeleteNotice(holder);
            try {
                app.prepareRevocation(new SimulatedHolder(TestCards.card(), holderWithApplet().phone(), new SecureRandom()),
                        Reason.OTHER);
            } catch (IllegalStateException e) {
                errors.add(e.getMessage());
            }

            List<String> lines = new ArrayList<>(logs.lines());
            assertThat(lines).as("the search sees the app's lines").anyMatch(l -> l.contains("CS-LEAK"));
            lines.addAll(errors);
            for (FakeAppApi.Request request : server.all()) {
                lines.add(request.text());
                request.headers().forEach((name, values) -> lines.add(name + ": " + values));
                JsonNode body = request.body().length == 0 ? null : JSON.readTree(request.body());
                if (body != null && body.has("request")) {
                    lines.add(new String(Base64.getDecoder().decode(body.get("request").asText()), StandardCharsets.UTF_8));
                }
            }
            for (SimulatedHolder h : List.of(signer, holder)) {
                String password = h.secretsForLeakCheck().get(0);
                String pin = h.secretsForLeakCheck().get(1);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    assertThat(line.contains(password)).as("a signing password in line %d", i).isFalse();
                    assertThat(tokens(line)).as("a user-auth PIN in line %d", i).doesNotContain(pin);
                }
            }
        }
    }

    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("[A-Za-z0-9]+").matcher(line);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}
