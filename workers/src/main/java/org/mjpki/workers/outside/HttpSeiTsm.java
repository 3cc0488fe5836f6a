package org.mjpki.workers.outside;

import java.net.http.HttpResponse;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.lifecycle.port.SeiTsm;

/** The SEI-TSM over HTTP ({@code PUT|DELETE tsm/secure-elements/{seId}/applet}). */
public final class HttpSeiTsm implements SeiTsm {

    private final OutsideSystemsHttp http;

    HttpSeiTsm(OutsideSystemsHttp http) {
        this.http = http;
    }

    @Override
    public void installApplet(String seId, byte[] installParameters) {
        HttpResponse<byte[]> response = http.send("PUT", path(seId), "application/octet-stream", installParameters);
        switch (response.statusCode()) {
            case 200, 204 -> { }
            case 503 -> throw new PhoneUnreachableException(seId);
            default -> throw new IllegalStateException("the SEI-TSM refused to install the applet on " + seId + ": "
                    + OutsideSystemsHttp.describe(response));
        }
    }

    @Override
    public boolean deleteApplet(String seId) {
        HttpResponse<byte[]> response = http.send("DELETE", path(seId), null, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the SEI-TSM refused to delete the applet on " + seId + ": "
                    + OutsideSystemsHttp.describe(response));
        }
        com.fasterxml.jackson.databind.JsonNode deleted = OutsideSystemsHttp.json(response, "the SEI-TSM's answer").path("deleted");
        if (deleted.isBoolean()) {
            return deleted.booleanValue();
        }
        throw new IllegalStateException("the SEI-TSM's answer to a delete on " + seId + " says neither deleted nor pending");
    }

    static String path(String seId) {
        return "tsm/secure-elements/" + Segments.encode(seId) + "/applet";
    }
}
