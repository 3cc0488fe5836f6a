package org.mjpki.workers.outside;

import java.net.http.HttpResponse;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PushService;

/** The push service over HTTP ({@code POST push/notifications}); idempotent by notification id on the other side. */
public final class HttpPushService implements PushService {

    private final OutsideSystemsHttp http;

    HttpPushService(OutsideSystemsHttp http) {
        this.http = http;
    }

    @Override
    public void notify(String notificationId, String seId, HolderNotification notification) {
        byte[] body = OutsideSystemsHttp.json(java.util.Map.of("notificationId", notificationId, "seId", seId,
                "notification", notification.name()));
        HttpResponse<byte[]> response = http.send("POST", "push/notifications", "application/json", body);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the push service refused notification " + notificationId + ": "
                    + OutsideSystemsHttp.describe(response));
        }
    }
}
