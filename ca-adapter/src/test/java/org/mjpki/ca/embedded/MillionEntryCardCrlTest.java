package org.mjpki.ca.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mjpki.ca.crl.StreamingCrlReader;

/**
 * Issue 14: a card CA's CRL of 1,000,000 entries is read correctly within bounded memory. The CRL is written by the
 * embedded CA's own encoder (every reason code, serials of several lengths), saved to a file, and read by
 * {@link StreamingCrlReader} in a JVM of its own whose heap (32 MB) is smaller than the CRL: a reader that kept the
 * CRL or its entries would run out of memory there.
 */
class MillionEntryCardCrlTest {

    static final int ENTRIES = 1_000_000;
    static final String HEAP = "-Xmx32m";

    /** The serial of entry i: several lengths, never the same twice. */
    static BigInteger serial(int i) {
        return BigInteger.valueOf(i).shiftLeft(i % 3 == 0 ? 8 : i % 3 == 1 ? 40 : 72).add(BigInteger.valueOf(i % 251 + 1));
    }

    /** Every RFC 5280 reason but 7 (unused), and none (-1). */
    static int reason(int i) {
        int[] reasons = {-1, 1, 2, 3, 4, 5, 6, 8, 9, 10};
        return reasons[i % reasons.length];
    }

    @Test
    void aMillionEntryCrlIsReadInAHeapSmallerThanTheCrl(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        CrlEncoder encoder = new CrlEncoder(new X500Name("C=JP, O=JPKI, OU=Card Signing CA"), Date.from(now),
                Date.from(now.plusSeconds(86_400)));
        BigInteger serialSum = BigInteger.ZERO;
        long reasonSum = 0;
        for (int i = 0; i < ENTRIES; i++) {
            encoder.add(serial(i), Date.from(now.minusSeconds(i)), reason(i));
            serialSum = serialSum.add(serial(i));
            reasonSum += Math.max(reason(i), 0);
        }
        byte[] crl = encoder.sign(new Extensions(new Extension(Extension.cRLNumber, false,
                new ASN1Integer(42).getEncoded())), new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()));
        Path crlFile = dir.resolve("card.crl");
        Files.write(crlFile, crl);
        Path keyFile = dir.resolve("issuer.key");
        Files.write(keyFile, key.getPublic().getEncoded());
        crl = null;
        assertThat(Files.size(crlFile)).as("the CRL is larger than the reading JVM's heap").isGreaterThan(32L << 20);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process reader = new ProcessBuilder(java, HEAP, "-cp", System.getProperty("java.class.path"),
                CardCrlProbe.class.getName(), crlFile.toString(), keyFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reader.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(reader.exitValue()).as(out).isZero();
        System.out.println("card CRL of " + ENTRIES + " entries, " + Files.size(crlFile) + " bytes, read with " + HEAP + ": " + out.strip());
        assertThat(out).contains("entries=" + ENTRIES, "crlNumber=42", "serialSum=" + serialSum, "reasonSum=" + reasonSum,
                "removeFromCrl=" + ENTRIES / 10);
    }

    /** Reads the CRL in its own JVM and prints what it found. */
    public static final class CardCrlProbe {
        public static void main(String[] args) throws Exception {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(Path.of(args[1]))));
            BigInteger[] serialSum = {BigInteger.ZERO};
            long[] reasons = {0, 0};
            StreamingCrlReader.Summary summary;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])))) {
                summary = StreamingCrlReader.read(in, key, e -> {
                    serialSum[0] = serialSum[0].add(e.serial());
                    if (e.reasonCode() != null) {
                        reasons[0] += e.reasonCode();
                        if (e.reasonCode() == 8) {
                            reasons[1]++;
                        }
                    }
                });
            }
            System.out.println(String.join(" ", List.of("entries=" + summary.entries(), "crlNumber=" + summary.crlNumber(),
                    "serialSum=" + serialSum[0], "reasonSum=" + reasons[0], "removeFromCrl=" + reasons[1],
                    "maxHeap=" + Runtime.getRuntime().maxMemory())));
        }
    }
}
