package org.mjpki.simulator.web;

import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.AppApiClient;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.app.SimulatedMynaportalApp;
import org.mjpki.simulator.app.TestHolders;
import org.mjpki.simulator.card.TestCards;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.PhoneFleet;
import org.mjpki.simulator.timing.SimulatedTimings;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * {@code POST /simulator/revocations}: the holder of a phone revokes from the app; its answers, against a stand-in
 * for the app API (a JDK HTTP server answering what each test says).
 */
class SimulatorControllerRevocationTest {

    private static final PhoneFleet FLEET = new PhoneFleet();
    private static com.sun.net.httpserver.HttpServer server;
    private static volatile com.sun.net.httpserver.HttpHandler revocations;
    private static volatile com.sun.net.httpserver.HttpHandler revocation;
    private static SimulatedWorld world;
    private static SimulatedHolder holder;
    private static MockMvc mvc;

    @BeforeAll
    static void aWorldWithOneHolderWhoseIssuanceCompleted() throws Exception {
        server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/revocations", e -> (e.getRequestMethod().equals("POST") ? revocations : revocation).handle(e));
        server.start();
        AppApiClient api = new AppApiClient(() -> java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "mjpkiApp", "app-client-secret");
        SimulatedMynaportalApp app = new SimulatedMynaportalApp(api, null, Clock.systemUTC(),
                new SimulatedTimings(SimulatedTimings.Preset.NONE), Duration.ofSeconds(1));
        world = new SimulatedWorld(FLEET, null, null, null, app, null, new SimulatedTimings(SimulatedTimings.Preset.NONE));
        SimulatedHolder outsider = new SimulatedHolder(TestCards.card(), new PhoneFleet().newPhone(DeviceFacts.eligibleDefault()),
                new SecureRandom());
        holder = world.samePersonNewPhone(outsider, DeviceFacts.eligibleDefault());
        TestHolders.personalize(holder, app);
        holder.rememberCredentialSet("CS-1");
        mvc = MockMvcBuilders.standaloneSetup(new SimulatorController(world)).build();
    }

    @AfterEach
    void phoneBackOnline() {
        holder.phone().setOnline(true);
    }

    @org.junit.jupiter.api.AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static com.sun.net.httpserver.HttpHandler answer(int status, String json) {
        return e -> {
            e.getRequestBody().readAllBytes();
            byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            e.getResponseHeaders().add("Content-Type", "application/json");
            e.sendResponseHeaders(status, body.length);
            e.getResponseBody().write(body);
            e.close();
        };
    }

    private static String revocationJson(String stage, boolean finished) {
        return "{\"revocationId\":\"REV-1\",\"credentialSetId\":\"CS-1\",\"reason\":\"PHONE_COMPROMISED\",\"stage\":\""
                + stage + "\",\"finished\":" + finished + "}";
    }

    @Test
    void answersTheFinishedRevocationWithThePhonesInbox() throws Exception {
        revocations = answer(202, "{\"revocationId\":\"REV-1\",\"credentialSetId\":\"CS-1\",\"stage\":\"REVOKING\",\"finished\":false}");
        AtomicInteger asked = new AtomicInteger();
        revocation = e -> {
            if (asked.incrementAndGet() == 2) {
                // the server's revocation reaches the phone as the real one would
                holder.phone().deliver(HolderNotification.CREDENTIAL_SET_REVOKED);
            }
            answer(200, asked.get() < 3 ? revocationJson("REVOKING", false) : revocationJson("COMPLETED", true)).handle(e);
        };

        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"seId\":\"" + holder.phone().seId() + "\",\"reason\":\"PHONE_COMPROMISED\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.revocationId").value("REV-1"))
                .andExpect(jsonPath("$.credentialSetId").value("CS-1"))
                .andExpect(jsonPath("$.seId").value(holder.phone().seId()))
                .andExpect(jsonPath("$.reason").value("PHONE_COMPROMISED"))
                .andExpect(jsonPath("$.stage").value("COMPLETED"))
                .andExpect(jsonPath("$.finished").value(true))
                .andExpect(jsonPath("$.appletInstalled").value(true))
                .andExpect(jsonPath("$.phoneInbox", contains("CREDENTIAL_SET_REVOKED")));
    }

    @Test
    void answersAtDeletingAppletWhileThePhoneIsOffline() throws Exception {
        revocations = answer(202, "{\"revocationId\":\"REV-1\",\"credentialSetId\":\"CS-1\",\"stage\":\"REVOKING\",\"finished\":false}");
        revocation = answer(200, revocationJson("DELETING_APPLET", false));
        holder.phone().setOnline(false);

        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"seId\":\"" + holder.phone().seId() + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.stage").value("DELETING_APPLET"))
                .andExpect(jsonPath("$.finished").value(false))
                .andExpect(jsonPath("$.phoneOnline").value(false));
    }

    @Test
    void passesTheServersRefusalOn() throws Exception {
        revocations = answer(409, "{\"error\":\"already_revoked\",\"message\":\"the credential set is already revoked\"}");

        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"seId\":\"" + holder.phone().seId() + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("already_revoked"))
                .andExpect(jsonPath("$.message").value("the credential set is already revoked"));
    }

    @Test
    void refusesAnUnknownPhoneAHolderWithoutASetAndABadReason() throws Exception {
        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON).content("{\"seId\":\"SE-NONE\"}"))
                .andExpect(status().isNotFound());
        SimulatedHolder noSet = world.samePersonNewPhone(holder, DeviceFacts.eligibleDefault());
        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"seId\":\"" + noSet.phone().seId() + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("no_credential_set"));
        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"seId\":\"" + holder.phone().seId() + "\",\"reason\":\"STOLEN\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_request"));
        mvc.perform(post("/simulator/revocations").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
    }
}
