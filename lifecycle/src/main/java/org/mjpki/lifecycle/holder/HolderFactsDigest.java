package org.mjpki.lifecycle.holder;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed digest of the four facts on a holder's card (name, date of birth, sex, address: JPKI's 基本4情報), so that
 * the call center can find a caller's set by what the caller says without the facts being stored anywhere (R10,
 * ADR 0018). HMAC-SHA-256 under a key that is not in the database: the digest neither gives the facts back nor can be
 * matched against a list of likely ones without the key.
 *
 * <p>The facts are normalized first, so that what a caller spells out over the phone matches what the card certificate
 * states: Unicode NFKC (full-width letters and digits become ASCII), no whitespace at all, the dashes of Japanese
 * addresses as one hyphen, Latin letters in upper case; sex as the JIS X 0303 code (1 male, 2 female, 9 not applicable;
 * M/F and the words are accepted).
 */
public final class HolderFactsDigest {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;
    /** Hyphens, dashes, the katakana prolonged sound mark and the minus sign, as written in 丁目-番地-号. */
    private static final String DASHES = "[\\u002D\\u2010-\\u2015\\u2212\\u30FC\\uFF0D\\uFF70]";

    private final SecretKeySpec key;

    public HolderFactsDigest(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the holder look-up key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** The digest of the four facts, 64 hex digits; refused when a fact is missing. */
    public String of(String name, LocalDate birthDate, String sex, String address) {
        if (birthDate == null) {
            throw new IllegalArgumentException("the date of birth is required");
        }
        String text = normalized("name", name) + '\u001F' + birthDate + '\u001F' + sexCode(sex) + '\u001F'
                + normalized("address", address);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    static String normalized(String fact, String value) {
        if (value == null) {
            throw new IllegalArgumentException("the " + fact + " is required");
        }
        String text = Normalizer.normalize(value, Normalizer.Form.NFKC)
                .replaceAll("\\s+", "")
                .replaceAll(DASHES, "-")
                .toUpperCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the " + fact + " is required");
        }
        return text;
    }

    /**
     * A seal over {@code parts} (an instance and the set it matched) with the same key: what a form submission cannot
     * forge, so a matched set cannot be swapped for another between the look-up and the hold. Domain-separated from
     * the facts' digest by a prefix no normalized fact text starts with (a NUL byte).
     */
    public String seal(String... parts) {
        StringBuilder text = new StringBuilder("\u0000mjpki-seal");
        for (String part : parts) {
            text.append('\u001F').append(part);
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }

    static String sexCode(String sex) {
        String s = normalized("sex", sex);
        return switch (s) {
            case "1", "M", "MALE", "男", "男性" -> "1";
            case "2", "F", "FEMALE", "女", "女性" -> "2";
            case "3", "9", "X", "OTHER" -> "9";
            default -> throw new IllegalArgumentException("the sex is not one the card states");
        };
    }
}
