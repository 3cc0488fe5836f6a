package org.mjpki.webapp.issuance;

import java.time.Duration;

/** The {@code wait} preference of RFC 7240 ({@code Prefer: wait=20}), capped at {@link ApplicationStatusWaits#LONGEST_WAIT}. */
final class PreferWait {

    private PreferWait() {}

    /** Zero when absent; a malformed preference is refused, as bad input must be. */
    static Duration parse(String prefer) {
        if (prefer == null || prefer.isBlank()) {
            return Duration.ZERO;
        }
        for (String preference : prefer.split(",")) {
            String[] nameValue = preference.split(";", 2)[0].trim().split("=", 2);
            if (nameValue[0].trim().equalsIgnoreCase("wait")) {
                String value = nameValue.length == 2 ? nameValue[1].trim() : "";
                if (!value.matches("\\d{1,6}")) {
                    throw new BadRequestException("Prefer: wait takes a number of seconds");
                }
                Duration wait = Duration.ofSeconds(Long.parseLong(value));
                return wait.compareTo(ApplicationStatusWaits.LONGEST_WAIT) > 0 ? ApplicationStatusWaits.LONGEST_WAIT : wait;
            }
        }
        return Duration.ZERO; // other preferences are not ours to refuse (RFC 7240: ignore what is not understood)
    }
}
