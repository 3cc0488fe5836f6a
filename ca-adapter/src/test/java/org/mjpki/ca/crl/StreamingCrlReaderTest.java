package org.mjpki.ca.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader against CRLs made by Bouncy Castle's own builder: the same entries, reasons, numbers and times as
 * Bouncy Castle's parser reads, complete and delta, RSA and ECDSA; and every CRL that must not be used refused.
 */
class StreamingCrlReaderTest {

    private static final X500Name ISSUER = new X500Name("C=JP, O=JPKI, OU=Card Signing CA");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static KeyPair rsa;
    private static KeyPair other;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        other = generator.generateKeyPair();
    }

    private static X509v2CRLBuilder builder(long crlNumber) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(ISSUER, Date.from(NOW));
        b.setNextUpdate(Date.from(NOW.plus(1, ChronoUnit.DAYS)));
        b.addExtension(Extension.cRLNumber, false, new ASN1Integer(crlNumber));
        b.addExtension(Extension.issuingDistributionPoint, true, new IssuingDistributionPoint(
                new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        "http://localhost/pki/crl/signing/card/0.crl"))), false, false));
        return b;
    }

    private static byte[] complete(KeyPair key, String algorithm) throws Exception {
        X509v2CRLBuilder b = builder(7);
        b.addCRLEntry(BigInteger.valueOf(1), Date.from(NOW.minusSeconds(3600)), CRLReason.keyCompromise);
        b.addCRLEntry(new BigInteger("7fffffffffffffffffff", 16), Date.from(NOW.minusSeconds(60)), (org.bouncycastle.asn1.x509.Extensions) null);
        b.addCRLEntry(BigInteger.valueOf(3), Date.from(NOW.minusSeconds(10)), CRLReason.certificateHold);
        return b.build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())).getEncoded();
    }

    private static List<StreamingCrlReader.Entry> entries(byte[] crl, KeyPair key, StreamingCrlReader.Summary[] summary) {
        List<StreamingCrlReader.Entry> read = new ArrayList<>();
        summary[0] = StreamingCrlReader.read(new ByteArrayInputStream(crl), key.getPublic(), read::add);
        return read;
    }

    @Test
    void aCompleteCrlIsReadAsBouncyCastleReadsIt() throws Exception {
        byte[] crl = complete(rsa, "SHA256withRSA");
        StreamingCrlReader.Summary[] summary = new StreamingCrlReader.Summary[1];
        List<StreamingCrlReader.Entry> read = entries(crl, rsa, summary);

        List<StreamingCrlReader.Entry> expected = new ArrayList<>();
        for (Object o : new X509CRLHolder(crl).getRevokedCertificates()) {
            X509CRLEntryHolder e = (X509CRLEntryHolder) o;
            Extension reason = e.getExtension(Extension.reasonCode);
            expected.add(new StreamingCrlReader.Entry(e.getSerialNumber(), e.getRevocationDate().toInstant(),
                    reason == null ? null : CRLReason.getInstance(reason.getParsedValue()).getValue().intValue()));
        }
        assertThat(read).containsExactlyElementsOf(expected).hasSize(3);
        assertThat(read.get(0).reasonCode()).isEqualTo(CRLReason.keyCompromise);
        assertThat(read.get(1).reasonCode()).isNull();
        assertThat(summary[0].crlNumber()).isEqualTo(7);
        assertThat(summary[0].isDelta()).isFalse();
        assertThat(summary[0].issuer()).isEqualTo(ISSUER);
        assertThat(summary[0].thisUpdate()).isEqualTo(NOW);
        assertThat(summary[0].nextUpdate()).isEqualTo(NOW.plus(1, ChronoUnit.DAYS));
        assertThat(summary[0].entries()).isEqualTo(3);
    }

    @Test
    void aDeltaCrlNamesItsBaseAndCarriesRemoveFromCrl() throws Exception {
        X509v2CRLBuilder b = builder(8);
        b.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(7));
        b.addCRLEntry(BigInteger.valueOf(3), Date.from(NOW), CRLReason.removeFromCRL);
        byte[] delta = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate())).getEncoded();
        StreamingCrlReader.Summary[] summary = new StreamingCrlReader.Summary[1];
        assertThat(entries(delta, rsa, summary)).containsExactly(new StreamingCrlReader.Entry(BigInteger.valueOf(3), NOW, 8));
        assertThat(summary[0].isDelta()).isTrue();
        assertThat(summary[0].baseCrlNumber()).isEqualTo(7);
        assertThat(summary[0].crlNumber()).isEqualTo(8);
    }

    @Test
    void anEmptyCrlAndAnEcdsaSignedOneAreRead() throws Exception {
        byte[] empty = builder(1).build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate())).getEncoded();
        StreamingCrlReader.Summary[] summary = new StreamingCrlReader.Summary[1];
        assertThat(entries(empty, rsa, summary)).isEmpty();
        assertThat(summary[0].entries()).isZero();

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        assertThat(entries(complete(ec, "SHA256withECDSA"), ec, summary)).hasSize(3);
    }

    @Test
    void aCrlThatIsNotAuthenticIsRefused() throws Exception {
        byte[] crl = complete(rsa, "SHA256withRSA");
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(crl), other.getPublic(), e -> { }))
                .isInstanceOf(InvalidCrlException.class).hasMessageContaining("does not verify");
        // one serial changed: read to the end, then refused
        byte[] serial = new BigInteger("7fffffffffffffffffff", 16).toByteArray();
        int at = indexOf(crl, serial);
        byte[] tampered = crl.clone();
        tampered[at + 3] ^= 1;
        List<StreamingCrlReader.Entry> staged = new ArrayList<>();
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(tampered), rsa.getPublic(), staged::add))
                .isInstanceOf(InvalidCrlException.class).hasMessageContaining("does not verify");
        assertThat(staged).as("entries came before the verdict: the caller must drop them").hasSize(3);
    }

    @Test
    void aTruncatedMalformedOrOverlongCrlIsRefused() throws Exception {
        byte[] crl = complete(rsa, "SHA256withRSA");
        for (int cut : new int[] {0, 1, 10, crl.length / 2, crl.length - 1}) {
            assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(Arrays.copyOf(crl, cut)), rsa.getPublic(), e -> { }))
                    .as("cut at %d", cut).isInstanceOf(InvalidCrlException.class);
        }
        byte[] trailing = Arrays.copyOf(crl, crl.length + 1);
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(trailing), rsa.getPublic(), e -> { }))
                .isInstanceOf(InvalidCrlException.class).hasMessageContaining("after the CRL");
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(new byte[] {0x30, (byte) 0x80, 0x30, 0x00}),
                rsa.getPublic(), e -> { })).isInstanceOf(InvalidCrlException.class).hasMessageContaining("indefinite");
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(new byte[] {0x04, 0x01, 0x00}),
                rsa.getPublic(), e -> { })).isInstanceOf(InvalidCrlException.class);
        // an entry claiming a megabyte: refused before it is read
        byte[] huge = {0x30, (byte) 0x84, 0x10, 0, 0, 0, 0x30, (byte) 0x84, 0x10, 0, 0, 0, 0x02, 0x01, 0x01,
            0x30, (byte) 0x83, 0x10, 0, 0};
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(huge), rsa.getPublic(), e -> { }))
                .isInstanceOf(InvalidCrlException.class).hasMessageContaining("larger than");
    }

    @Test
    void anUnrecognizedCriticalExtensionMakesTheCrlUnusable() throws Exception {
        X509v2CRLBuilder b = builder(9);
        b.addExtension(new ASN1ObjectIdentifier("1.2.3.4.5"), true, new DEROctetString(new byte[] {1}));
        byte[] crl = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate())).getEncoded();
        assertThatThrownBy(() -> StreamingCrlReader.read(new ByteArrayInputStream(crl), rsa.getPublic(), e -> { }))
                .isInstanceOf(InvalidCrlException.class).hasMessageContaining("unrecognized critical extension");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
