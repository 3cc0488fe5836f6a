package org.mjpki.lifecycle.jpki;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The small JSON objects a holder signs (a revocation on the phone, a hold release with the card), read strictly:
 * one object, no duplicate or unknown field, no trailing tokens, every field a string of the expected form. Every
 * refusal is an {@link InvalidApplicationException} naming the field, never its value.
 */
public final class StrictJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {}

    /** @param what the document in words for refusals, e.g. "request" */
    public static JsonNode object(byte[] bytes, Set<String> fields, String what) {
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidApplicationException("the " + what + " is not a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidApplicationException("the " + what + " is not a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            if (!fields.contains(names.next())) {
                throw new InvalidApplicationException("the " + what + " has an unknown field");
            }
        }
        return json;
    }

    public static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidApplicationException(field + " is required and must be a string");
        }
        return value.asText();
    }

    public static String matching(JsonNode json, String field, Pattern pattern) {
        String value = text(json, field);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidApplicationException(field + " is malformed");
        }
        return value;
    }

    public static Instant instant(JsonNode json, String field) {
        try {
            return Instant.parse(text(json, field));
        } catch (DateTimeParseException e) {
            throw new InvalidApplicationException(field + " is not an ISO-8601 instant");
        }
    }
}
