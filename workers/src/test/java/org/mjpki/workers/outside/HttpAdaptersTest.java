package org.mjpki.workers.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PhoneUnreachableException;

/**
 * What each answer of the outside systems means for the ports: a scripted HTTP server stands in for them, so
 * that every status, not just the ones a healthy simulator gives, is seen once.
 */
class HttpAdaptersTest {

    private record Answer(int status, String contentType, byte[] body) {
        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final OutsideSystemsHttp http;

    HttpAdaptersTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/outside/", this::answer);
        server.start();
        http = new OutsideSystemsHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/outside"),
                "mjpkiWorker", "secret", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(key + " " + exchange.getRequestHeaders().getFirst("Authorization") + " " + body.length);
        Answer answer = answers.getOrDefault(key, Answer.json(500, "{\"error\":\"unexpected\"}"));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        if (answer.body().length == 0) {
            exchange.sendResponseHeaders(answer.status(), -1);
        } else {
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    // --- SEI-TSM

    @Test
    void installMapsUnavailableToAPhoneOutOfReachAndAnythingElseToAFailure() {
        HttpSeiTsm tsm = new HttpSeiTsm(http);
        answers.put("PUT /outside/tsm/secure-elements/SE-1/applet", new Answer(204, "text/plain", new byte[0]));
        tsm.installApplet("SE-1", new byte[] {1, 2, 3});
        assertThat(requests).singleElement().asString().startsWith("PUT /outside/tsm/secure-elements/SE-1/applet Basic ")
                .endsWith(" 3");

        answers.put("PUT /outside/tsm/secure-elements/SE-2/applet", Answer.json(503, "{\"error\":\"phone_unreachable\"}"));
        assertThatThrownBy(() -> tsm.installApplet("SE-2", new byte[] {1})).isInstanceOf(PhoneUnreachableException.class);
        answers.put("PUT /outside/tsm/secure-elements/SE-3/applet", Answer.json(404, "{\"error\":\"unknown_secure_element\"}"));
        assertThatThrownBy(() -> tsm.installApplet("SE-3", new byte[] {1})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("unknown_secure_element");
    }

    @Test
    void deleteReadsDeletedOrPendingAndRefusesAnAnswerThatSaysNeither() {
        HttpSeiTsm tsm = new HttpSeiTsm(http);
        answers.put("DELETE /outside/tsm/secure-elements/SE-1/applet", Answer.json(200, "{\"deleted\":true}"));
        answers.put("DELETE /outside/tsm/secure-elements/SE-2/applet", Answer.json(200, "{\"deleted\":false}"));
        answers.put("DELETE /outside/tsm/secure-elements/SE-3/applet", Answer.json(200, "{\"deleted\":\"maybe\"}"));
        assertThat(tsm.deleteApplet("SE-1")).isTrue();
        assertThat(tsm.deleteApplet("SE-2")).as("pending until the phone is back").isFalse();
        assertThatThrownBy(() -> tsm.deleteApplet("SE-3")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void idsFromPhonesAreEncodedAsOnePathSegment() {
        HttpSeiTsm tsm = new HttpSeiTsm(http);
        answers.put("DELETE /outside/tsm/secure-elements/..%2F..%2Fadmin/applet", Answer.json(200, "{\"deleted\":true}"));
        assertThat(tsm.deleteApplet("../../admin")).isTrue();
    }

    // --- TSM relay

    @Test
    void aScriptRunsInOneSessionThatIsClosedEvenWhenTheScriptFails() {
        HttpSecureElementChannel channel = new HttpSecureElementChannel(http);
        String session = "0123456789abcdef0123456789abcdef";
        answers.put("POST /outside/relay/secure-elements/SE-1/sessions", Answer.json(201, "{\"sessionId\":\"" + session + "\"}"));
        answers.put("POST /outside/relay/sessions/" + session + "/apdus",
                new Answer(200, "application/octet-stream", new byte[] {0x01, (byte) 0x90, 0x00}));
        answers.put("DELETE /outside/relay/sessions/" + session, new Answer(204, "text/plain", new byte[0]));

        byte[] response = channel.withApplet("SE-1", t -> t.transmit(new byte[] {0, (byte) 0xA4, 4, 0}));
        assertThat(response).containsExactly(0x01, 0x90, 0x00);
        assertThatThrownBy(() -> channel.withApplet("SE-1", t -> {
            throw new IllegalStateException("the script failed");
        })).hasMessage("the script failed");
        assertThat(requests.stream().filter(r -> r.startsWith("DELETE /outside/relay/sessions/" + session)).count())
                .as("both sessions closed").isEqualTo(2);
    }

    @Test
    void aPhoneThatIsOfflineOrDropsShowsAsThePortSays() {
        HttpSecureElementChannel channel = new HttpSecureElementChannel(http);
        answers.put("POST /outside/relay/secure-elements/SE-OFF/sessions", Answer.json(503, "{\"error\":\"phone_unreachable\"}"));
        assertThatThrownBy(() -> channel.withApplet("SE-OFF", t -> null)).isInstanceOf(PhoneUnreachableException.class);

        String session = "00112233445566778899aabbccddeeff";
        answers.put("POST /outside/relay/secure-elements/SE-1/sessions", Answer.json(201, "{\"sessionId\":\"" + session + "\"}"));
        answers.put("POST /outside/relay/sessions/" + session + "/apdus", Answer.json(502, "{\"error\":\"phone_dropped\"}"));
        answers.put("DELETE /outside/relay/sessions/" + session, new Answer(204, "text/plain", new byte[0]));
        assertThatThrownBy(() -> channel.withApplet("SE-1", t -> t.transmit(new byte[] {0, (byte) 0xA4, 4, 0})))
                .isInstanceOf(ApduTransportException.class);

        answers.put("POST /outside/relay/sessions/" + session + "/apdus", new Answer(200, "application/octet-stream", new byte[] {0x6A}));
        assertThatThrownBy(() -> channel.withApplet("SE-1", t -> t.transmit(new byte[] {0, (byte) 0xA4, 4, 0})))
                .as("an answer without a status word").isInstanceOf(ApduTransportException.class);
    }

    @Test
    void aSessionIdThatIsNotOneIsRefusedBeforeItGoesIntoAPath() {
        HttpSecureElementChannel channel = new HttpSecureElementChannel(http);
        answers.put("POST /outside/relay/secure-elements/SE-1/sessions", Answer.json(201, "{\"sessionId\":\"../../push\"}"));
        assertThatThrownBy(() -> channel.withApplet("SE-1", t -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not one");
    }

    @Test
    void aRelayThatCannotBeReachedIsADroppedLinkMidScript() {
        HttpSecureElementChannel channel = new HttpSecureElementChannel(http);
        String session = "0123456789abcdef0123456789abcdef";
        answers.put("POST /outside/relay/secure-elements/SE-1/sessions", Answer.json(201, "{\"sessionId\":\"" + session + "\"}"));
        assertThatThrownBy(() -> channel.withApplet("SE-1", t -> {
            server.stop(0);
            return t.transmit(new byte[] {0, (byte) 0xA4, 4, 0});
        })).isInstanceOf(ApduTransportException.class);
    }

    // --- push

    @Test
    void pushSendsTheNotificationAndTreatsARefusalAsAFailure() {
        HttpPushService push = new HttpPushService(http);
        answers.put("POST /outside/push/notifications", new Answer(202, "text/plain", new byte[0]));
        push.notify("n-1", "SE-1", HolderNotification.ISSUANCE_COMPLETED);
        answers.put("POST /outside/push/notifications", Answer.json(400, "{\"error\":\"invalid_request\"}"));
        assertThatThrownBy(() -> push.notify("n-2", "SE-1", HolderNotification.ISSUANCE_COMPLETED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("n-2");
    }

    @Test
    void refusesToStartWithoutAUrlOrCredentials() {
        assertThatThrownBy(() -> new OutsideSystemsHttp(null, "u", "p", Duration.ofSeconds(1)))
                .hasMessageContaining("mjpki.workers.outside.url");
        assertThatThrownBy(() -> new OutsideSystemsHttp(URI.create("http://x/"), "u", "", Duration.ofSeconds(1)))
                .hasMessageContaining("password");
    }
}
