package org.mjpki.workers.se;

import org.mjpki.registry.KeyRole;

/** The registry's key roles as the applet protocol names them. */
final class AppletRoles {
    private AppletRoles() {}

    static org.mjpki.applet.client.KeyRole of(KeyRole role) {
        return switch (role) {
            case SIGNING -> org.mjpki.applet.client.KeyRole.SIGNING;
            case USER_AUTH -> org.mjpki.applet.client.KeyRole.USER_AUTH;
        };
    }
}
