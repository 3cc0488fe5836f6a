package org.mjpki.ca;

import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The holder's four basic facts (基本4情報) in a JPKI signing certificate's subjectAltName:
 * otherName entries under the arc {@code 1.2.392.200149.8.5.5} (configurable), each value an
 * explicitly tagged UTF8String:
 * <ul>
 *   <li>{@code .1} name (氏名)</li>
 *   <li>{@code .3} sex (性別): {@code 1} male, {@code 2} female, {@code 3} other/unknown</li>
 *   <li>{@code .4} birth date (生年月日): era digit (1 Meiji, 2 Taisho, 3 Showa, 4 Heisei, 5 Reiwa) then Gregorian {@code YYYYMMDD}</li>
 *   <li>{@code .5} address (住所)</li>
 * </ul>
 * ({@code .2} and {@code .6}, the substitute-character forms of name and address, are not produced.)
 */
public final class JpkiHolderFacts {
    public static final String DEFAULT_ARC = "1.2.392.200149.8.5.5";
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);

    private JpkiHolderFacts() {}

    /** The facts read back from a certificate. */
    public record Facts(String name, LocalDate birthDate, String sex, String address) {
        @Override
        public String toString() {
            return "Facts[redacted]";
        }
    }

    public static List<GeneralName> encode(Holder holder, String arc) {
        ASN1ObjectIdentifier base = new ASN1ObjectIdentifier(arc);
        List<GeneralName> names = new ArrayList<>(4);
        names.add(otherName(base.branch("1"), holder.name()));
        names.add(otherName(base.branch("4"), birthDate(holder.birthDate())));
        names.add(otherName(base.branch("3"), sexCode(holder.sex())));
        names.add(otherName(base.branch("5"), holder.address()));
        return names;
    }

    /** Reads the four facts; fields absent from the certificate are null. */
    public static Facts decode(X509Certificate certificate, String arc) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName", e);
        }
        String name = null, dob = null, sex = null, address = null;
        if (sans != null) {
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) != GeneralName.otherName || !(san.get(1) instanceof byte[] bytes)) {
                    continue;
                }
                try {
                    ASN1Sequence seq = otherNameSequence(bytes);
                    String oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
                    ASN1Encodable value = seq.getObjectAt(1);
                    while (value instanceof ASN1TaggedObject tagged) {   // the JDK hands the value over tagged twice
                        value = tagged.getExplicitBaseObject();
                    }
                    String text = ((ASN1String) value).getString();
                    if (oid.equals(arc + ".1")) name = text;
                    else if (oid.equals(arc + ".3")) sex = text;
                    else if (oid.equals(arc + ".4")) dob = text;
                    else if (oid.equals(arc + ".5")) address = text;
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("malformed otherName in subjectAltName", e);
                }
            }
        }
        LocalDate birth = dob == null || dob.length() != 9 ? null : LocalDate.parse(dob.substring(1), YYYYMMDD);
        return new Facts(name, birth, sex, address);
    }

    /** The OtherName SEQUENCE, whether the JDK handed over the bare SEQUENCE or the [0]-tagged GeneralName. */
    public static ASN1Sequence otherNameSequence(byte[] encoded) throws IOException {
        ASN1Primitive p = ASN1Primitive.fromByteArray(encoded);
        return p instanceof ASN1TaggedObject tagged ? ASN1Sequence.getInstance(tagged, false) : ASN1Sequence.getInstance(p);
    }

    /** Normalizes the accepted spellings of sex to the JPKI code; null when not recognized. */
    public static String sexCode(String sex) {
        if (sex == null) {
            return null;
        }
        return switch (sex.trim().toUpperCase(Locale.ROOT)) {
            case "1", "M", "MALE", "男" -> "1";
            case "2", "F", "FEMALE", "女" -> "2";
            case "3", "X", "OTHER", "UNKNOWN", "9" -> "3";
            default -> null;
        };
    }

    /** Era digit + Gregorian YYYYMMDD, as JPKI writes the birth date. */
    public static String birthDate(LocalDate date) {
        int era;
        if (!date.isBefore(LocalDate.of(2019, 5, 1))) era = 5;
        else if (!date.isBefore(LocalDate.of(1989, 1, 8))) era = 4;
        else if (!date.isBefore(LocalDate.of(1926, 12, 25))) era = 3;
        else if (!date.isBefore(LocalDate.of(1912, 7, 30))) era = 2;
        else era = 1;
        return era + YYYYMMDD.format(date);
    }

    private static GeneralName otherName(ASN1ObjectIdentifier oid, String value) {
        return new GeneralName(GeneralName.otherName,
                new DERSequence(new ASN1Encodable[] {oid, new DERTaggedObject(true, 0, new DERUTF8String(value))}));
    }
}
