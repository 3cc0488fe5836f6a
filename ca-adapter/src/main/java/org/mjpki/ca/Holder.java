package org.mjpki.ca;

import java.time.LocalDate;

/**
 * The holder of a certificate.
 *
 * @param holderRef the CA's opaque reference of the person; stored in the {@code ca} schema, never put in a certificate
 * @param name      氏名 (signing profiles only)
 * @param birthDate 生年月日 (signing profiles only)
 * @param sex       性別 (signing profiles only): {@code "1"}/{@code "M"}/{@code "MALE"} male,
 *                  {@code "2"}/{@code "F"}/{@code "FEMALE"} female, {@code "3"}/{@code "X"} other/unknown
 * @param address   住所 (signing profiles only)
 */
public record Holder(String holderRef, String name, LocalDate birthDate, String sex, String address) {

    /** A holder for user-authentication profiles, which carry no personal data. */
    public static Holder anonymous(String holderRef) {
        return new Holder(holderRef, null, null, null, null);
    }

    /** Personal data stays out of logs. */
    @Override
    public String toString() {
        return "Holder[holderRef=" + holderRef + ", basic facts redacted]";
    }
}
