package org.mjpki.webapp.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Hostile variants of DER (a CMS, an OCSP request): truncated, bit-flipped, bytes inserted or cut, ASN.1 tags of the
 * wrong type, lengths that are huge, indefinite or off by a few, elements repeated, garbage appended. Each variant says
 * how it was made, never its bytes (a signed document carries the test holder's certificate).
 */
final class HostileBytes {

    /** A variant and how it was made. */
    record Variant(byte[] bytes, String how) {}

    private static final int[] WRONG_TAGS = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A, 0x0C, 0x13, 0x17, 0x18, 0x30, 0x31, 0xA0,
        0xA1, 0xA3, 0x80, 0x1F, 0xFF, 0x00};

    private final Random random;

    HostileBytes(Random random) {
        this.random = random;
    }

    byte[] randomBytes(int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }

    /** {@code count} mutations of {@code seed}, one after the other. */
    Variant mutate(byte[] seed, int count) {
        byte[] b = seed.clone();
        List<String> how = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Variant v = mutateOnce(b);
            b = v.bytes();
            how.add(v.how());
        }
        return new Variant(b, String.join(", ", how) + " (" + seed.length + " -> " + b.length + " bytes)");
    }

    private Variant mutateOnce(byte[] seed) {
        if (seed.length == 0) {
            return new Variant(randomBytes(64), "random bytes for an empty seed");
        }
        List<Tlv> tlvs = tlvs(seed);
        Tlv tlv = tlvs.isEmpty() ? null : tlvs.get(random.nextInt(tlvs.size()));
        int pos = random.nextInt(seed.length);
        switch (random.nextInt(11)) {
            case 0 -> {
                return new Variant(Arrays.copyOf(seed, pos), "truncated at " + pos);
            }
            case 1 -> {
                byte[] b = seed.clone();
                int bit = random.nextInt(8);
                b[pos] ^= (byte) (1 << bit);
                return new Variant(b, "bit " + bit + " of byte " + pos + " flipped");
            }
            case 2 -> {
                byte[] b = seed.clone();
                b[pos] = (byte) random.nextInt(256);
                return new Variant(b, "byte " + pos + " set");
            }
            case 3 -> {
                int n = 1 + random.nextInt(Math.min(64, seed.length - pos));
                return new Variant(concat(Arrays.copyOf(seed, pos), Arrays.copyOfRange(seed, pos + n, seed.length)),
                        n + " bytes cut at " + pos);
            }
            case 4 -> {
                byte[] inserted = randomBytes(16);
                return new Variant(concat(Arrays.copyOf(seed, pos), inserted, Arrays.copyOfRange(seed, pos, seed.length)),
                        inserted.length + " bytes inserted at " + pos);
            }
            case 5 -> {
                if (tlv == null) {
                    break;
                }
                byte[] b = seed.clone();
                int tag = WRONG_TAGS[random.nextInt(WRONG_TAGS.length)];
                b[tlv.tagOffset] = (byte) tag;
                return new Variant(b, String.format("tag at %d set to %02X", tlv.tagOffset, tag));
            }
            case 6 -> {
                if (tlv == null) {
                    break;
                }
                byte[][] lengths = {{(byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                    {(byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                    {(byte) 0x88, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                    {(byte) 0x8F, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {(byte) 0x80}, {(byte) 0xFF},
                    {(byte) 0x82, 0x00, 0x01}, {(byte) 0x81, 0x05}};
                byte[] length = lengths[random.nextInt(lengths.length)];
                return new Variant(concat(Arrays.copyOf(seed, tlv.lengthOffset), length,
                        Arrays.copyOfRange(seed, tlv.contentOffset, seed.length)),
                        String.format("length at %d replaced by a %d-byte one starting %02X", tlv.lengthOffset, length.length, length[0]));
            }
            case 7 -> {
                if (tlv == null || tlv.contentOffset - tlv.lengthOffset != 1) {
                    break;
                }
                byte[] b = seed.clone();
                int delta = random.nextBoolean() ? 1 + random.nextInt(3) : -1 - random.nextInt(3);
                b[tlv.lengthOffset] = (byte) Math.max(0, Math.min(0x7F, (b[tlv.lengthOffset] & 0xFF) + delta));
                return new Variant(b, "short length at " + tlv.lengthOffset + " off by " + delta);
            }
            case 8 -> {
                if (tlv == null) {
                    break;
                }
                byte[] element = Arrays.copyOfRange(seed, tlv.tagOffset, tlv.end());
                return new Variant(concat(Arrays.copyOf(seed, tlv.end()), element, Arrays.copyOfRange(seed, tlv.end(), seed.length)),
                        "element at " + tlv.tagOffset + " repeated");
            }
            case 9 -> {
                if (tlv == null || tlv.contentLength == 0) {
                    break;
                }
                byte[] b = seed.clone();
                byte[] noise = new byte[tlv.contentLength];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, b, tlv.contentOffset, noise.length);
                return new Variant(b, "content at " + tlv.contentOffset + " replaced by random bytes");
            }
            default -> {
                return new Variant(concat(seed, randomBytes(32)), "garbage appended");
            }
        }
        return new Variant(Arrays.copyOf(seed, pos), "truncated at " + pos);
    }

    /** A SEQUENCE nested {@code depth} times, definite or indefinite lengths, around {@code inner}. */
    static byte[] nested(int depth, boolean indefinite) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            out.write(0x30);
            out.write(indefinite ? 0x80 : 0x84);
            if (!indefinite) {
                int remaining = (depth - i - 1) * 6;
                out.write(remaining >>> 24);
                out.write(remaining >>> 16);
                out.write(remaining >>> 8);
                out.write(remaining);
            }
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One element of a DER encoding: where its tag, length and content are. */
    record Tlv(int tagOffset, int lengthOffset, int contentOffset, int contentLength) {
        int end() {
            return contentOffset + contentLength;
        }
    }

    /** The elements of {@code der} as far as it parses (definite lengths, low tag numbers), outermost first. */
    static List<Tlv> tlvs(byte[] der) {
        List<Tlv> found = new ArrayList<>();
        walk(der, 0, der.length, found, 0);
        return found;
    }

    private static void walk(byte[] der, int from, int to, List<Tlv> found, int depth) {
        int pos = from;
        while (pos + 2 <= to && depth < 32 && found.size() < 4096) {
            int tag = der[pos] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                return;
            }
            int lengthOffset = pos + 1;
            int first = der[lengthOffset] & 0xFF;
            int length;
            int contentOffset;
            if (first < 0x80) {
                length = first;
                contentOffset = lengthOffset + 1;
            } else {
                int n = first & 0x7F;
                if (n == 0 || n > 3 || lengthOffset + 1 + n > to) {
                    return;
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (der[lengthOffset + 1 + i] & 0xFF);
                }
                contentOffset = lengthOffset + 1 + n;
            }
            if (contentOffset + length > to) {
                return;
            }
            found.add(new Tlv(pos, lengthOffset, contentOffset, length));
            if ((tag & 0x20) != 0) {
                walk(der, contentOffset, contentOffset + length, found, depth + 1);
            }
            pos = contentOffset + length;
        }
    }
}
