package org.mjpki.webapp.revocation;

import java.util.Base64;
import java.util.regex.Pattern;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.springframework.http.HttpStatus;

/**
 * The checks of what an app sends before anything reads it: path ids of the documented form (anything else is "no
 * such resource"), base64 fields present, within their size, decodable.
 */
public final class AppApiInput {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private AppApiInput() {}

    public static String id(String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new RevocationRefusedException(HttpStatus.NOT_FOUND, "not_found", "no such resource");
        }
        return value;
    }

    public static byte[] base64(String value, String field, int maxBytes) {
        if (value == null || value.isEmpty()) {
            throw new InvalidApplicationException(field + " is required");
        }
        if (value.length() > (maxBytes / 3 + 1) * 4) {
            throw new InvalidApplicationException(field + " is larger than " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidApplicationException(field + " is not base64");
        }
    }
}
