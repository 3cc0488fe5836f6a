package org.mjpki.workers.outside;

import java.net.http.HttpResponse;
import java.util.function.Function;
import org.mjpki.applet.client.ApduTransport;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.lifecycle.port.SecureElementChannel;

/**
 * The TSM relay over HTTP: a script opens a session on the phone's applet ({@code POST
 * relay/secure-elements/{seId}/sessions}), sends its APDUs one by one ({@code POST relay/sessions/{id}/apdus}) and
 * closes it ({@code DELETE relay/sessions/{id}}), so no other script reaches the applet in between. A session the
 * relay has dropped (phone gone, idle too long) shows as {@link ApduTransportException}, as a dropped link does.
 */
public final class HttpSecureElementChannel implements SecureElementChannel {

    private final OutsideSystemsHttp http;

    HttpSecureElementChannel(OutsideSystemsHttp http) {
        this.http = http;
    }

    @Override
    public <T> T withApplet(String seId, Function<ApduTransport, T> script) {
        String session = open(seId);
        try {
            return script.apply(command -> transmit(session, command));
        } finally {
            close(session);
        }
    }

    private String open(String seId) {
        HttpResponse<byte[]> response = http.send("POST", "relay/secure-elements/" + Segments.encode(seId) + "/sessions",
                null, null);
        if (response.statusCode() == 503) {
            throw new PhoneUnreachableException(seId);
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("the TSM relay refused a session on " + seId + ": "
                    + OutsideSystemsHttp.describe(response));
        }
        String id = OutsideSystemsHttp.json(response, "the TSM relay's answer to a session request").path("sessionId").asText("");
        // it goes into a path: only what a session id looks like
        if (!id.matches("[0-9a-f]{16,64}")) {
            throw new IllegalStateException("the TSM relay answered a session id that is not one");
        }
        return id;
    }

    private byte[] transmit(String session, byte[] command) {
        HttpResponse<byte[]> response;
        try {
            response = http.send("POST", "relay/sessions/" + session + "/apdus", "application/octet-stream", command);
        } catch (OutsideSystemUnreachableException e) {
            throw new ApduTransportException("the TSM relay is unreachable", e);
        }
        return switch (response.statusCode()) {
            case 200 -> {
                if (response.body().length < 2) {
                    throw new ApduTransportException("the TSM relay answered no status word");
                }
                yield response.body();
            }
            case 404, 502, 503 -> throw new ApduTransportException("the TSM relay lost the phone: "
                    + OutsideSystemsHttp.describe(response));
            default -> throw new IllegalStateException("the TSM relay refused a command: " + OutsideSystemsHttp.describe(response));
        };
    }

    private void close(String session) {
        try {
            http.send("DELETE", "relay/sessions/" + session, null, null);
        } catch (OutsideSystemUnreachableException e) {
            // the relay ends an idle session by itself
        }
    }
}
