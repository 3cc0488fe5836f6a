package org.mjpki.serviceprovider;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A service provider's return URL (返却先サーバ, R17) in the one spelling the whitelist knows: the server sends a
 * signature back only to a URL whose text equals, character for character, a registered one. So nothing is normalized
 * here: a URL that is not already canonical is refused, with the {@link Problem} that says why, and the text of a
 * parsed URL is exactly the text it was parsed from (docs/adr/0025).
 *
 * <p>Canonical means: {@code https://}, a lower-case ASCII DNS name of at least two labels (no IP address, no trailing
 * dot, no {@code xn--} label unless an operator confirms it), an optional port written as digits without a leading
 * zero (compared as written: {@code :443} and no port are different URLs), a path of at least {@code /} with no empty,
 * {@code .} or {@code ..} segment, plain or encoded, an optional non-empty query compared as written, no fragment, no
 * user info or {@code @} anywhere, no backslash, no whitespace or control character, no non-ASCII character, percent
 * escapes of two upper-case hex digits that do not stand for an unreserved character, a control character or (in the
 * path) a slash or backslash, and at most {@link #MAX_LENGTH} characters.
 */
public final class ReturnUrl {

    /** The longest return URL accepted, in characters (all ASCII). */
    public static final int MAX_LENGTH = 2048;
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String PREFIX = "https://";

    /** Why a text is not a canonical return URL. Stable codes: the app API and the operator API answer them. */
    public enum Problem {
        MISSING("no return URL was given"),
        TOO_LONG("the return URL is longer than " + MAX_LENGTH + " characters"),
        WHITESPACE_OR_CONTROL("the return URL contains whitespace or a control character (space, tab, CR, LF, ...)"),
        NON_ASCII("the return URL contains a non-ASCII character (a Unicode look-alike, a full-width character, ...);"
                + " write the path and query percent-encoded"),
        BACKSLASH("the return URL contains a backslash"),
        SCHEME_RELATIVE("the return URL is scheme-relative (//...): it must start with https://"),
        NOT_ABSOLUTE("the return URL is not absolute: it must start with https://"),
        NOT_HTTPS("the scheme must be exactly 'https', in lower case"),
        NO_AUTHORITY("'https:' must be followed by '//' and the host"),
        FRAGMENT("the return URL has a fragment ('#')"),
        USERINFO("the return URL has user info (an '@' before the host)"),
        AT_SIGN("the return URL has an '@' after the host: some parsers read what precedes it as user info"),
        HOST_MISSING("the return URL has no host"),
        IP_ADDRESS_HOST("the host is an IP address: a return server is named by its DNS name"),
        HOST_NOT_LOWERCASE("the host must be written in lower case"),
        TRAILING_DOT("the host ends with a dot"),
        HOST_INVALID("the host is not a DNS name of labels a-z, 0-9 and '-' (1 to 63 characters, no '-' at either end)"),
        HOST_NOT_QUALIFIED("the host is a single label: a return server has a fully qualified name"),
        PUNYCODE_HOST("the host has an IDN ('xn--') label: it passes only where an operator registered it exactly,"
                + " confirming the name"),
        PORT_INVALID("the port must be written as digits 1 to 65535 without a leading zero"),
        PATH_MISSING("the return URL has no path: write at least '/'"),
        DOUBLE_SLASH("the path has an empty segment ('//')"),
        DOT_SEGMENT("the path has a '.' or '..' segment, written plainly or percent-encoded"),
        ENCODED_SEPARATOR("the path has an encoded slash or backslash (%2F, %5C)"),
        ENCODED_CONTROL("the return URL has an encoded control character (%00 to %1F, %7F)"),
        MALFORMED_PERCENT_ENCODING("a '%' is not followed by two hex digits"),
        NOT_CANONICAL_ENCODING("a percent escape is not canonical: hex digits in upper case, and letters, digits,"
                + " '-', '.', '_' and '~' written as themselves"),
        ILLEGAL_CHARACTER("the return URL has a character that a URL does not allow unencoded"),
        EMPTY_QUERY("the return URL ends with an empty query ('?')");

        private final String explanation;

        Problem(String explanation) {
            this.explanation = explanation;
        }

        /** What is wrong, in words for an operator or a developer; it never repeats the URL. */
        public String explanation() {
            return explanation;
        }
    }

    private final String value;
    private final String host;
    private final int port;
    private final String path;
    private final String query;

    private ReturnUrl(String value, String host, int port, String path, String query) {
        this.value = value;
        this.host = host;
        this.port = port;
        this.path = path;
        this.query = query;
    }

    /** Parses a canonical return URL; an {@code xn--} host is refused ({@link Problem#PUNYCODE_HOST}). */
    public static ReturnUrl parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses a canonical return URL.
     *
     * @param punycodeHostAllowed whether a host with an {@code xn--} label is accepted: when an operator registers one
     *                            and confirms the name, and when a check looks for it among the registered URLs
     * @throws MalformedReturnUrlException naming the first problem found
     */
    public static ReturnUrl parse(String text, boolean punycodeHostAllowed) {
        if (text == null || text.isEmpty()) {
            throw new MalformedReturnUrlException(Problem.MISSING);
        }
        if (text.length() > MAX_LENGTH) {
            throw new MalformedReturnUrlException(Problem.TOO_LONG);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                throw new MalformedReturnUrlException(Problem.WHITESPACE_OR_CONTROL);
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7E) {
                throw new MalformedReturnUrlException(Problem.NON_ASCII);
            }
        }
        if (text.indexOf('\\') >= 0) {
            throw new MalformedReturnUrlException(Problem.BACKSLASH);
        }
        if (text.startsWith("//")) {
            throw new MalformedReturnUrlException(Problem.SCHEME_RELATIVE);
        }
        int colon = schemeEnd(text);
        if (colon < 0) {
            throw new MalformedReturnUrlException(Problem.NOT_ABSOLUTE);
        }
        if (!text.substring(0, colon).equals("https")) {
            throw new MalformedReturnUrlException(Problem.NOT_HTTPS);
        }
        if (!text.startsWith(PREFIX)) {
            throw new MalformedReturnUrlException(Problem.NO_AUTHORITY);
        }
        if (text.indexOf('#') >= 0) {
            throw new MalformedReturnUrlException(Problem.FRAGMENT);
        }
        String rest = text.substring(PREFIX.length());
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        if (authority.indexOf('@') >= 0) {
            throw new MalformedReturnUrlException(Problem.USERINFO);
        }
        if (afterAuthority.indexOf('@') >= 0) {
            throw new MalformedReturnUrlException(Problem.AT_SIGN);
        }
        if (authority.startsWith("[")) {
            throw new MalformedReturnUrlException(Problem.IP_ADDRESS_HOST);
        }
        int portColon = authority.indexOf(':');
        String host = portColon < 0 ? authority : authority.substring(0, portColon);
        int port = portColon < 0 ? -1 : port(authority.substring(portColon + 1));
        checkHost(host, punycodeHostAllowed);

        int queryStart = afterAuthority.indexOf('?');
        String path = queryStart < 0 ? afterAuthority : afterAuthority.substring(0, queryStart);
        String query = queryStart < 0 ? null : afterAuthority.substring(queryStart + 1);
        checkPath(path);
        if (query != null) {
            checkQuery(query);
        }
        return new ReturnUrl(text, host, port, path, query);
    }

    /** The URL exactly as registered and compared. */
    public String value() {
        return value;
    }

    public String host() {
        return host;
    }

    /** The port as written; empty when none is written (which is not the same URL as one with {@code :443}). */
    public OptionalInt port() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public String path() {
        return path;
    }

    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    /** Whether a label of the host is an IDN ({@code xn--}), which only an operator's confirmation admits. */
    public boolean punycodeHost() {
        return hasPunycodeLabel(host);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReturnUrl that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    // ------------------------------------------------------------------ the parts

    /** The index of the colon that ends an RFC 3986 scheme at the start of the text, or -1 when it has none. */
    private static int schemeEnd(String text) {
        if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || digits.charAt(0) == '0') {
            throw new MalformedReturnUrlException(Problem.PORT_INVALID);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!isDigit(digits.charAt(i))) {
                throw new MalformedReturnUrlException(Problem.PORT_INVALID);
            }
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new MalformedReturnUrlException(Problem.PORT_INVALID);
        }
        return port;
    }

    private static void checkHost(String host, boolean punycodeHostAllowed) {
        if (host.isEmpty()) {
            throw new MalformedReturnUrlException(Problem.HOST_MISSING);
        }
        boolean upperCase = false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upperCase = true;
            } else if (!(c >= 'a' && c <= 'z') && !isDigit(c) && c != '-' && c != '.') {
                throw new MalformedReturnUrlException(Problem.HOST_INVALID);
            }
        }
        if (upperCase) {
            throw new MalformedReturnUrlException(Problem.HOST_NOT_LOWERCASE);
        }
        if (host.endsWith(".")) {
            throw new MalformedReturnUrlException(Problem.TRAILING_DOT);
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw new MalformedReturnUrlException(Problem.HOST_INVALID);
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-") || label.endsWith("-")) {
                throw new MalformedReturnUrlException(Problem.HOST_INVALID);
            }
        }
        // as WHATWG tells an IPv4 address (also 0x7f.1, 2130706433, 127.1) from a name: by a last label that is a number
        if (isNumber(labels[labels.length - 1])) {
            throw new MalformedReturnUrlException(Problem.IP_ADDRESS_HOST);
        }
        if (labels.length < 2) {
            throw new MalformedReturnUrlException(Problem.HOST_NOT_QUALIFIED);
        }
        if (!punycodeHostAllowed && hasPunycodeLabel(host)) {
            throw new MalformedReturnUrlException(Problem.PUNYCODE_HOST);
        }
    }

    /** Decimal digits, or 0x and hex digits. */
    private static boolean isNumber(String label) {
        if (allDigits(label)) {
            return true;
        }
        if (!label.startsWith("0x")) {
            return false;
        }
        for (int i = 2; i < label.length(); i++) {
            if (Character.digit(label.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasPunycodeLabel(String host) {
        for (String label : host.split("\\.")) {
            if (label.startsWith("xn--")) {
                return true;
            }
        }
        return false;
    }

    private static void checkPath(String path) {
        if (path.isEmpty()) {
            throw new MalformedReturnUrlException(Problem.PATH_MISSING);
        }
        // path starts with '/': the segments are what follows each slash; only the last may be empty (a trailing slash)
        String[] segments = path.substring(1).split("/", -1);
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            if (segment.isEmpty() && s < segments.length - 1) {
                throw new MalformedReturnUrlException(Problem.DOUBLE_SLASH);
            }
            String dots = segment.replace("%2e", ".").replace("%2E", ".");
            if (dots.equals(".") || dots.equals("..")) {
                throw new MalformedReturnUrlException(Problem.DOT_SEGMENT);
            }
        }
        checkCharacters(path, true);
    }

    private static void checkQuery(String query) {
        if (query.isEmpty()) {
            throw new MalformedReturnUrlException(Problem.EMPTY_QUERY);
        }
        checkCharacters(query, false);
    }

    /** RFC 3986 pchar (less '@'), '/' and, in a query, '?'; percent escapes checked as the class comment says. */
    private static void checkCharacters(String part, boolean inPath) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length() || Character.digit(part.charAt(i + 1), 16) < 0
                        || Character.digit(part.charAt(i + 2), 16) < 0) {
                    throw new MalformedReturnUrlException(Problem.MALFORMED_PERCENT_ENCODING);
                }
                char hi = part.charAt(i + 1);
                char lo = part.charAt(i + 2);
                int decoded = Character.digit(hi, 16) * 16 + Character.digit(lo, 16);
                if (inPath && (decoded == '/' || decoded == '\\')) {
                    throw new MalformedReturnUrlException(Problem.ENCODED_SEPARATOR);
                }
                if (decoded < 0x20 || decoded == 0x7F) {
                    throw new MalformedReturnUrlException(Problem.ENCODED_CONTROL);
                }
                if (Character.isLowerCase(hi) || Character.isLowerCase(lo) || isUnreserved((char) decoded)) {
                    throw new MalformedReturnUrlException(Problem.NOT_CANONICAL_ENCODING);
                }
                i += 2;
            } else if (!isUnreserved(c) && !isSubDelim(c) && c != ':' && c != '/' && (inPath || c != '?')) {
                throw new MalformedReturnUrlException(Problem.ILLEGAL_CHARACTER);
            }
        }
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isSubDelim(char c) {
        return "!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
