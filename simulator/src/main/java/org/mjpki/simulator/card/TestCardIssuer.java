package org.mjpki.simulator.card;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;

/**
 * Makes test My Number cards — a simulated holder and real card signing and user-auth certificates from the embedded
 * CA, through the {@link CardCertificateOffice} — and plays the town hall's card office: address changes, user-auth
 * revocations and renewals.
 */
public final class TestCardIssuer {

    private static final String[] NAMES = {"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健"};
    /** Districts; a random block and house number follow, so that no two test holders state the same four facts. */
    private static final String[] ADDRESSES = {"東京都千代田区霞が関二丁目", "大阪府大阪市北区中之島一丁目",
            "愛知県名古屋市中区三の丸三丁目"};

    private final CardCertificateOffice ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TestCardIssuer(CardCertificateOffice ca, Clock clock) {
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

    /** A card for {@code holder} with both certificates, valid until the holder's fifth birthday from now (the JPKI term). */
    public TestMyNumberCard newCard(Holder holder) {
        KeyPair key = rsaKeyPair();
        Instant notAfter = cardNotAfter(holder.birthDate());
        X509Certificate certificate = ca.issue(new IssueRequest("card/" + holder.holderRef() + "/" + UUID.randomUUID(),
                CertificateProfile.CARD_SIGNING, key.getPublic(), holder, notAfter));
        KeyPair userAuthKey = rsaKeyPair();
        X509Certificate userAuth = ca.issue(new IssueRequest("card/" + holder.holderRef() + "/ua/" + UUID.randomUUID(),
                CertificateProfile.CARD_USER_AUTH, userAuthKey.getPublic(), Holder.anonymous(holder.holderRef()), notAfter));
        return new TestMyNumberCard(holder, key, certificate, userAuthKey, userAuth);
    }

    /**
     * The holder moved (or changed name): the town hall revokes the card signing certificate (affiliationChanged, its
     * four facts changed) and writes a new one with the new address onto the same card; the user-auth certificate,
     * which carries no facts, stays (R4). Returns the card as it is now.
     */
    public TestMyNumberCard changeAddress(TestMyNumberCard card, String newAddress) {
        Holder old = card.holder();
        Holder moved = new Holder(old.holderRef(), old.name(), old.birthDate(), old.sex(), newAddress);
        ca.revoke("card-office/" + old.holderRef() + "/" + UUID.randomUUID(), refOf(card.signingCertificate(), IssuingCa.SIGNING),
                RevocationReason.AFFILIATION_CHANGED);
        KeyPair key = rsaKeyPair();
        X509Certificate certificate = ca.issue(new IssueRequest("card/" + old.holderRef() + "/" + UUID.randomUUID(),
                CertificateProfile.CARD_SIGNING, key.getPublic(), moved, card.signingCertificate().getNotAfter().toInstant()));
        return card.withSigning(moved, key, certificate);
    }

    /** The card's user-auth certificate is revoked (for example the holder asked for it to stop); the signing one stays. */
    public void revokeUserAuth(TestMyNumberCard card) {
        ca.revoke("card-office/" + card.holder().holderRef() + "/" + UUID.randomUUID(),
                refOf(card.userAuthCertificate(), IssuingCa.USER_AUTH), RevocationReason.CESSATION_OF_OPERATION);
    }

    /**
     * The card certificates are renewed near their end (or the card is returned, or replaced): both are revoked as
     * superseded, and for a renewal a new pair is issued. Returns the renewed card.
     */
    public TestMyNumberCard renew(TestMyNumberCard card) {
        String office = "card-office/" + card.holder().holderRef() + "/";
        ca.revoke(office + UUID.randomUUID(), refOf(card.signingCertificate(), IssuingCa.SIGNING), RevocationReason.SUPERSEDED);
        ca.revoke(office + UUID.randomUUID(), refOf(card.userAuthCertificate(), IssuingCa.USER_AUTH), RevocationReason.SUPERSEDED);
        return newCard(card.holder());
    }

    private static CertificateRef refOf(java.security.cert.X509Certificate certificate, IssuingCa ca) {
        return new CertificateRef(ca, certificate.getSerialNumber());
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
