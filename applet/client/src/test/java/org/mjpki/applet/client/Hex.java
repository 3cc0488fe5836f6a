package org.mjpki.applet.client;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    static byte[] decode(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String encode(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
