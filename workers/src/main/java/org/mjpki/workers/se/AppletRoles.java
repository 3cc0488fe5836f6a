package org.mjpki.workers.se;

import org.mjpki.lifecycle.KeyRole;

/** The registry's key roles as the applet protocol names them. */
final class AppletRoles {
    private AppletRoles() {}

    static org.mjpki.applet.client.AppletKey of(KeyRole role) {
        return switch (role) {
            case SIGNING -> org.mjpki.applet.client.AppletKey.SIGNING;
            case USER_AUTH -> org.mjpki.applet.client.AppletKey.USER_AUTH;
        };
    }
}
