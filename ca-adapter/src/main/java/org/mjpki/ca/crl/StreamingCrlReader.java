package org.mjpki.ca.crl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Reads an X.509 v2 CRL (RFC 5280 §5) as a stream, so that a card CA's CRL of millions of entries is read in memory
 * bounded by its largest single element, not by its size. Each revoked-certificate entry goes to the caller as it is
 * read; the signature over the whole {@code tbsCertList} is computed on the way and checked at the end.
 *
 * <p>Entries therefore reach the caller <em>before</em> the CRL is known to be authentic: a caller stages them and keeps
 * them only when {@link #read} returns; an {@link InvalidCrlException} (bad signature, truncated, malformed, an
 * unrecognized critical extension, trailing bytes) means none of them may be used. Only DER with definite lengths is
 * accepted (RFC 5280 requires DER); indirect CRLs (entries naming another issuer) are refused.
 */
public final class StreamingCrlReader {

    /** One revoked certificate. {@code reasonCode} is null when the entry has none; 8 is removeFromCRL (delta CRLs). */
    public record Entry(BigInteger serial, Instant revocationDate, Integer reasonCode) {}

    /**
     * What the CRL says of itself, once its signature verified.
     *
     * @param baseCrlNumber the deltaCRLIndicator: the complete CRL this delta applies to; null for a complete CRL
     */
    public record Summary(X500Name issuer, Instant thisUpdate, Instant nextUpdate, BigInteger crlNumber,
                          BigInteger baseCrlNumber, long entries) {
        public boolean isDelta() {
            return baseCrlNumber != null;
        }
    }

    /** The largest single element read whole: an entry, the issuer, the extensions. Larger means a hostile CRL. */
    static final int MAX_ELEMENT = 64 * 1024;
    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_INTEGER = 0x02;
    private static final int TAG_UTC_TIME = 0x17;
    private static final int TAG_GENERALIZED_TIME = 0x18;
    private static final int TAG_EXTENSIONS = 0xA0;
    /** The CRL extensions this reader understands; any other critical one makes the CRL unusable (RFC 5280 §5.2). */
    private static final Set<ASN1ObjectIdentifier> KNOWN_CRL_EXTENSIONS = Set.of(Extension.cRLNumber,
            Extension.deltaCRLIndicator, Extension.authorityKeyIdentifier, Extension.issuingDistributionPoint,
            Extension.freshestCRL);
    private static final Set<ASN1ObjectIdentifier> KNOWN_ENTRY_EXTENSIONS = Set.of(Extension.reasonCode,
            Extension.invalidityDate);

    private StreamingCrlReader() {}

    /**
     * Reads the CRL on {@code in} to the stream's end (bytes after the CRL are refused), handing each entry to
     * {@code entries}, and checks its signature with {@code issuerKey}.
     */
    public static Summary read(InputStream in, PublicKey issuerKey, Consumer<Entry> entries) {
        try {
            InputStream buffered = new BufferedInputStream(in, 64 * 1024);
            Summary summary = new Parse(buffered, issuerKey).run(entries);
            if (buffered.read() != -1) {
                throw new InvalidCrlException("the stream goes on after the CRL");
            }
            return summary;
        } catch (EOFException e) {
            throw new InvalidCrlException("the CRL ends early");
        } catch (IOException e) {
            throw new InvalidCrlException("the CRL cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new InvalidCrlException("the CRL is malformed: " + e.getMessage());
        }
    }

    /** One pass over one CRL: a DER reader that also feeds the signature verifier while inside {@code tbsCertList}. */
    private static final class Parse {
        private final InputStream in;
        private final PublicKey issuerKey;
        private long position;
        /** Where the bytes of tbsCertList go: a small buffer until its signature algorithm is known, then the verifier. */
        private OutputStream tee;
        private ByteArrayOutputStream head;

        Parse(InputStream in, PublicKey issuerKey) {
            this.in = in;
            this.issuerKey = issuerKey;
        }

        Summary run(Consumer<Entry> entries) throws IOException {
            expectTag(TAG_SEQUENCE, "CertificateList");
            long outerEnd = readLength() + position;
            head = new ByteArrayOutputStream();
            tee = head;
            expectTag(TAG_SEQUENCE, "tbsCertList");
            long tbsEnd = readLength() + position;

            int tag = readTag();
            if (tag == TAG_INTEGER) {
                ASN1Integer version = ASN1Integer.getInstance(element(tag));
                if (version.getValue().intValue() != 1) {
                    throw new InvalidCrlException("only version 2 CRLs are read");
                }
                tag = readTag();
            }
            require(tag == TAG_SEQUENCE, "signature algorithm");
            AlgorithmIdentifier algorithm = AlgorithmIdentifier.getInstance(element(tag));
            ContentVerifier verifier = verifier(algorithm);
            OutputStream signed = verifier.getOutputStream();
            signed.write(head.toByteArray());
            tee = signed;
            head = null;

            tag = readTag();
            require(tag == TAG_SEQUENCE, "issuer");
            X500Name issuer = X500Name.getInstance(element(tag));
            tag = readTag();
            require(tag == TAG_UTC_TIME || tag == TAG_GENERALIZED_TIME, "thisUpdate");
            Instant thisUpdate = time(element(tag));
            Instant nextUpdate = null;
            long count = 0;
            BigInteger crlNumber = null;
            BigInteger baseCrlNumber = null;
            tag = position < tbsEnd ? readTag() : -1;
            if (tag == TAG_UTC_TIME || tag == TAG_GENERALIZED_TIME) {
                nextUpdate = time(element(tag));
                tag = position < tbsEnd ? readTag() : -1;
            }
            if (tag == TAG_SEQUENCE) {
                long revokedEnd = readLength() + position;
                while (position < revokedEnd) {
                    int entryTag = readTag();
                    require(entryTag == TAG_SEQUENCE, "revoked certificate entry");
                    entries.accept(entry(ASN1Sequence.getInstance(element(entryTag))));
                    count++;
                }
                require(position == revokedEnd, "end of revokedCertificates");
                tag = position < tbsEnd ? readTag() : -1;
            }
            if (tag == TAG_EXTENSIONS) {
                ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(element(tag));
                Extensions extensions = Extensions.getInstance(tagged.getExplicitBaseObject());
                for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
                    if (!KNOWN_CRL_EXTENSIONS.contains(oid)) {
                        throw new InvalidCrlException("the CRL has an unrecognized critical extension " + oid);
                    }
                }
                crlNumber = integer(extensions, Extension.cRLNumber);
                baseCrlNumber = integer(extensions, Extension.deltaCRLIndicator);
                tag = -1;
            }
            require(tag == -1 && position == tbsEnd, "end of tbsCertList");

            tee = null;
            int algTag = readTag();
            require(algTag == TAG_SEQUENCE, "signatureAlgorithm");
            if (!AlgorithmIdentifier.getInstance(element(algTag)).equals(algorithm)) {
                throw new InvalidCrlException("the CRL's two signature algorithms differ");
            }
            ASN1BitString signature = ASN1BitString.getInstance(element(readTag()));
            require(position == outerEnd, "end of CertificateList");
            if (!verifier.verify(signature.getOctets())) {
                throw new InvalidCrlException("the CRL's signature does not verify with the issuer's key");
            }
            return new Summary(issuer, thisUpdate, nextUpdate, crlNumber, baseCrlNumber, count);
        }

        private ContentVerifier verifier(AlgorithmIdentifier algorithm) {
            try {
                return new JcaContentVerifierProviderBuilder().build(issuerKey).get(algorithm);
            } catch (OperatorCreationException e) {
                throw new InvalidCrlException("the CRL's signature algorithm " + algorithm.getAlgorithm() + " is not supported");
            }
        }

        private static Entry entry(ASN1Sequence entry) {
            require(entry.size() >= 2 && entry.size() <= 3, "revoked certificate entry");
            BigInteger serial = ASN1Integer.getInstance(entry.getObjectAt(0)).getPositiveValue();
            Instant date = Time.getInstance(entry.getObjectAt(1)).getDate().toInstant();
            Integer reason = null;
            if (entry.size() == 3) {
                Extensions extensions = Extensions.getInstance(entry.getObjectAt(2));
                for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                    if (oid.equals(Extension.certificateIssuer)) {
                        throw new InvalidCrlException("indirect CRLs are not read");
                    }
                    if (extensions.getExtension(oid).isCritical() && !KNOWN_ENTRY_EXTENSIONS.contains(oid)) {
                        throw new InvalidCrlException("an entry has an unrecognized critical extension " + oid);
                    }
                }
                Extension reasonCode = extensions.getExtension(Extension.reasonCode);
                if (reasonCode != null) {
                    reason = ASN1Enumerated.getInstance(reasonCode.getParsedValue()).intValueExact();
                }
            }
            return new Entry(serial, date, reason);
        }

        private static BigInteger integer(Extensions extensions, ASN1ObjectIdentifier oid) {
            Extension extension = extensions.getExtension(oid);
            return extension == null ? null : ASN1Integer.getInstance(extension.getParsedValue()).getValue();
        }

        private static Instant time(ASN1Primitive primitive) {
            return Time.getInstance(primitive).getDate().toInstant();
        }

        private static void require(boolean ok, String what) {
            if (!ok) {
                throw new InvalidCrlException("the CRL is malformed at " + what);
            }
        }

        private void expectTag(int tag, String what) throws IOException {
            require(readTag() == tag, what);
        }

        /** The rest of the element whose tag was just read: its length and content, parsed. */
        private ASN1Primitive element(int tag) throws IOException {
            long length = readLength();
            if (length > MAX_ELEMENT) {
                throw new InvalidCrlException("an element of the CRL is larger than " + MAX_ELEMENT + " bytes");
            }
            byte[] content = readFully((int) length);
            byte[] encoded = new byte[1 + lengthOfLength(length) + content.length];
            encoded[0] = (byte) tag;
            int p = writeLength(encoded, length);
            System.arraycopy(content, 0, encoded, p, content.length);
            return ASN1Primitive.fromByteArray(encoded);
        }

        private int readTag() throws IOException {
            int tag = readByte();
            if ((tag & 0x1F) == 0x1F) {
                throw new InvalidCrlException("the CRL uses a high tag number, which X.509 CRLs never do");
            }
            return tag;
        }

        private long readLength() throws IOException {
            int first = readByte();
            if (first < 0x80) {
                return first;
            }
            int octets = first & 0x7F;
            if (octets == 0 || octets > 4) {
                throw new InvalidCrlException("the CRL uses an indefinite or oversized length (DER only)");
            }
            long length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | readByte();
            }
            return length;
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            position++;
            if (tee != null) {
                tee.write(b);
            }
            return b;
        }

        private byte[] readFully(int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new EOFException();
            }
            position += length;
            if (tee != null) {
                tee.write(bytes);
            }
            return bytes;
        }

        private static int lengthOfLength(long length) {
            return length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5;
        }

        private static int writeLength(byte[] out, long length) {
            int n = lengthOfLength(length);
            if (n == 1) {
                out[1] = (byte) length;
                return 2;
            }
            out[1] = (byte) (0x80 | (n - 1));
            for (int i = 0; i < n - 1; i++) {
                out[2 + i] = (byte) (length >>> (8 * (n - 2 - i)));
            }
            return 1 + n;
        }
    }
}
