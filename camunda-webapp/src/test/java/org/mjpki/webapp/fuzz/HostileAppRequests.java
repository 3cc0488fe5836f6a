package org.mjpki.webapp.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.mjpki.webapp.fuzz.AppApiEndpoints.Endpoint;
import org.mjpki.webapp.fuzz.RawHttp.Framing;
import org.mjpki.webapp.fuzz.RawHttp.Header;

/**
 * Hostile requests to one app API endpoint: its body from {@link HostileJson}, and around it hostile path ids, methods,
 * credentials, capabilities, content types, Accept and long-polling headers, query strings and body framings. Mostly one
 * thing is hostile at a time, so that a finding points at its cause; now and then several are.
 *
 * <p>Each request says whether success may be its answer: only a call the caller is entitled to make, on the real
 * holder's operation with its capability, that reads no body (its body is not input), or a question that changes
 * nothing (the whitelist check, the OpenAPI document) asked with well-formed JSON. Everything else must be refused.
 */
final class HostileAppRequests {

    /** One request, whether a 2xx may answer it, and how it was made (never a capability or a signed document). */
    record HostileRequest(Endpoint endpoint, RawHttp.Request request, boolean maySucceed, boolean conditional, String description) {}

    /** JSON as the server reads a body: one value, no field named twice (application.yaml). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String CAPABILITY = "Mjpki-Capability";

    private final Random random;
    private final HostileJson bodies;
    /** The real holder's ids, by the path variable that names them. */
    private final Map<String, String> genuineIds;
    /** The capability the app instance holds for the real holder's application and set. */
    private final String capability;
    private final String appAuthorization;
    private final String operatorAuthorization;

    HostileAppRequests(Random random, HostileJson bodies, Map<String, String> genuineIds, String capability,
                       String appUser, String appPassword, String operatorUser, String operatorPassword) {
        this.random = random;
        this.bodies = bodies;
        this.genuineIds = genuineIds;
        this.capability = capability;
        this.appAuthorization = basic(appUser + ":" + appPassword);
        this.operatorAuthorization = basic(operatorUser + ":" + operatorPassword);
    }

    HostileRequest next(Endpoint endpoint) {
        List<String> how = new ArrayList<>();
        List<Header> headers = new ArrayList<>();

        String method = endpoint.method();
        if (random.nextInt(100) < 6) {
            String[] others = {"GET", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FUZZ", "get", "post"};
            method = others[random.nextInt(others.length)];
            how.add("method " + method);
        }
        boolean rightMethod = method.equals(endpoint.method());

        Path path = path(endpoint, how);
        boolean authorized = authorization(headers, how);
        boolean rightCapability = capability(endpoint, headers, how);

        HostileJson.Body body = null;
        boolean sendBody = endpoint.readsBody() || random.nextInt(4) == 0;
        if (sendBody) {
            body = bodies.next(endpoint.bodyType());
            how.add("body: " + body.how() + (body.shown() ? " " + preview(body.bytes()) : ""));
            contentType(headers, how);
        }
        accept(headers, how);
        boolean conditional = endpoint.method().equals("GET") && longPolling(headers, how);

        Framing framing = Framing.LENGTH;
        if (body != null) {
            int pick = random.nextInt(100);
            framing = pick < 8 ? Framing.CHUNKED : pick < 12 ? Framing.SHORT_LENGTH : pick < 14 ? Framing.NONE
                    : pick < 16 ? Framing.HUGE_LENGTH : Framing.LENGTH;
            if (framing != Framing.LENGTH) {
                how.add("framing " + framing);
            }
        } else if (!method.equals("GET") && random.nextBoolean()) {
            framing = Framing.NONE;
        }

        boolean maySucceed;
        if (endpoint.isQuestion()) {
            // a question names no operation: whatever path it is asked on, an answer changes nothing; one with a body is
            // answered when what the server reads of it is JSON
            maySucceed = rightMethod && authorized && (!endpoint.readsBody() || parses(bodyAsRead(body, framing)));
        } else if (endpoint.binding().isPresent()) {
            maySucceed = rightMethod && authorized && path.genuine() && rightCapability && !endpoint.readsBody();
        } else {
            maySucceed = false;
        }
        RawHttp.Request request = new RawHttp.Request(method, path.target(), headers, body == null ? null : body.bytes(), framing);
        return new HostileRequest(endpoint, request, maySucceed, conditional, endpoint + " " + String.join(", ", how));
    }

    // ---- the path

    private record Path(byte[] target, boolean genuine) {}

    private Path path(Endpoint endpoint, List<String> how) {
        String pattern = endpoint.pattern();
        boolean genuine = true;
        int from = 0;
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        for (String variable : endpoint.variables()) {
            int at = pattern.indexOf("{" + variable + "}", from);
            raw.writeBytes(pattern.substring(from, at).getBytes(StandardCharsets.US_ASCII));
            from = at + variable.length() + 2;
            Id id = id(variable);
            raw.writeBytes(id.raw());
            genuine &= id.genuine();
            how.add(variable + " " + id.how());
        }
        raw.writeBytes(pattern.substring(from).getBytes(StandardCharsets.US_ASCII));
        if (random.nextInt(100) < 5) {
            String[] queries = {"?x=1", "?applicationId=APP-00000000", "?%", "?a=%zz", "?" + "q".repeat(3000), "?a=%00",
                "?;", "?a[]=1&a[]=2", "?=", "??"};
            String q = queries[random.nextInt(queries.length)];
            raw.writeBytes(q.getBytes(StandardCharsets.US_ASCII));
            how.add("query of " + q.length() + " characters");
        }
        if (endpoint.variables().isEmpty() && random.nextInt(100) < 4) {
            String[] suffixes = {"/", "//", "/x", ";x=1", "%2F", "/..", "/%2e%2e", ".json"};
            String s = suffixes[random.nextInt(suffixes.length)];
            raw.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            how.add("path suffix " + s);
            // a matrix parameter is cut from the path by the server: the same call
            genuine &= s.equals(";x=1");
        }
        return new Path(raw.toByteArray(), genuine);
    }

    private record Id(byte[] raw, boolean genuine, String how) {
        static Id ascii(String s, boolean genuine, String how) {
            return new Id(s.getBytes(StandardCharsets.US_ASCII), genuine, how);
        }
    }

    private Id id(String variable) {
        String real = genuineIds.get(variable);
        int pick = random.nextInt(100);
        if (real != null && pick < 55) {
            return Id.ascii(real, true, "genuine");
        }
        if (real != null && pick < 63) {
            return genuineVariant(real);
        }
        if (pick < 75) {
            String[] prefixes = {"APP-", "cs-", "rev-", "hr-", "unl-", "rr-", ""};
            String unknown = prefixes[random.nextInt(prefixes.length)] + UUID.randomUUID();
            return Id.ascii(unknown, false, "unknown");
        }
        return hostileId();
    }

    /** The real id, changed in a way that names the same operation (so the call is the caller's), or does not. */
    private Id genuineVariant(String real) {
        int i = random.nextInt(real.length());
        return switch (random.nextInt(6)) {
            case 0 -> Id.ascii(real.substring(0, i) + String.format("%%%02X", (int) real.charAt(i)) + real.substring(i + 1), true,
                    "genuine with one character percent-encoded");
            case 1 -> Id.ascii(real + ";v=1", true, "genuine with a path parameter");
            case 2 -> Id.ascii(swapCase(real), false, "genuine in the other case");
            case 3 -> Id.ascii(real.substring(0, real.length() - 1), false, "genuine less its last character");
            case 4 -> Id.ascii(real + "%00", false, "genuine and an encoded NUL");
            default -> Id.ascii(real + "/", false, "genuine and a slash");
        };
    }

    private Id hostileId() {
        int pick = random.nextInt(12);
        return switch (pick) {
            case 0 -> Id.ascii("A".repeat(65 + random.nextInt(3000)), false, "long");
            case 1 -> Id.ascii("A".repeat(9000), false, "longer than a request line may be");
            case 2 -> {
                String s = new String(Character.toChars(0x80 + random.nextInt(0x2FF80)));
                yield new Id(s.getBytes(StandardCharsets.UTF_8), false, "raw non-ASCII");
            }
            case 3 -> {
                byte[] utf8 = ("id" + new String(Character.toChars(0x3000 + random.nextInt(0x1000)))).getBytes(StandardCharsets.UTF_8);
                StringBuilder enc = new StringBuilder();
                for (byte b : utf8) {
                    enc.append(String.format("%%%02X", b & 0xFF));
                }
                yield Id.ascii(enc.toString(), false, "percent-encoded unicode");
            }
            case 4 -> {
                String[] encoded = {"%2F", "%2e%2e", "%2E", "%00", "%25", "%", "%zz", "%C0%AF", "%FF", "%0A", "%0D%0A", "%20",
                    "%5C", "%3B", "%2f..%2f", "%u0041", "%E2%80%AE"};
                String s = encoded[random.nextInt(encoded.length)];
                yield Id.ascii("x" + s + "y", false, "with " + s);
            }
            case 5 -> {
                String[] dots = {"..", ".", "../..", "..;", ".;", "...", "..%2F..", ";jsessionid=x", ";", "~", "-", "_", "--"};
                String s = dots[random.nextInt(dots.length)];
                yield Id.ascii(s, false, s);
            }
            case 6 -> {
                String[] specials = {"\\", "|", "{", "}", "<x>", "'", "\"", "`", "^", "[", "]", "*", "$", "!", "@", "(", ")", "+", "=",
                    ",", "&", "#"};
                String s = specials[random.nextInt(specials.length)];
                yield Id.ascii("a" + s + "b", false, "with " + s);
            }
            case 7 -> Id.ascii("", false, "empty");
            case 8 -> new Id(new byte[] {'a', (byte) controlCharacter(), 'b'}, false, "with a raw control character");
            case 9 -> Id.ascii("a b", false, "with a raw space");
            case 10 -> Id.ascii(Long.toString(random.nextLong()), false, "a number");
            default -> Id.ascii("%252F", false, "double-encoded slash");
        };
    }

    // ---- the caller

    /** Sets an Authorization header; true when it is a valid caller of the app API. */
    private boolean authorization(List<Header> headers, List<String> how) {
        int pick = random.nextInt(100);
        if (pick < 88) {
            headers.add(Header.of("Authorization", appAuthorization));
            return true;
        }
        if (pick < 90) {
            headers.add(Header.of("Authorization", operatorAuthorization));
            how.add("as an operator");
            return true;
        }
        // never a wrong password for a user that exists: the engine would lock it for the other tests
        String[] hostile = {null, "", "Basic", "Basic ", "Basic !!!!", "Basic " + basic("no-colon").substring(6),
            basic("fuzz-nobody:x"), basic("fuzz-nobody\u0000:x"), basic(":"), basic("fuzz-" + "x".repeat(5000) + ":x"),
            "Bearer " + UUID.randomUUID(), "Digest username=\"fuzz-nobody\"", basic("fuzz-\u00e9\u30de:x"),
            "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xFE, ':', 'x'}),
            appAuthorization + "=="};
        String value = hostile[random.nextInt(hostile.length)];
        if (value != null) {
            headers.add(new Header("Authorization", value.getBytes(StandardCharsets.ISO_8859_1)));
        }
        how.add(value == null ? "no Authorization" : "hostile Authorization of " + value.length() + " characters");
        return false;
    }

    /** Sets the capability header (or not); true when the first one sent is the holder's. */
    private boolean capability(Endpoint endpoint, List<Header> headers, List<String> how) {
        int pick = random.nextInt(100);
        boolean bound = endpoint.binding().isPresent();
        if (pick < (bound ? 45 : 10)) {
            headers.add(Header.of(CAPABILITY, capability));
            how.add("right capability");
            return true;
        }
        if (pick < 60) {
            how.add("no capability");
            return false;
        }
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        int last = capability.length() - 1;
        String[] wrong = {fresh, capability + "A", capability.substring(0, last), capability.toUpperCase(Locale.ROOT),
            capability.replace('-', '+').replace('_', '/'), "\"" + capability + "\"", "", "x".repeat(5000), "null",
            "Bearer " + capability, capability + "," + capability, "%00", "../" + capability, capability.substring(0, 20)};
        String value = wrong[random.nextInt(wrong.length)];
        // a "wrong" one may be the right one after all (a token with no '-' or '_' is the same in the other alphabet)
        boolean valueIsRight = value.equals(capability);
        if (random.nextInt(10) == 0) {
            // the right one twice, or the right one behind a wrong one: the first decides
            boolean rightFirst = random.nextBoolean();
            headers.add(Header.of(CAPABILITY, rightFirst ? capability : value));
            headers.add(Header.of(CAPABILITY, rightFirst ? value : capability));
            how.add("two capabilities, the right one " + (rightFirst ? "first" : "second"));
            return rightFirst || valueIsRight;
        }
        if (random.nextInt(8) == 0) {
            byte[] bytes = random.nextBoolean() ? ("\u00e9" + capability).getBytes(StandardCharsets.UTF_8)
                    : new byte[] {'a', (byte) controlCharacter(), 'b'};
            headers.add(new Header(CAPABILITY, bytes));
            how.add("capability with non-ASCII or control bytes");
            return false;
        }
        headers.add(Header.of(CAPABILITY, value));
        how.add((valueIsRight ? "right capability spelt otherwise, " : "wrong capability of ") + value.length() + " characters");
        return valueIsRight;
    }

    // ---- content negotiation and long polling

    private void contentType(List<Header> headers, List<String> how) {
        int pick = random.nextInt(100);
        if (pick < 70) {
            headers.add(Header.of("Content-Type", "application/json"));
            return;
        }
        String[] types = {null, "application/json;charset=UTF-8", "application/json; charset=bogus", "application/json; charset=UTF-16",
            "application/json; charset=\"", "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data", "multipart/form-data; boundary=fuzz", "application/ocsp-request", "a/b/c", ";;;", "*/*",
            "application/*", "", "application/json;" + "x".repeat(3000), "APPLICATION/JSON", "application/problem+json",
            "application/json; q=abc", "text/html; charset=utf-8"};
        String type = types[random.nextInt(types.length)];
        if (type != null) {
            headers.add(Header.of("Content-Type", type));
        }
        how.add("Content-Type " + (type == null ? "none" : type.length() > 60 ? "of " + type.length() + " characters" : type));
    }

    private void accept(List<Header> headers, List<String> how) {
        int pick = random.nextInt(100);
        if (pick < 85) {
            headers.add(Header.of("Accept", "application/json"));
            return;
        }
        String[] accepts = {null, "*/*", "text/html", "application/xml", "a/b/c", "application/json;q=abc", "image/png, */*;q=0",
            "", "application/json;" + "q=1;".repeat(500), "text/event-stream"};
        String accept = accepts[random.nextInt(accepts.length)];
        if (accept != null) {
            headers.add(Header.of("Accept", accept));
        }
        how.add("Accept " + (accept == null ? "none" : accept.length() > 60 ? "of " + accept.length() + " characters" : accept));
    }

    /** Hostile long-polling headers on a GET; true when an If-None-Match went out (a 304 may then answer). */
    private boolean longPolling(List<Header> headers, List<String> how) {
        if (random.nextInt(100) >= 15) {
            return false;
        }
        String[] prefers = {"wait=abc", "wait=99999999", "wait=-1", "wait=", "wait", "wait=1e3", "wait=30", "wait=2, wait=x",
            "respond-async, wait=1", "wait=1;x", "=", ",,,", "wait=" + "9".repeat(400), "WAIT=1", "wait=0x10"};
        String prefer = prefers[random.nextInt(prefers.length)];
        headers.add(Header.of("Prefer", prefer));
        how.add("Prefer " + (prefer.length() > 40 ? "of " + prefer.length() + " characters" : prefer));
        if (random.nextBoolean()) {
            String[] tags = {"\"" + UUID.randomUUID() + "\"", "*", "W/\"x\"", "", "\"", "x".repeat(4000), "\"a\", \"b\""};
            String tag = tags[random.nextInt(tags.length)];
            headers.add(Header.of("If-None-Match", tag));
            how.add("If-None-Match " + (tag.length() > 40 ? "of " + tag.length() + " characters" : tag));
            return true;
        }
        return false;
    }

    // ---- helpers

    /** A control character other than CR and LF (those end the line: a request of another shape, not a hostile value). */
    private int controlCharacter() {
        int c;
        do {
            c = random.nextInt(0x20);
        } while (c == '\r' || c == '\n');
        return c;
    }

    /** What the server reads of the body: all of it, the declared half, or nothing (none sent, or never read). */
    private static byte[] bodyAsRead(HostileJson.Body body, Framing framing) {
        if (body == null) {
            return null;
        }
        return switch (framing) {
            case LENGTH, CHUNKED -> body.bytes();
            case SHORT_LENGTH -> java.util.Arrays.copyOf(body.bytes(), body.bytes().length / 2);
            case HUGE_LENGTH, NONE -> null;
        };
    }

    private static boolean parses(byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        try {
            return JSON.readTree(body) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("[");
        s.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", c) : new String(Character.toChars(c))));
        return out.append(body.length > 160 ? "…" : "").append("]").toString();
    }

    private static String swapCase(String s) {
        String upper = s.toUpperCase(Locale.ROOT);
        return upper.equals(s) ? s.toLowerCase(Locale.ROOT) : upper;
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
