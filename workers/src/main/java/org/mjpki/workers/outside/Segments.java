package org.mjpki.workers.outside;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** One path segment, percent-encoded: ids come from phones and are never trusted to be URL-safe. */
final class Segments {
    private Segments() {}

    static String encode(String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new IllegalArgumentException("an empty id");
        }
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
