package org.mjpki.ca.embedded;

/**
 * How deeply DER nests, measured without recursion. Bouncy Castle parses nested elements recursively, each level a few
 * stack frames deeper, so a few kilobytes of nothing but nested SEQUENCEs overflow a thread's stack (a
 * StackOverflowError, which nothing that calls a parser expects) before they fail as malformed. Bytes from outside are
 * measured here before a parser sees them.
 */
final class DerNesting {

    private static final int INDEFINITE = -1;

    private DerNesting() {}

    /**
     * Whether constructed elements nest more than {@code max} deep anywhere in {@code der}, as far as it is well-formed
     * (where it stops being well-formed, so does a parser: what lies beyond is never parsed).
     */
    static boolean deeperThan(byte[] der, int max) {
        int[] ends = new int[max]; // where each open constructed element ends: an offset, or INDEFINITE
        int depth = 0;
        int p = 0;
        while (p < der.length) {
            if (depth > 0) {
                int end = ends[depth - 1];
                if (end == INDEFINITE ? p + 1 < der.length && der[p] == 0 && der[p + 1] == 0 : p >= end) {
                    depth--;
                    p += end == INDEFINITE ? 2 : 0;
                    continue;
                }
            }
            int tag = der[p++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) { // a high tag number: base-128 digits follow
                while (p < der.length && (der[p] & 0x80) != 0) {
                    p++;
                }
                p++;
            }
            if (p >= der.length) {
                return false;
            }
            int first = der[p++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                length = INDEFINITE;
            } else {
                int n = first & 0x7F;
                if (n > 4 || p + n > der.length) {
                    return false;
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (der[p++] & 0xFF);
                }
            }
            if ((tag & 0x20) != 0) {
                if (depth == max) {
                    return true;
                }
                ends[depth++] = length == INDEFINITE ? INDEFINITE : (int) Math.min(Integer.MAX_VALUE, p + length);
            } else {
                if (length == INDEFINITE || p + length > der.length) {
                    return false;
                }
                p += (int) length;
            }
        }
        return false;
    }
}
