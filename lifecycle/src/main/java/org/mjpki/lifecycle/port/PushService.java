package org.mjpki.lifecycle.port;

/** Notifies one phone. Idempotent by {@code notificationId}: the same id twice reaches the phone once. */
public interface PushService {

    void notify(String notificationId, String seId, HolderNotification notification);
}
