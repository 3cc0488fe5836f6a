package org.mjpki.webapp.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.mjpki.webapp.fuzz.RawHttp.Framing;
import org.mjpki.webapp.fuzz.RawHttp.Header;

/**
 * Hostile OCSP requests over HTTP (RFC 6960 appendix A): POSTs of random bytes, of real requests truncated, bit-flipped
 * and otherwise mutated, of DER of the wrong ASN.1 type, deeply nested, oversized, in every content type and framing;
 * GETs of their base64 with bad base64 and bad percent-encoding; to the responders the CA serves and to ones it does not.
 */
final class HostileOcspRequests {

    /** What the answer must be. */
    enum Expect {
        /** 200 with an OCSPResponse: malformedRequest, or successful where the input happens to be a request. */
        OCSP_ANSWER,
        /** The request target itself is one the server refuses before routing (400), or an OCSP answer. */
        OCSP_ANSWER_OR_BAD_REQUEST,
        /** No responder there: 404. */
        NOT_FOUND,
        /** No responder there, and a target the server may refuse before routing: 404 or 400. */
        NOT_FOUND_OR_BAD_REQUEST,
        /** Not a method OCSP knows: a 4xx. */
        REFUSED
    }

    /** @param unmodified a real request sent as it is: the answer must be successful */
    record OcspCase(RawHttp.Request request, Expect expect, boolean unmodified, String description) {}

    /** A responder the server has, as its path segments. */
    record Route(String ca, String medium) {}

    private static final String[] UNKNOWN_SEGMENTS = {"nope", "SIGNING", "Signing", "SMARTPHONE", "tablet", "user_auth", "card2",
        "signing.crl", "0", "x".repeat(300)};
    private static final String[] HOSTILE_SEGMENTS = {"", "..", ".", "%00", "%2F", "%", "%zz", "a%20b", ";x=1", "%E3%81%82",
        "%C0%AE%C0%AE"};

    /** Longer request targets may be refused by the server before routing (its request line limit is 8 KiB). */
    private static final int MAX_TARGET = 7 * 1024;

    private final Random random;
    private final HostileBytes bytes;
    private final List<Route> routes;
    /** Real, well-formed requests for the holder's certificates. */
    private final List<byte[]> requests;
    /** DER that is not an OCSP request: a certificate, an OCSP response, and so on. */
    private final List<byte[]> otherDer;
    private final int limit;

    HostileOcspRequests(Random random, List<Route> routes, List<byte[]> requests, List<byte[]> otherDer, int limit) {
        this.random = random;
        this.bytes = new HostileBytes(random);
        this.routes = routes;
        this.requests = requests;
        this.otherDer = otherDer;
        this.limit = limit;
    }

    OcspCase next() {
        List<String> how = new ArrayList<>();
        Route route = routes.get(random.nextInt(routes.size()));
        String ca = route.ca();
        String medium = route.medium();
        Expect expect = Expect.OCSP_ANSWER;
        boolean speltOtherwise = false;
        int pick = random.nextInt(100);
        if (pick < 6) {
            boolean caWrong = random.nextBoolean();
            String unknown = UNKNOWN_SEGMENTS[random.nextInt(UNKNOWN_SEGMENTS.length)];
            ca = caWrong ? unknown : ca;
            medium = caWrong ? medium : unknown;
            expect = Expect.NOT_FOUND;
            how.add("unknown " + (caWrong ? "CA " : "medium ") + (unknown.length() > 20 ? "of " + unknown.length() + " characters" : unknown));
        } else if (pick < 9) {
            boolean caWrong = random.nextBoolean();
            String hostile = HOSTILE_SEGMENTS[random.nextInt(HOSTILE_SEGMENTS.length)];
            ca = caWrong ? hostile : ca;
            medium = caWrong ? medium : hostile;
            // none of them names a responder, or the server refuses it before routing
            expect = Expect.NOT_FOUND_OR_BAD_REQUEST;
            how.add("hostile " + (caWrong ? "CA " : "medium ") + "segment " + hostile);
        } else if (pick < 11) {
            // the same responder spelt otherwise: a path parameter is cut from the path, an escape decoded
            speltOtherwise = true;
            if (random.nextBoolean()) {
                ca = ca + ";x=1";
                how.add("a path parameter on the CA segment");
            } else {
                ca = String.format("%%%02X", (int) ca.charAt(0)) + ca.substring(1);
                how.add("the CA segment's first character percent-encoded");
            }
        }
        String base = "/pki/ocsp/" + ca + "/" + medium;
        int method = random.nextInt(100);
        if (method < 4) {
            String[] others = {"PUT", "DELETE", "PATCH", "FUZZ"};
            String m = others[random.nextInt(others.length)];
            how.add("method " + m);
            return new OcspCase(new RawHttp.Request(m, ascii(base), List.of(), der().bytes(), Framing.LENGTH), Expect.REFUSED, false,
                    String.join(", ", how));
        }
        Der der = der();
        how.add(der.how());
        if (method < 52) {
            return post(base, der, expect, how);
        }
        // a GET's request is read from the path as sent, after the responder's path as routed: spelt otherwise, the two
        // do not line up, and the request is malformed
        return get(base, speltOtherwise ? new Der(der.bytes(), der.how(), false) : der, expect, how);
    }

    private OcspCase post(String base, Der der, Expect expect, List<String> how) {
        List<Header> headers = new ArrayList<>();
        int pick = random.nextInt(100);
        if (pick < 75) {
            headers.add(Header.of("Content-Type", "application/ocsp-request"));
        } else {
            String[] types = {null, "", "text/plain", "application/json", "application/x-www-form-urlencoded", "multipart/form-data",
                "multipart/form-data; boundary=fuzz", "a/b/c", ";;;", "application/ocsp-request; charset=bogus",
                "application/ocsp-response", "*/*"};
            String type = types[random.nextInt(types.length)];
            if (type != null) {
                headers.add(Header.of("Content-Type", type));
            }
            how.add("Content-Type " + type);
        }
        int framingPick = random.nextInt(100);
        Framing framing = framingPick < 8 ? Framing.CHUNKED : framingPick < 12 ? Framing.SHORT_LENGTH
                : framingPick < 14 ? Framing.NONE : framingPick < 16 ? Framing.HUGE_LENGTH : Framing.LENGTH;
        if (framing != Framing.LENGTH) {
            how.add("framing " + framing);
        }
        boolean unmodified = der.unmodified() && framing != Framing.SHORT_LENGTH && framing != Framing.NONE
                && framing != Framing.HUGE_LENGTH;
        return new OcspCase(new RawHttp.Request("POST", ascii(base), headers, der.bytes(), framing), expect, unmodified,
                "POST " + String.join(", ", how));
    }

    private OcspCase get(String base, Der der, Expect expect, List<String> how) {
        String b64 = Base64.getEncoder().encodeToString(der.bytes());
        String path;
        boolean unmodified = der.unmodified();
        Expect expected = expect;
        int pick = random.nextInt(100);
        if (pick < 45) {
            path = URLEncoder.encode(b64, StandardCharsets.UTF_8);
        } else if (pick < 60) {
            // as some clients send it: '/' left as it is
            path = b64.replace("+", "%2B").replace("=", "%3D");
            how.add("'/' unescaped");
        } else if (pick < 70) {
            path = b64;
            how.add("base64 unescaped");
            unmodified = unmodified && !b64.contains("+");
        } else if (pick < 80) {
            String[] bad = {"!!", "====", "A", "AB=", "A===", "-_-_", "AAAA AAAA", "%", "%Z1", "%2", "%%", "%+1", "%-1", "%u0041",
                "%0", "%%41", "%G0", "AAA%", "%2F%2F%2F", "%3D%3D%3D%3D"};
            String b = bad[random.nextInt(bad.length)];
            int at = random.nextInt(b64.length() + 1);
            path = URLEncoder.encode(b64.substring(0, at), StandardCharsets.UTF_8) + b
                    + URLEncoder.encode(b64.substring(at), StandardCharsets.UTF_8);
            how.add("bad base64 or escape " + b + " at " + at);
            unmodified = false;
            // a raw space or a lone '%' makes the request target one the server refuses before routing
            expected = refusableBeforeRouting(expected);
        } else if (pick < 85) {
            path = Base64.getUrlEncoder().encodeToString(der.bytes());
            how.add("base64url alphabet");
            unmodified = false;
        } else if (pick < 90) {
            path = URLEncoder.encode(b64, StandardCharsets.UTF_8) + "/" + "A".repeat(random.nextInt(40));
            how.add("a further segment");
            unmodified = false;
        } else if (pick < 95) {
            // longer than a request line may be (8 KiB): refused by the server, or answered malformedRequest
            path = "A".repeat(8 * 1024 + random.nextInt(40 * 1024));
            how.add("a request target of " + path.length() + " characters");
            unmodified = false;
            expected = refusableBeforeRouting(expected);
        } else {
            byte[] raw = HostileBytes.concat(ascii(base + "/"), "\u00e9\u30de".getBytes(StandardCharsets.UTF_8), ascii(b64));
            how.add("raw non-ASCII in the target");
            return new OcspCase(new RawHttp.Request("GET", raw, List.of(), null, Framing.NONE),
                    refusableBeforeRouting(expected), false, "GET " + String.join(", ", how));
        }
        if (base.length() + path.length() > MAX_TARGET) {
            expected = refusableBeforeRouting(expected);
        }
        return new OcspCase(new RawHttp.Request("GET", ascii(base + "/" + path), List.of(), null, Framing.NONE), expected,
                unmodified, "GET " + String.join(", ", how));
    }

    /** What is due when the request target may be one the server refuses (400) before it routes the request. */
    private static Expect refusableBeforeRouting(Expect expect) {
        return switch (expect) {
            case OCSP_ANSWER -> Expect.OCSP_ANSWER_OR_BAD_REQUEST;
            case NOT_FOUND -> Expect.NOT_FOUND_OR_BAD_REQUEST;
            default -> expect;
        };
    }

    private record Der(byte[] bytes, String how, boolean unmodified) {}

    private Der der() {
        byte[] real = requests.get(random.nextInt(requests.size()));
        int pick = random.nextInt(100);
        if (pick < 5) {
            return new Der(real, "a real request", true);
        }
        if (pick < 55) {
            HostileBytes.Variant v = bytes.mutate(real, 1 + random.nextInt(3));
            return new Der(v.bytes(), "real request, " + v.how(), false);
        }
        if (pick < 67) {
            byte[] b = bytes.randomBytes(random.nextBoolean() ? 64 : 3000);
            return new Der(b, b.length + " random bytes", false);
        }
        if (pick < 77) {
            byte[] other = otherDer.get(random.nextInt(otherDer.size()));
            HostileBytes.Variant v = random.nextBoolean() ? new HostileBytes.Variant(other, "as it is") : bytes.mutate(other, 1);
            return new Der(v.bytes(), "DER of another type (" + other.length + " bytes), " + v.how(), false);
        }
        if (pick < 85) {
            int[] tags = {0x31, 0x04, 0x02, 0xA0, 0x0C, 0x1F};
            int tag = tags[random.nextInt(tags.length)];
            byte[] b = real.clone();
            b[0] = (byte) tag;
            if (random.nextBoolean()) {
                // the request wrapped in an OCTET STRING
                b = HostileBytes.concat(new byte[] {0x04, (byte) 0x82, (byte) (real.length >> 8), (byte) real.length}, real);
                return new Der(b, "a request inside an OCTET STRING", false);
            }
            return new Der(b, String.format("the request's SEQUENCE tagged %02X", tag), false);
        }
        if (pick < 92) {
            boolean indefinite = random.nextBoolean();
            int depth = 1 + random.nextInt(indefinite ? limit / 2 : limit / 6);
            return new Der(HostileBytes.nested(depth, indefinite), (indefinite ? "indefinite" : "definite")
                    + " SEQUENCEs nested " + depth + " deep", false);
        }
        if (pick < 96) {
            int size = limit + 1 + random.nextInt(random.nextBoolean() ? 16 : 100_000);
            byte[] b = HostileBytes.concat(real, new byte[size - Math.min(size, real.length)]);
            return new Der(b, size + " bytes, over the limit of " + limit, false);
        }
        byte[] empty = new byte[0];
        return new Der(empty, "an empty body", false);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
