package org.mjpki.simulator.card;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuedCertificate;

/** Makes test My Number cards: a simulated holder and a real card signing certificate from the embedded CA. */
public final class TestCardIssuer {

    private static final String[] NAMES = {"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健"};
    /** Districts; a random block and house number follow, so that no two test holders state the same four facts. */
    private static final String[] ADDRESSES = {"東京都千代田区霞が関二丁目", "大阪府大阪市北区中之島一丁目",
            "愛知県名古屋市中区三の丸三丁目"};

    private final CertificateAuthority ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TestCardIssuer(CertificateAuthority ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    public TestMyNumberCard newCard() {
        LocalDate birthDate = LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28));
        Holder holder = new Holder("holder-" + UUID.randomUUID(), NAMES[random.nextInt(NAMES.length)], birthDate,
                random.nextBoolean() ? "1" : "2", ADDRESSES[random.nextInt(ADDRESSES.length)]
                        + (1 + random.nextInt(99)) + "番" + (1 + random.nextInt(99)) + "号");
        return newCard(holder);
    }

    /** A card for {@code holder}, valid until the holder's fifth birthday from now (the JPKI signing term). */
    public TestMyNumberCard newCard(Holder holder) {
        KeyPair key = rsaKeyPair();
        IssuedCertificate certificate = ca.issue(new IssueRequest("card/" + holder.holderRef() + "/" + UUID.randomUUID(),
                CertificateProfile.CARD_SIGNING, key.getPublic(), holder, cardNotAfter(holder.birthDate())));
        return new TestMyNumberCard(holder, key, certificate.certificate());
    }

    private java.time.Instant cardNotAfter(LocalDate birthDate) {
        LocalDate today = LocalDate.now(clock);
        LocalDate fifthBirthday = birthDate.withYear(today.getYear() + 5);
        return fifthBirthday.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    private KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
