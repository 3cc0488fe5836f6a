package org.mjpki.serviceprovider;

import java.util.regex.Pattern;

/**
 * A service provider's app as the Mynaportal app names its caller: an Android package name ({@code com.example.bank})
 * or an iOS bundle id, with or without its team prefix ({@code A1B2C3D4E5.com.example.bank}). Compared exactly,
 * case included.
 *
 * @param value letters, digits, '.', '_' and '-', starting with a letter or digit, at most {@link #MAX_LENGTH}
 */
public record AppId(String value) {

    public static final int MAX_LENGTH = 255;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    public AppId {
        if (!isWellFormed(value)) {
            throw new InvalidServiceProviderInputException("an app id is 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit (an Android package name or an iOS bundle id)");
        }
    }

    public static boolean isWellFormed(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
